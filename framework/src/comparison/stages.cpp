#include "comparison/stages.hpp"

#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "scenario/loader.hpp"
#include "util/hash.hpp"
#include "stats/descriptive.hpp"

namespace lrbench::comparison {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string run_id(const std::string& contender, const scenario::Variant& variant, std::uint64_t seed) {
  return fmt::format("{:016x}",
                     util::fnv1a64("compare/" + contender + "/" + variant.config.resolved.dump() + "/" +
                                       std::to_string(seed)));
}

const std::vector<double>* series(const run::EpochSeries& e, const std::string& metric) {
  if (metric == "train_loss") return &e.train_loss;
  if (metric == "train_accuracy") return &e.train_accuracy;
  if (metric == "test_loss") return &e.test_loss;
  if (metric == "test_accuracy") return &e.test_accuracy;
  if (metric == "validation_loss") return &e.validation_loss;
  if (metric == "validation_accuracy") return &e.validation_accuracy;
  return nullptr;
}

}  // namespace

std::vector<scenario::Run> tune_plan(const Comparison& c) {
  std::vector<scenario::Run> runs;
  for (std::size_t v = 0; v < c.tune.variants.size(); ++v) {
    const std::string& contender = c.contenders[c.trials[v].contender].name;
    for (const std::uint64_t seed : c.tuning_seeds) runs.push_back({run_id(contender, c.tune.variants[v], seed), v, seed});
  }
  return runs;
}

double final_value(const run::RunRecord& record, const std::string& metric) {
  if (record.status != run::RunStatus::ok) return kNaN;
  const std::vector<double>* values = series(record.epochs, metric);
  if (values == nullptr || values->empty()) return kNaN;
  return values->back();
}

std::vector<std::vector<double>> tuning_scores(const Comparison& c,
                                               const std::map<std::string, run::RunRecord>& records) {
  std::vector<std::vector<double>> scores(c.trials.size());
  for (const scenario::Run& r : tune_plan(c)) {
    const auto found = records.find(r.id);
    scores[r.variant].push_back(found == records.end() ? kNaN : final_value(found->second, c.select_on.name));
  }
  return scores;
}

Selection select(const Comparison& c, const std::vector<std::vector<double>>& scores) {
  Selection selection(c.tasks.size(), std::vector<std::optional<std::size_t>>(c.contenders.size()));
  std::vector<std::vector<double>> best(c.tasks.size(), std::vector<double>(c.contenders.size(), kNaN));
  const bool higher = c.select_on.direction == stats::Direction::higher_is_better;
  for (std::size_t i = 0; i < c.trials.size(); ++i) {
    if (stats::contains_nan(scores[i])) continue;  // a diverged or missing seed: not a candidate
    const double m = stats::mean(scores[i]);
    const Trial& t = c.trials[i];
    auto& chosen = selection[t.task][t.contender];
    double& b = best[t.task][t.contender];
    if (!chosen || (higher ? m > b : m < b)) {
      chosen = i;
      b = m;
    }
  }
  return selection;
}

ConfirmStage confirm_stage(const Comparison& c, const Selection& selection) {
  ConfirmStage stage;
  stage.scenario = c.tune;
  stage.scenario.variants.clear();
  stage.scenario.seeds = c.final_seeds;
  stage.variant_of.assign(c.tasks.size(), std::vector<std::optional<std::size_t>>(c.contenders.size()));
  for (std::size_t t = 0; t < c.tasks.size(); ++t) {
    for (std::size_t k = 0; k < c.contenders.size(); ++k) {
      if (!selection[t][k]) continue;
      const std::size_t v = stage.scenario.variants.size();
      stage.variant_of[t][k] = v;
      stage.scenario.variants.push_back(c.tune.variants[*selection[t][k]]);
      for (const std::uint64_t seed : c.final_seeds) {
        stage.runs.push_back({run_id(c.contenders[k].name, stage.scenario.variants[v], seed), v, seed});
      }
    }
  }
  return stage;
}

}  // namespace lrbench::comparison
