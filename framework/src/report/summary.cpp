#include "report/summary.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <sstream>
#include <stdexcept>

#include "stats/descriptive.hpp"
#include "util/files.hpp"

namespace lrbench::report {
namespace {

using nlohmann::json;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

json number_or_null(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

json stat_json(const Stat& s) { return {{"mean", number_or_null(s.mean)}, {"std", number_or_null(s.std)}}; }

[[noreturn]] void bad_field(const std::string& field, const std::string& why) {
  throw std::runtime_error("scenario.json: field '" + field + "' " + why);
}

const json& require(const json& j, const char* field) {
  auto it = j.find(field);
  if (it == j.end()) bad_field(field, "is missing");
  return *it;
}

std::string require_string(const json& j, const char* field) {
  const json& v = require(j, field);
  if (!v.is_string()) bad_field(field, "must be a string");
  return v.get<std::string>();
}

json target_json(const std::optional<Target>& t) {
  if (!t) return nullptr;
  return {{"metric", t->metric}, {"value", t->value}};
}

double sample_std(const std::vector<double>& v) {
  if (v.size() < 2) return v.empty() ? kNaN : 0.0;
  double mean = 0;
  for (double x : v) mean += x;
  mean /= static_cast<double>(v.size());
  double ss = 0;
  for (double x : v) ss += (x - mean) * (x - mean);
  return std::sqrt(ss / static_cast<double>(v.size() - 1));
}

}  // namespace

std::size_t usable_epochs(const run::RunRecord& r) {
  std::size_t n = r.epochs.train_loss.size();
  if (r.status == run::RunStatus::diverged && r.diverged_epoch) {
    // The epochs before the 1-based diverged_epoch; none for epoch 1 or a
    // nonsensical value (record_from_json refuses those when reading).
    n = std::min(n, *r.diverged_epoch > 1 ? static_cast<std::size_t>(*r.diverged_epoch - 1) : std::size_t{0});
  }
  return n;
}

std::vector<std::vector<const run::RunRecord*>> runs_by_variant(const ScenarioMeta& meta,
                                                                const std::vector<run::RunRecord>& records,
                                                                std::size_t& stale) {
  // The plan: run id → variant.
  std::map<std::string, std::size_t> variant_of_id;
  for (std::size_t v = 0; v < meta.run_ids.size() && v < meta.variants.size(); ++v)
    for (const std::string& id : meta.run_ids[v]) variant_of_id.emplace(id, v);
  // The last record of each run id wins: a resumed scenario may append a run
  // again.
  std::map<std::string, std::size_t> last_of_id;
  for (std::size_t i = 0; i < records.size(); ++i) last_of_id[records[i].id] = i;

  stale = 0;
  std::vector<std::vector<const run::RunRecord*>> out(meta.variants.size());
  for (std::size_t i = 0; i < records.size(); ++i) {
    const auto& r = records[i];
    auto it = variant_of_id.find(r.id);
    if (it == variant_of_id.end()) {
      ++stale;
      continue;
    }
    if (last_of_id[r.id] == i) out[it->second].push_back(&r);
  }
  // Seed order, not file order: runs finish (and are appended) in any order
  // with --jobs > 1 or after --resume, and sums of doubles depend on their
  // order; the statistics must be bit-identical however the runs were made.
  for (auto& runs : out) {
    std::stable_sort(runs.begin(), runs.end(), [](const run::RunRecord* a, const run::RunRecord* b) {
      return std::pair(a->seed, a->id) < std::pair(b->seed, b->id);
    });
  }
  return out;
}

Stat mean_std(const std::vector<double>& values) {
  std::vector<double> finite;
  for (double v : values)
    if (std::isfinite(v)) finite.push_back(v);
  if (finite.empty()) return {kNaN, kNaN};
  double mean = 0;
  for (double v : finite) mean += v;
  mean /= static_cast<double>(finite.size());
  return {mean, sample_std(finite)};
}

std::optional<int> num_classes(const json& config) {
  if (!config.is_object()) return std::nullopt;
  if (auto d = config.find("data"); d != config.end() && d->is_object()) {
    if (auto c = d->find("centers"); c != d->end() && c->is_number_integer() && c->get<int>() > 0) return c->get<int>();
  }
  if (auto m = config.find("model"); m != config.end() && m->is_object()) {
    if (auto l = m->find("layers"); l != m->end() && l->is_array() && !l->empty()) {
      const json& last = l->back();
      if (last.is_object() && last.contains("units") && last["units"].is_number_integer() && last["units"].get<int>() > 1)
        return last["units"].get<int>();
    }
  }
  return std::nullopt;
}

namespace {

json lines_json(const std::vector<SetupLine>& lines) {
  json out = json::array();
  for (const SetupLine& l : lines) out.push_back({{"topic", l.topic}, {"text", l.text}});
  return out;
}

std::vector<SetupLine> lines_from_json(const json& j, const char* field) {
  std::vector<SetupLine> out;
  if (!j.is_array()) bad_field(field, "must be an array");
  for (const json& l : j) {
    if (!l.is_object() || !l.contains("topic") || !l["topic"].is_string() || !l.contains("text") ||
        !l["text"].is_string()) {
      bad_field(field, "must hold {\"topic\": string, \"text\": string} objects");
    }
    out.push_back({l["topic"].get<std::string>(), l["text"].get<std::string>()});
  }
  return out;
}

}  // namespace

json to_json(const ScenarioMeta& m) {
  json variants = json::array();
  for (std::size_t i = 0; i < m.variants.size(); ++i) {
    json v = {{"label", m.variants[i]},
              {"config", i < m.configs.size() ? m.configs[i] : json::object()},
              {"run_ids", i < m.run_ids.size() ? json(m.run_ids[i]) : json::array()}};
    if (i < m.variant_setup.size() && !m.variant_setup[i].empty()) v["setup_lines"] = lines_json(m.variant_setup[i]);
    variants.push_back(std::move(v));
  }
  json out = {
      {"format", kScenarioMetaFormat}, {"name", m.name},          {"description", m.description},
      {"setup", m.setup},              {"setup_lines", lines_json(m.setup_lines)},
      {"target", target_json(m.target)}, {"variants", variants},
      {"seeds", m.seeds},              {"partial", m.partial},    {"context", to_json(m.context)},
  };
  if (m.task != "classification") out["task"] = m.task;
  return out;
}

ScenarioMeta scenario_meta_from_json(const json& j) {
  if (!j.is_object()) throw std::runtime_error("scenario.json: expected a JSON object");
  const json& format = require(j, "format");
  if (format == 1)
    throw std::runtime_error("scenario.json: written by an older lrbench (format 1, without the plan's run ids); run "
                             "the scenario again (lrbench run --resume keeps the runs already recorded)");
  if (!format.is_number_integer() || format.get<int>() != kScenarioMetaFormat)
    bad_field("format", "must be " + std::to_string(kScenarioMetaFormat));
  ScenarioMeta m;
  m.name = require_string(j, "name");
  m.description = j.contains("description") && j["description"].is_string() ? j["description"].get<std::string>() : "";
  if (j.contains("setup")) m.setup = j["setup"];
  if (j.contains("setup_lines")) m.setup_lines = lines_from_json(j["setup_lines"], "setup_lines");
  if (j.contains("task")) {
    if (!j["task"].is_string() || (j["task"] != "classification" && j["task"] != "function")) {
      bad_field("task", "must be \"classification\" or \"function\"");
    }
    m.task = j["task"].get<std::string>();
  }
  if (j.contains("target") && !j["target"].is_null()) {
    const json& t = j["target"];
    if (!t.is_object() || !t.contains("metric") || !t["metric"].is_string() || !t.contains("value") ||
        !t["value"].is_number())
      bad_field("target", "must be null or {\"metric\": string, \"value\": number}");
    m.target = Target{t["metric"].get<std::string>(), t["value"].get<double>()};
  }
  const json& variants = require(j, "variants");
  if (!variants.is_array()) bad_field("variants", "must be an array");
  for (const json& v : variants) {
    if (!v.is_object() || !v.contains("label") || !v["label"].is_string())
      bad_field("variants", "must hold objects with a string 'label'");
    m.variants.push_back(v["label"].get<std::string>());
    m.configs.push_back(v.value("config", json::object()));
    m.variant_setup.push_back(v.contains("setup_lines") ? lines_from_json(v["setup_lines"], "variants.setup_lines")
                                                        : std::vector<SetupLine>{});
    const auto ids = v.find("run_ids");
    if (ids == v.end() || !ids->is_array()) bad_field("variants", "must hold a 'run_ids' array in every variant");
    m.run_ids.emplace_back();
    for (const json& id : *ids) {
      if (!id.is_string()) bad_field("variants", "must hold run ids that are strings");
      m.run_ids.back().push_back(id.get<std::string>());
    }
  }
  const json& seeds = require(j, "seeds");
  if (!seeds.is_array()) bad_field("seeds", "must be an array");
  for (const json& s : seeds) {
    if (!s.is_number_unsigned()) bad_field("seeds", "must hold non-negative integers");
    m.seeds.push_back(s.get<std::uint64_t>());
  }
  for (const auto& ids : m.run_ids)
    if (ids.size() != m.seeds.size()) bad_field("variants", "must hold one run id per seed in every variant");
  if (j.contains("partial")) {
    if (!j["partial"].is_boolean()) bad_field("partial", "must be true or false");
    m.partial = j["partial"].get<bool>();
  }
  if (j.contains("context")) m.context = provenance::context_from_json(j["context"]);
  return m;
}

ScenarioMeta read_scenario_meta(const std::filesystem::path& file, const util::InputLimits& limits) {
  const json j = util::read_json_file(file, limits);
  try {
    return scenario_meta_from_json(j);
  } catch (const std::exception& e) {
    throw util::BadFile(file.string() + ": " + e.what());
  }
}

void write_scenario_meta(const std::filesystem::path& file, const ScenarioMeta& meta) {
  util::write_file_atomically(file, to_json(meta).dump(2) + "\n");
}

Summary summarize(const ScenarioMeta& meta, const std::vector<run::RunRecord>& records) {
  std::size_t stale = 0;
  const auto by_variant = runs_by_variant(meta, records, stale);
  std::size_t recorded = 0;
  for (const auto& runs : by_variant) recorded += runs.size();
  Summary s = begin_summary(meta, recorded, stale);
  for (std::size_t v = 0; v < meta.variants.size(); ++v) add_variant(s, meta, v, by_variant[v]);
  return s;
}

Summary begin_summary(const ScenarioMeta& meta, std::size_t recorded, std::size_t stale) {
  Summary s;
  s.scenario = meta.name;
  s.function = meta.task == "function";
  s.target = meta.target;
  for (const auto& ids : meta.run_ids) s.expected_runs += static_cast<int>(ids.size());
  s.recorded_runs = static_cast<int>(recorded);
  s.stale_records = static_cast<int>(stale);
  if (stale > 0)
    s.warnings.push_back(std::to_string(stale) + " record" + (stale == 1 ? "" : "s") +
                         " of runs.jsonl belong to no run of this scenario's plan (recorded before the scenario or "
                         "its seeds changed) and are left out");
  s.partial = meta.partial || s.recorded_runs < s.expected_runs;
  return s;
}

void add_variant(Summary& s, const ScenarioMeta& meta, std::size_t v, const std::vector<const run::RunRecord*>& runs) {
  {
    VariantSummary vs;
    vs.label = meta.variants[v];
    vs.config = v < meta.configs.size() ? meta.configs[v] : json::object();
    std::vector<double> ftr_acc, fte_acc, ftr_loss, fte_loss, best_acc, best_ep, to_target, vol, wall, gradients;
    std::vector<double> fva_acc, fva_loss;  // with a validation split
    std::vector<double> fdist, best_gap;    // function tasks
    for (const run::RunRecord* r : runs) {
      ++vs.seeds;
      switch (r->status) {
        case run::RunStatus::ok: ++vs.ok; break;
        case run::RunStatus::diverged:
          ++vs.diverged;
          vs.diverged_seeds.push_back(r->seed);
          break;
        case run::RunStatus::failed:
          ++vs.failed;
          vs.errors.push_back("seed " + std::to_string(r->seed) + ": " + (r->error.empty() ? "(no reason given)" : r->error));
          continue;  // failed runs count, nothing more
      }
      wall.push_back(r->wall_seconds);
      if (r->updates > 0) {
        gradients.push_back(static_cast<double>(r->updates + r->extra_gradients) / static_cast<double>(r->updates));
      }
      const std::size_t n = usable_epochs(*r);
      if (n == 0) continue;
      const auto& e = r->epochs;
      if (e.test_accuracy.size() < n) {
        // A function task: the gap f − f* (train_loss) and the distance.
        ftr_loss.push_back(e.train_loss[n - 1]);
        if (e.distance.size() >= n) fdist.push_back(e.distance[n - 1]);
        std::size_t best = 0;
        for (std::size_t i = 1; i < n; ++i)
          if (e.train_loss[i] < e.train_loss[best] || std::isnan(e.train_loss[best])) best = i;
        best_gap.push_back(e.train_loss[best]);
        best_ep.push_back(static_cast<double>(best + 1));
        continue;
      }
      ftr_acc.push_back(e.train_accuracy[n - 1]);
      fte_acc.push_back(e.test_accuracy[n - 1]);
      ftr_loss.push_back(e.train_loss[n - 1]);
      fte_loss.push_back(e.test_loss[n - 1]);
      if (e.validation_accuracy.size() >= n && e.validation_loss.size() >= n) {
        fva_acc.push_back(e.validation_accuracy[n - 1]);
        fva_loss.push_back(e.validation_loss[n - 1]);
      }

      // NaN never compares greater, so a NaN accuracy cannot become the best.
      std::size_t best = 0;
      for (std::size_t i = 1; i < n; ++i)
        if (e.test_accuracy[i] > e.test_accuracy[best] || std::isnan(e.test_accuracy[best])) best = i;
      best_acc.push_back(e.test_accuracy[best]);
      best_ep.push_back(static_cast<double>(best + 1));

      if (meta.target) {
        const auto& series = meta.target->metric == "train_accuracy"        ? e.train_accuracy
                             : meta.target->metric == "validation_accuracy" ? e.validation_accuracy
                                                                            : e.test_accuracy;
        double reached = kInf;
        for (std::size_t i = 0; i < std::min(n, series.size()); ++i) {
          if (series[i] >= meta.target->value) {
            reached = static_cast<double>(i + 1);
            break;
          }
        }
        to_target.push_back(reached);
      }

      const std::size_t from = n > static_cast<std::size_t>(kVolatilityEpochs) ? n - kVolatilityEpochs : 0;
      std::vector<double> tail;
      for (std::size_t i = from; i < n; ++i)
        if (std::isfinite(e.test_accuracy[i])) tail.push_back(e.test_accuracy[i]);
      if (!tail.empty()) vol.push_back(sample_std(tail));
    }
    vs.final_train_accuracy = mean_std(ftr_acc);
    vs.final_test_accuracy = mean_std(fte_acc);
    vs.final_train_loss = mean_std(ftr_loss);
    vs.final_test_loss = mean_std(fte_loss);
    vs.best_test_accuracy = mean_std(best_acc);
    vs.final_validation_accuracy = mean_std(fva_acc);
    vs.final_validation_loss = mean_std(fva_loss);
    vs.final_distance = mean_std(fdist);
    vs.best_train_loss = mean_std(best_gap);
    if (!fva_acc.empty()) s.validation = true;
    vs.best_epoch = stats::lower_median(best_ep);
    if (meta.target) vs.epochs_to_target = to_target.empty() ? kInf : stats::lower_median(to_target);
    vs.volatility = mean_std(vol).mean;
    vs.wall_seconds = stats::median(wall);
    if (!gradients.empty()) vs.gradients_per_step = mean_std(gradients).mean;
    s.variants.push_back(std::move(vs));
  }
}

json to_json(const Summary& s) {
  json variants = json::array();
  for (const auto& v : s.variants) {
    json jv = {
        {"label", v.label},
        {"config", v.config},
        {"seeds", v.seeds},
        {"ok", v.ok},
        {"diverged", v.diverged},
        {"failed", v.failed},
        {"final_train_accuracy", stat_json(v.final_train_accuracy)},
        {"final_test_accuracy", stat_json(v.final_test_accuracy)},
        {"final_train_loss", stat_json(v.final_train_loss)},
        {"final_test_loss", stat_json(v.final_test_loss)},
        {"best_test_accuracy", stat_json(v.best_test_accuracy)},
        {"best_epoch", number_or_null(v.best_epoch)},
        {"volatility", number_or_null(v.volatility)},
        {"wall_seconds", number_or_null(v.wall_seconds)},
    };
    if (s.target) jv["epochs_to_target"] = number_or_null(v.epochs_to_target.value_or(kInf));
    if (s.function) {
      jv["final_distance"] = stat_json(v.final_distance);
      jv["best_train_loss"] = stat_json(v.best_train_loss);
    }
    if (s.validation) {
      jv["final_validation_accuracy"] = stat_json(v.final_validation_accuracy);
      jv["final_validation_loss"] = stat_json(v.final_validation_loss);
    }
    if (v.gradients_per_step != 1.0) jv["gradient_evaluations_per_step"] = number_or_null(v.gradients_per_step);
    variants.push_back(std::move(jv));
  }
  json out = {
      {"format", kSummaryFormat}, {"scenario", s.scenario},  {"partial", s.partial},
      {"target", target_json(s.target)}, {"variants", variants},
  };
  if (s.function) out["task"] = "function";
  return out;
}

}  // namespace lrbench::report
