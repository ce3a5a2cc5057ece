// Baseline vs current: pure functions load → diff → render.
//
// Two kinds of input, never mixed:
// - speed: Google Benchmark JSON files (`lrbench bench --benchmark_out=F
//   --benchmark_out_format=json`, or any Google Benchmark executable). Only
//   per-repetition rows (run_type "iteration") are used; their real_time,
//   converted to nanoseconds, is the sample of one benchmark (keyed by
//   run_name). Aggregate rows (mean, median, stddev, cv) are only noticed.
// - convergence: report folders: a scenario's output folder (summary.json,
//   written by `lrbench run`/`lrbench report`), or a folder of them. Keyed by
//   "scenario / variant label".
//
// Speed verdict for a benchmark present on both sides:
//   change = median(current) / median(baseline) − 1
//   not enough repetitions  when 2 / C(n1 + n2, n1) > alpha (the Mann–Whitney
//                           test could not reject at alpha whatever the data)
//   regression              change > max_slowdown  and  p ≤ alpha
//   improvement             change < −max_slowdown and  p ≤ alpha
//   unchanged               otherwise (within the threshold, or not significant)
// The whole comparison is a regression when any benchmark regressed, "not
// enough repetitions" when none did but one could not be decided (lrbench
// compare exits 3 then, so a CI job can tell "not measured" from "fine"),
// and "no regression" otherwise.
// Both conditions are needed: the test alone flags tiny but consistent
// differences, the threshold alone flags noise.
//
// Convergence verdict for a variant (runs are deterministic, so any change is
// real): regression when the mean final or best test accuracy fell by more
// than `tolerance` (accuracy units, 0.01 = one point) or epochs_to_target grew
// by more than `epoch_tolerance` epochs (reaching the target → never reaching
// it is a regression whatever the tolerance); improvement for the opposite;
// "config changed" when the resolved configs differ (the numbers are then not
// comparable and are shown without a verdict).
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "util/json_input.hpp"

namespace lrbench::compare {

// The input cannot be used: missing, unreadable, not a known format, or
// nothing in common. The message names the file and the reason.
class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// ---- load ---------------------------------------------------------------

struct SpeedSample {
  std::vector<double> real_time_ns;  // one per repetition, in file order
  std::string time_unit;             // as the file wrote it (for display)
};

struct SpeedInput {
  std::string source;  // the file
  std::map<std::string, SpeedSample> benchmarks;  // by run_name
  int aggregate_rows = 0;  // rows with run_type "aggregate" (ignored)
  int error_rows = 0;      // rows with error_occurred (ignored)
  nlohmann::json context;  // the file's "context"
};

struct VariantResult {
  std::string scenario;
  std::string label;
  nlohmann::json config;
  std::optional<double> final_test_accuracy;  // mean over seeds; empty when null
  std::optional<double> best_test_accuracy;
  bool has_target = false;
  std::optional<double> epochs_to_target;     // +inf = never reached; empty = no target
  int seeds = 0;
  int failed = 0;
};

struct ConvergenceInput {
  std::string source;
  std::map<std::string, VariantResult> variants;  // by "scenario / label"
};

enum class InputKind { speed, convergence };

// What a path holds: a directory → convergence; a file → speed. Throws
// InputError when it does not exist.
[[nodiscard]] InputKind detect_kind(const std::filesystem::path& path);

// Throws InputError (naming the file) for a missing file, one that is not a
// regular file or breaks `limits`, invalid JSON, or JSON that is not Google
// Benchmark output (no "benchmarks" array of objects with a name and a
// finite real_time > 0, fields of the wrong type).
[[nodiscard]] SpeedInput load_speed(const std::filesystem::path& file, const util::InputLimits& limits = {});
[[nodiscard]] SpeedInput parse_speed(const nlohmann::json& doc, const std::string& source);

// A folder with summary.json, or whose sub-folders have one. Throws
// InputError when there is none or one is malformed.
[[nodiscard]] ConvergenceInput load_convergence(const std::filesystem::path& dir,
                                                const util::InputLimits& limits = {});
// One summary.json document (report/summary.hpp's format 1).
void add_summary(const nlohmann::json& summary, const std::string& source, ConvergenceInput& into);

// ---- diff ---------------------------------------------------------------

enum class Verdict {
  unchanged,
  improvement,
  regression,
  not_enough_repetitions,
  config_changed,
  baseline_only,
  current_only,
};

[[nodiscard]] const char* to_string(Verdict verdict) noexcept;

struct SpeedOptions {
  double max_slowdown = 0.10;
  double alpha = 0.01;
};

struct SpeedRow {
  std::string name;
  Verdict verdict = Verdict::unchanged;
  int n_baseline = 0;
  int n_current = 0;
  double median_baseline_ns = 0.0;  // NaN when absent
  double median_current_ns = 0.0;
  double change = 0.0;  // median(current)/median(baseline) − 1; NaN when one side is absent
  double p = 1.0;       // NaN when the test was not run
  bool exact = false;
};

struct SpeedComparison {
  SpeedOptions options;
  std::vector<SpeedRow> rows;  // by name
  int min_repetitions = 0;     // per side, for alpha
  int common = 0;              // benchmarks on both sides
  std::vector<std::string> notes;
};

// Throws InputError when the two sides have no benchmark in common.
[[nodiscard]] SpeedComparison compare_speed(const SpeedInput& baseline, const SpeedInput& current,
                                            const SpeedOptions& options = {});

struct ConvergenceOptions {
  double tolerance = 0.0;        // accuracy units
  double epoch_tolerance = 0.0;  // epochs
};

struct ConvergenceRow {
  std::string key;
  Verdict verdict = Verdict::unchanged;
  std::optional<VariantResult> baseline;
  std::optional<VariantResult> current;
  std::vector<std::string> reasons;  // "final test accuracy 0.95 → 0.93"
};

struct ConvergenceComparison {
  ConvergenceOptions options;
  std::vector<ConvergenceRow> rows;
  int common = 0;
};

// Throws InputError when the two sides have no variant in common.
[[nodiscard]] ConvergenceComparison compare_convergence(const ConvergenceInput& baseline,
                                                        const ConvergenceInput& current,
                                                        const ConvergenceOptions& options = {});

[[nodiscard]] bool has_regression(const SpeedComparison& comparison) noexcept;
[[nodiscard]] bool has_regression(const ConvergenceComparison& comparison) noexcept;
// A benchmark on both sides had too few repetitions to decide: the
// comparison did not measure it, which is neither a pass nor a regression.
[[nodiscard]] bool has_undecided(const SpeedComparison& comparison) noexcept;

// The verdict of a whole comparison, for its headline and the exit status:
// a regression anywhere wins; otherwise any undecided benchmark makes it
// "not enough repetitions"; otherwise "no regression".
enum class Overall { no_regression, regression, not_enough_repetitions };
[[nodiscard]] Overall overall(const SpeedComparison& comparison) noexcept;
[[nodiscard]] Overall overall(const ConvergenceComparison& comparison) noexcept;

// ---- render -------------------------------------------------------------

[[nodiscard]] std::string render_markdown(const SpeedComparison& comparison, const std::string& baseline_name,
                                          const std::string& current_name);
[[nodiscard]] std::string render_markdown(const ConvergenceComparison& comparison,
                                          const std::string& baseline_name, const std::string& current_name);

}  // namespace lrbench::compare
