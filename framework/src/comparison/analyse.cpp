#include "comparison/analyse.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

#include "comparison/stages.hpp"
#include "stats/descriptive.hpp"
#include "stats/expected_max.hpp"
#include "stats/lr_sensitivity.hpp"
#include "stats/pairwise.hpp"
#include "stats/performance_profile.hpp"

#include "util/json_numbers.hpp"

namespace lrbench::comparison {

using nlohmann::json;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// JSON has no NaN or infinity: those are null (util/json_numbers.hpp).
json number(double x) { return util::number_or_null(x); }
json numbers(const std::vector<double>& xs) { return util::numbers_or_nulls(xs); }

json interval(const stats::BootstrapInterval& i) {
  return {{"estimate", number(i.estimate)}, {"lower", number(i.lower)}, {"upper", number(i.upper)}};
}

const char* direction_name(stats::Direction d) {
  return d == stats::Direction::higher_is_better ? "higher_is_better" : "lower_is_better";
}

double worst(const Metric& m) { return m.direction == stats::Direction::higher_is_better ? 0.0 : kInf; }

// The first epoch (1-based) whose target metric reaches the value; +inf when
// none does. Also the wall seconds up to the end of that epoch, assuming
// equal epochs (the record keeps only the run's total time).
std::pair<double, double> to_target(const run::RunRecord& r, const scenario::Target& target) {
  const std::vector<double>& s = target.metric == "train_accuracy"        ? r.epochs.train_accuracy
                                 : target.metric == "validation_accuracy" ? r.epochs.validation_accuracy
                                                                           : r.epochs.test_accuracy;
  for (std::size_t e = 0; e < s.size(); ++e) {
    if (s[e] >= target.value) {
      const double epochs = static_cast<double>(e + 1);
      return {epochs, r.wall_seconds * epochs / static_cast<double>(s.size())};
    }
  }
  return {kInf, kInf};
}

// The LR sensitivity input: per distinct lr, the best mean tuning score of
// the contender's trials at that lr (the other searched parameters at their
// best for that lr); NaN when none of them has a usable score.
json sensitivity(const Comparison& c, const std::vector<std::size_t>& trials,
                 const std::vector<std::vector<double>>& scores) {
  std::map<double, double> best;
  const bool higher = c.select_on.direction == stats::Direction::higher_is_better;
  for (std::size_t i : trials) {
    const double m = stats::contains_nan(scores[i]) ? kNaN : stats::mean(scores[i]);
    auto [at, inserted] = best.emplace(c.trials[i].lr, m);
    if (!inserted && !std::isnan(m) && (std::isnan(at->second) || (higher ? m > at->second : m < at->second))) {
      at->second = m;
    }
  }
  std::vector<double> lrs;
  std::vector<double> values;
  for (const auto& [lr, s] : best) {
    lrs.push_back(lr);
    values.push_back(s);
  }
  json j = {{"epsilon", c.epsilon}, {"lrs", lrs}, {"scores", numbers(values)}};
  if (lrs.size() < 2) {
    j["width_decades"] = nullptr;
    return j;
  }
  const stats::LrSensitivity s = stats::lr_sensitivity(lrs, values, c.epsilon, c.select_on.direction);
  j["width_decades"] = number(s.width_decades);
  j["qualifying"] = s.qualifying;
  j["lowest_lr"] = number(s.lowest_lr);
  j["highest_lr"] = number(s.highest_lr);
  j["contiguous"] = s.contiguous;
  return j;
}

// Expected best tuning score after k = 1 … K trials (Dodge et al. 2019), the
// trials' mean tuning scores as the pool; an unusable trial counts as the
// worst usable score (the curve needs finite values).
json expected_best(const Comparison& c, const std::vector<std::size_t>& trials,
                   const std::vector<std::vector<double>>& scores) {
  std::vector<double> pool;
  for (std::size_t i : trials) pool.push_back(stats::contains_nan(scores[i]) ? kNaN : stats::mean(scores[i]));
  const std::vector<double> usable = stats::sorted_without_nan(pool);
  if (usable.empty()) return nullptr;
  const double floor = c.select_on.direction == stats::Direction::higher_is_better ? usable.front() : usable.back();
  for (double& p : pool) {
    if (std::isnan(p)) p = floor;
  }
  const stats::ExpectedBest e = stats::expected_best_of_k(pool, pool.size(), c.select_on.direction);
  return {{"mean", numbers(e.mean)}, {"variance", numbers(e.variance)}};
}

json task_json(const Comparison& c, std::size_t t, const std::map<std::string, run::RunRecord>& records,
               const std::vector<std::vector<double>>& scores, const Selection& selection, const ConfirmStage& confirm,
               std::vector<double>& target_costs) {
  json task = {{"name", c.tasks[t].name}, {"has_validation", c.tasks[t].has_validation}};
  const std::size_t k_count = c.contenders.size();
  std::vector<std::vector<double>> finals(k_count);
  bool complete = true;
  json contenders = json::array();
  for (std::size_t k = 0; k < k_count; ++k) {
    const Contender& who = c.contenders[k];
    json j = {{"name", who.name}, {"optimizer", who.optimizer}, {"schedule", who.schedule}, {"searched", who.searched}};
    std::vector<std::size_t> trials;
    json trial_list = json::array();
    for (std::size_t i = 0; i < c.trials.size(); ++i) {
      if (c.trials[i].task != t || c.trials[i].contender != k) continue;
      trials.push_back(i);
      trial_list.push_back({{"label", c.trials[i].label},
                            {"lr", c.trials[i].lr},
                            {"point", c.trials[i].point},
                            {"scores", numbers(scores[i])},
                            {"mean", number(stats::contains_nan(scores[i]) ? kNaN : stats::mean(scores[i]))}});
    }
    j["trials"] = trial_list;
    j["lr_sensitivity"] = sensitivity(c, trials, scores);
    j["expected_best"] = expected_best(c, trials, scores);
    j["lr_find"] = nullptr;
    const auto& chosen = selection[t][k];
    if (chosen) {
      j["selected"] = {{"label", c.trials[*chosen].label},
                       {"lr", c.trials[*chosen].lr},
                       {"point", c.trials[*chosen].point},
                       {"config", c.tune.variants[*chosen].config.resolved},
                       {"tuning_score", stats::mean(scores[*chosen])}};
    } else {
      j["selected"] = nullptr;
    }
    // The final seeds.
    std::vector<double> epochs;
    std::vector<double> seconds;
    std::size_t diverged = 0;
    const auto& v = confirm.variant_of[t][k];
    for (const scenario::Run& r : confirm.runs) {
      if (!v || r.variant != *v) continue;
      const auto found = records.find(r.id);
      if (found == records.end() || found->second.status == run::RunStatus::failed) continue;
      const run::RunRecord& rec = found->second;
      if (rec.status == run::RunStatus::diverged) ++diverged;
      const double score = final_value(rec, c.final_metric.name);
      finals[k].push_back(std::isnan(score) ? worst(c.final_metric) : score);
      if (c.target) {
        const auto [e, s] = to_target(rec, *c.target);
        epochs.push_back(e);
        seconds.push_back(s);
      }
    }
    if (finals[k].size() != c.final_seeds.size()) complete = false;
    j["final"] = {{"seeds", c.final_seeds.size()}, {"recorded", finals[k].size()}, {"diverged", diverged},
                  {"scores", numbers(finals[k])}};
    if (c.target) {
      const auto reached = static_cast<std::size_t>(std::count_if(epochs.begin(), epochs.end(),
                                                                  [](double e) { return std::isfinite(e); }));
      const double median_epochs = epochs.empty() ? kInf : stats::lower_median(epochs);
      j["to_target"] = {{"reached", reached},
                        {"of", epochs.size()},
                        {"median_epochs", number(median_epochs)},
                        {"median_seconds", number(seconds.empty() ? kInf : stats::lower_median(seconds))}};
      target_costs[k] = median_epochs;
    } else {
      j["to_target"] = nullptr;
    }
    contenders.push_back(std::move(j));
  }
  task["complete"] = complete;
  if (complete) {
    stats::PairwiseOptions options;
    options.direction = c.final_metric.direction;
    options.alpha = c.alpha;
    options.bootstrap.resamples = kBootstrapResamples;
    const stats::PairwiseComparison p = stats::compare_pairwise(finals, options);
    for (std::size_t k = 0; k < k_count; ++k) {
      json& j = contenders[k];
      const stats::ContenderSummary& s = p.contenders[k];
      j["final"]["mean"] = number(s.mean);
      j["final"]["std"] = number(s.standard_deviation);
      j["final"]["median"] = number(s.median);
      j["final"]["ci"] = interval(s.mean_interval);
      j["rank"] = s.rank;
      json verdicts = json::array();
      for (std::size_t o = 0; o < k_count; ++o) {
        if (o == k) continue;
        const stats::PairResult& pr = p.pairs[stats::pair_index(std::min(k, o), std::max(k, o), k_count)];
        verdicts.push_back({{"against", c.contenders[o].name},
                            {"verdict", stats::to_string(stats::verdict_of(p, k, o))},
                            {"p", pr.test.p},
                            {"p_holm", pr.p_adjusted},
                            {"exact", pr.test.exact},
                            {"difference", interval(stats::mean_difference_of(p, k, o))}});
      }
      j["verdicts"] = verdicts;
    }
  } else {
    for (json& j : contenders) {
      j["rank"] = nullptr;
      j["verdicts"] = json::array();
    }
  }
  task["contenders"] = contenders;
  return task;
}

}  // namespace

