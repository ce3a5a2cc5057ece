// The two stages of a comparison as plans of runs with stable ids.
//
// Tune: every trial on every tuning seed. Confirm: each (task, contender)'s
// selected trial on every final seed. Both stages' runs go to one
// runs.jsonl; a run id hashes the contender's name, the run's resolved
// configuration and its seed:
//   id = FNV-1a-64("compare/" + contender + "/" + resolved JSON + "/" + seed)
// The contender's name is in the id because two contenders may share a
// configuration (the same optimizer under two names) and must keep their
// own runs.
//
// Resume and partial runs. The confirm plan is a function of the tune
// stage's records: with --resume the recorded tune runs are kept, the
// missing ones run, and the selection is made again from the complete tune
// records, so a resumed comparison selects exactly what an uninterrupted one
// would and its confirm ids are the same. A confirm stage never starts while
// a tune run is missing (stopped early): the report is then marked partial
// and lists no verdicts. A change to the scenario changes the trials' ids,
// so their old records no longer match the plan.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "comparison/comparison.hpp"
#include "run/record.hpp"

namespace lrbench::comparison {

// The tune stage's runs: trial-major, then tuning seed.
[[nodiscard]] std::vector<scenario::Run> tune_plan(const Comparison& comparison);

// A run's score: `metric` at the last recorded epoch; NaN when the run did
// not finish ok or the metric was not recorded.
[[nodiscard]] double final_value(const run::RunRecord& record, const std::string& metric);

// Per trial, its tuning seeds' scores (NaN for a missing or unusable run) in
// the order of comparison.tuning_seeds.
[[nodiscard]] std::vector<std::vector<double>> tuning_scores(const Comparison& comparison,
                                                             const std::map<std::string, run::RunRecord>& records);

// The selected trial of each (task, contender): selection[task][contender],
// nullopt when no trial of it has a usable score on every tuning seed. The
// best mean tuning score wins; equal means go to the earlier trial (the
// grid's or the draws' order), so the choice is reproducible.
using Selection = std::vector<std::vector<std::optional<std::size_t>>>;
[[nodiscard]] Selection select(const Comparison& comparison, const std::vector<std::vector<double>>& scores);

// The confirm stage: one variant per selected trial (copied from the tune
// stage) and its runs on the final seeds. confirm_of[task][contender] is the
// variant index, nullopt without a selection.
struct ConfirmStage {
  scenario::Scenario scenario;
  std::vector<scenario::Run> runs;
  std::vector<std::vector<std::optional<std::size_t>>> variant_of;
};
[[nodiscard]] ConfirmStage confirm_stage(const Comparison& comparison, const Selection& selection);

}  // namespace lrbench::comparison
