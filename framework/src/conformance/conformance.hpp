// Checking plugins and the data generator against golden reference files.
//
// A golden file is {"format": 1 or 2, "tolerance": {"rtol": R, "atol": A},
// "cases": [...]}; a value passes when |got - want| <= atol + rtol·|want|.
// The kind of the file follows from its cases: "optimizer" (trajectories),
// "schedule" (lr sequences) or "X"/"y" (make_blobs outputs). Format 2 adds to
// optimizer cases a parameter layout, a quadratic objective instead of fixed
// gradients, expected evaluation weights, nested optimizers, null and
// infinite parameter values, and a per-case tolerance. The format is
// documented in docs/conformance.md.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "plugins/catalog.hpp"

namespace lrbench::conformance {

struct Tolerance {
  double rtol = 0.0;
  double atol = 0.0;
  [[nodiscard]] bool accepts(double got, double want) const noexcept;
  // |got − want| / (atol + rtol·|want|): <= 1 passes. 0 for an exact value,
  // +inf for a NaN or for any error where the allowance is 0.
  [[nodiscard]] double ratio(double got, double want) const noexcept;
};

struct CaseResult {
  std::string name;     // the case's name (or a generated one)
  std::string subject;  // the plugin name, or "make_blobs"
  bool passed = false;
  double max_abs_error = 0.0;  // over every compared value
  // The worst |error| / allowed error over every compared value: how much of
  // its tolerance the case uses (1 = at the limit). A case far below 1 says
  // the tolerance could not tell a small change in the rule from rounding.
  double worst_ratio = 0.0;
  std::string detail;  // where the worst value is, or why the case could not run
  // The plugin was made with the case's parameters (false: it is not loaded,
  // or refused them). A case whose process crashed counts as made.
  bool made = false;
};

struct FileResult {
  std::filesystem::path file;
  std::string kind;  // optimizers | schedules | blobs
  int format = 1;
  Tolerance tolerance;
  std::vector<CaseResult> cases;
  [[nodiscard]] bool passed() const noexcept;
  // The largest worst_ratio over the cases that ran.
  [[nodiscard]] double worst_ratio() const noexcept;
};

struct CheckOptions {
  // Every case in its own child process: a plugin that crashes (or aborts)
  // fails its case, the others still run.
  bool isolate = false;
};

// Each throws std::runtime_error for a file that is not in the format (the
// message says what is wrong, and where); a case whose plugin is missing or
// throws is a failed case, not an exception.
[[nodiscard]] std::vector<CaseResult> check_optimizer_cases(const nlohmann::json& file,
                                                            const Tolerance& tolerance,
                                                            const plugins::PluginCatalog& catalog,
                                                            const CheckOptions& options = {});
[[nodiscard]] std::vector<CaseResult> check_schedule_cases(const nlohmann::json& file,
                                                           const Tolerance& tolerance,
                                                           const plugins::PluginCatalog& catalog,
                                                           const CheckOptions& options = {});
[[nodiscard]] std::vector<CaseResult> check_blobs_cases(const nlohmann::json& file,
                                                        const Tolerance& tolerance);

// Reads a golden file: parsed JSON with a valid format and tolerance, and
// its kind. Throws std::runtime_error naming the file and the problem.
struct GoldenFile {
  std::filesystem::path file;
  nlohmann::json doc;
  std::string kind;
  int format = 1;
  Tolerance tolerance;
};
[[nodiscard]] GoldenFile read_golden_file(const std::filesystem::path& file);

// Runs every case of a file read by read_golden_file.
[[nodiscard]] FileResult check(const GoldenFile& golden, const plugins::PluginCatalog& catalog,
                               const CheckOptions& options = {});

// Reads the file, detects its kind and runs every case.
[[nodiscard]] FileResult check_file(const std::filesystem::path& file, const plugins::PluginCatalog& catalog,
                                    const CheckOptions& options = {});

}  // namespace lrbench::conformance