json analyse(const Comparison& c, const std::map<std::string, run::RunRecord>& records, bool partial) {
  const std::vector<std::vector<double>> scores = tuning_scores(c, records);
  const Selection selection = select(c, scores);
  const ConfirmStage confirm = confirm_stage(c, selection);
  json out = {{"schema", kSchema},
              {"name", c.name},
              {"description", c.description},
              {"partial", partial},
              {"select_on", {{"metric", c.select_on.name}, {"direction", direction_name(c.select_on.direction)},
                             {"optimistic", c.optimistic}}},
              {"final_metric", {{"metric", c.final_metric.name}, {"direction", direction_name(c.final_metric.direction)}}},
              {"budget", {{"kind", c.budget.random ? "random" : "grid"},
                          {"trials", c.budget.random ? json(c.budget.trials) : json(nullptr)},
                          {"seed", c.budget.random ? json(c.budget.seed) : json(nullptr)}}},
              {"tuning_seeds", c.tuning_seeds},
              {"final_seeds", c.final_seeds},
              {"alpha", c.alpha},
              {"epsilon", c.epsilon},
              {"bootstrap", {{"resamples", kBootstrapResamples}, {"level", 0.95}, {"seed", 0}}}};
  out["target"] = c.target ? json{{"metric", c.target->metric}, {"value", c.target->value}} : json(nullptr);
  const std::size_t solvers = c.contenders.size();
  std::vector<double> costs(solvers * c.tasks.size(), kInf);  // row-major by contender
  json tasks = json::array();
  for (std::size_t t = 0; t < c.tasks.size(); ++t) {
    std::vector<double> task_costs(solvers, kInf);
    tasks.push_back(task_json(c, t, records, scores, selection, confirm, task_costs));
    for (std::size_t k = 0; k < solvers; ++k) costs[k * c.tasks.size() + t] = task_costs[k];
  }
  out["tasks"] = tasks;
  // The performance profile of epochs to target, across tasks.
  out["profile"] = nullptr;
  if (c.target && c.tasks.size() >= 2) {
    const stats::PerformanceProfile profile = stats::performance_profile(costs, solvers, c.tasks.size());
    json rows = json::array();
    for (std::size_t k = 0; k < solvers; ++k) {
      rows.push_back({{"name", c.contenders[k].name},
                      {"steps", numbers(stats::profile_steps(profile, k))},
                      {"score", number(stats::profile_score(profile, k, kProfileTauMax))}});
    }
    out["profile"] = {{"cost", "median epochs to target"},
                      {"tau_max", kProfileTauMax},
                      {"problems", profile.kept.size()},
                      {"contenders", rows}};
  }
  return out;
}

}  // namespace lrbench::comparison
