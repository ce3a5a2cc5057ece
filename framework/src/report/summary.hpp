// Per-variant statistics over seeds, and the two JSON files that carry them.
//
// scenario.json (written by the runner into the scenario's output folder,
// read by the report):
//   {"format": 2, "name", "description", "setup": {...},
//    "setup_lines": [{"topic", "text"}...]   (the setup in words; the report
//                                            prints them, never re-deriving them),
//    "task": "function"                     (only for test-function scenarios),
//    "target": null | {"metric": "test_accuracy"|"train_accuracy"|"validation_accuracy", "value"},
//    "variants": [{"label", "config", "setup_lines", "run_ids": [...]}...]   (in the
//       scenario's order; run_ids[k] is the run of seeds[k]),
//    "seeds": [...], "partial": bool, "context": {...} (provenance/context.hpp)}
// The run ids are the plan: the report counts and summarises the records of
// exactly these runs, so records of an earlier plan left in runs.jsonl (the
// scenario or --seeds changed) can never enter the statistics. Format 1 had
// no run ids and is refused with a message saying to run the scenario again.
//
// summary.json (compared against baselines: keep this format stable, bump
// "format" on any change of meaning):
//   {"format": 1, "scenario": name, "partial": bool,
//    "target": null | {"metric", "value"},
//    "variants": [{
//       "label", "config", "seeds", "ok", "diverged", "failed",   (run counts)
//       "final_train_accuracy": {"mean", "std"}, "final_test_accuracy": {...},
//       "final_train_loss": {...}, "final_test_loss": {...},
//       "best_test_accuracy": {...},
//       "final_validation_accuracy": {...}, "final_validation_loss": {...},
//                          (only when the data has a validation split)
//       "final_distance": {...}, "best_train_loss": {...},
//                          (function tasks, whose train loss is f − f*; their
//                           accuracy and test statistics are null)
//    "task": "function"    (only for function tasks)
//       "best_epoch",          (median over seeds, 1-based)
//       "epochs_to_target",    (only with a target; null = median seed never reached it)
//       "volatility",          (mean over seeds)
//       "wall_seconds"}]}      (median over runs)
//   Any number that could not be computed (no usable run) is null.
//
// Statistics, precisely:
// - Which runs: the records whose run id is in scenario.json's plan, and of
//   each run id the last record (a resumed scenario may have appended a run
//   twice); a run belongs to the variant whose run_ids hold its id, whatever
//   label the record carries. Records of other runs are stale: counted and
//   noted, never used. Failed runs count in `failed` and nowhere else.
//   ok and diverged runs contribute their epochs.
// - Diverged runs keep only the epochs before `diverged_epoch` (the epoch
//   whose loss went NaN/Inf and everything after it are dropped); their final
//   values are those of the last epoch kept. A run that diverged in epoch 1
//   has no epochs and contributes to the counts only.
// - mean ± std: std is the SAMPLE standard deviation (n−1 denominator), 0 when
//   n = 1; computed over the finite values only.
// - best_test_accuracy: per seed the maximum test accuracy; mean ± std over
//   seeds. best_epoch: per seed the first epoch reaching that maximum;
//   the lower median over seeds (an actual epoch, never a half). For a
//   function task, best_train_loss and best_epoch are about the minimum of
//   f − f* instead.
// - epochs_to_target: per seed the first 1-based epoch with metric >= value,
//   +inf when never; the lower median over seeds, which is +inf exactly when
//   more than half of the seeds never reach the target.
// - volatility: per seed the sample std of test accuracy over the last 20
//   epochs kept (fewer if the run is shorter); the mean over seeds.
// - wall_seconds: median of the wall_seconds of the ok and diverged runs
//   (a failed run stops early and would flatter the timing).
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "provenance/context.hpp"
#include "run/record.hpp"
#include "util/json_input.hpp"

