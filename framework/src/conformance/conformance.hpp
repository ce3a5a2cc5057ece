// Checking plugins and the data generator against golden reference files.
//
// A golden file is {"format": 1, "tolerance": {"rtol": R, "atol": A},
// "cases": [...]}; a value passes when |got - want| <= atol + rtol·|want|.
// The kind of the file follows from its cases: "optimizer" (trajectories),
// "schedule" (lr sequences) or "X"/"y" (make_blobs outputs). The format is
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
};

struct CaseResult {
  std::string name;     // the case's name (or a generated one)
  std::string subject;  // the plugin name, or "make_blobs"
  bool passed = false;
  double max_abs_error = 0.0;  // over every compared value
  std::string detail;          // where the worst value is, or why the case could not run
};

struct FileResult {
  std::filesystem::path file;
  std::string kind;  // optimizers | schedules | blobs
  Tolerance tolerance;
  std::vector<CaseResult> cases;
  [[nodiscard]] bool passed() const noexcept;
};

// Each throws std::runtime_error for a file that is not in the format (the
// message says what is wrong, and where); a case whose plugin is missing or
// throws is a failed case, not an exception.
[[nodiscard]] std::vector<CaseResult> check_optimizer_cases(const nlohmann::json& file,
                                                            const Tolerance& tolerance,
                                                            const plugins::PluginCatalog& catalog);
[[nodiscard]] std::vector<CaseResult> check_schedule_cases(const nlohmann::json& file,
                                                           const Tolerance& tolerance,
                                                           const plugins::PluginCatalog& catalog);
[[nodiscard]] std::vector<CaseResult> check_blobs_cases(const nlohmann::json& file,
                                                        const Tolerance& tolerance);

// Reads the file, detects its kind and runs every case.
[[nodiscard]] FileResult check_file(const std::filesystem::path& file,
                                    const plugins::PluginCatalog& catalog);

}  // namespace lrbench::conformance