namespace lrbench::report {

inline constexpr int kSummaryFormat = 1;
inline constexpr int kScenarioMetaFormat = 2;
inline constexpr int kVolatilityEpochs = 20;

struct Target {
  std::string metric = "test_accuracy";  // test_accuracy | train_accuracy | validation_accuracy
  double value = 0.0;
};

// One line of the Setup section: "**{topic}**: {text}."
struct SetupLine {
  std::string topic;
  std::string text;
};

struct ScenarioMeta {
  std::string name;
  std::string description;
  nlohmann::json setup = nlohmann::json::object();
  std::vector<SetupLine> setup_lines;               // empty: list `setup` as written
  std::vector<std::vector<SetupLine>> variant_setup;  // one per variant (may be empty)
  std::string task = "classification";              // or "function": a test function, no samples
  std::optional<Target> target;
  std::vector<std::string> variants;         // labels, in order
  std::vector<nlohmann::json> configs;       // one per variant
  std::vector<std::uint64_t> seeds;
  // The plan: run_ids[v][k] is the id of variant v's run with seeds[k].
  std::vector<std::vector<std::string>> run_ids;
  bool partial = false;                      // the run was interrupted or limited
  provenance::Context context;
};

[[nodiscard]] nlohmann::json to_json(const ScenarioMeta& meta);
// Throws std::runtime_error naming the missing or mistyped field.
[[nodiscard]] ScenarioMeta scenario_meta_from_json(const nlohmann::json& j);
[[nodiscard]] ScenarioMeta read_scenario_meta(const std::filesystem::path& file,
                                              const util::InputLimits& limits = {});
void write_scenario_meta(const std::filesystem::path& file, const ScenarioMeta& meta);  // atomically

struct Stat {
  double mean;  // NaN when there is no value
  double std;
};

struct VariantSummary {
  std::string label;
  nlohmann::json config;
  int seeds = 0;  // runs recorded
  int ok = 0;
  int diverged = 0;
  int failed = 0;
  Stat final_train_accuracy{};
  Stat final_test_accuracy{};
  Stat final_train_loss{};
  Stat final_test_loss{};
  Stat best_test_accuracy{};
  Stat final_validation_accuracy{};         // NaN when the data has no validation split
  Stat final_validation_loss{};
  Stat final_distance{};                    // function tasks: ‖x − x*‖ at the end
  Stat best_train_loss{};                   // function tasks: the lowest f − f* per seed
  double best_epoch = 0.0;                  // NaN when no run has epochs
  std::optional<double> epochs_to_target;   // set iff a target; +inf = never
  double volatility = 0.0;                  // NaN when no run has epochs
  double wall_seconds = 0.0;                // NaN when no run
  // Mean gradient evaluations per update (1 unless the optimizer asks for
  // more, e.g. SAM: 2); in summary.json only when it is not 1.
  double gradients_per_step = 1.0;
  // Not in summary.json: for the Markdown report.
  std::vector<std::string> errors;          // "seed 3: <reason>" of failed runs
  std::vector<std::uint64_t> diverged_seeds;
};

struct Summary {
  std::string scenario;
  bool partial = false;  // scenario.json says so, or runs are missing
  std::optional<Target> target;
  std::vector<VariantSummary> variants;  // in the scenario's order
  int expected_runs = 0;                 // the plan's runs (variants × seeds)
  int recorded_runs = 0;                 // of them, those with a record
  int stale_records = 0;                 // records of runs not in the plan (ignored)
  std::vector<std::string> warnings;     // stale records, ...
  bool validation = false;               // some run recorded validation metrics
  bool function = false;                 // a function task (meta.task)
};

[[nodiscard]] Summary summarize(const ScenarioMeta& meta, const std::vector<run::RunRecord>& records);

// summarize one variant at a time, for a caller that never holds all records
// at once (write_report streams runs.jsonl): begin_summary with the counts of
// runs_by_variant (recorded: the plan's runs with a record; stale), then
// add_variant for v = 0, 1, ... with variant v's records as runs_by_variant
// orders them. The result is summarize's, bit for bit.
[[nodiscard]] Summary begin_summary(const ScenarioMeta& meta, std::size_t recorded, std::size_t stale);
void add_variant(Summary& summary, const ScenarioMeta& meta, std::size_t v,
                 const std::vector<const run::RunRecord*>& runs);

// The records of each variant (in the scenario's order): those whose run id
// the variant's run_ids hold, the last record of each id, in seed order.
// Records of runs outside the plan are counted in `stale` and left out.
// Pointers point into `records`.
[[nodiscard]] std::vector<std::vector<const run::RunRecord*>> runs_by_variant(
    const ScenarioMeta& meta, const std::vector<run::RunRecord>& records, std::size_t& stale);

// How many leading epochs of a run count: all of them, or for a diverged run
// those before diverged_epoch. Failed runs: their recorded epochs.
[[nodiscard]] std::size_t usable_epochs(const run::RunRecord& record);

[[nodiscard]] nlohmann::json to_json(const Summary& summary);

// Helpers, exposed for tests.
[[nodiscard]] Stat mean_std(const std::vector<double>& values);   // finite values only
// The number of classes a variant's config implies (data.centers, else the
// last layer's units), when it can be told.
[[nodiscard]] std::optional<int> num_classes(const nlohmann::json& config);

}  // namespace lrbench::report
