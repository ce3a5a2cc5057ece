// The names of the files lrbench writes into its output folders. They are
// reserved: a scenario's name becomes a folder beside them (OUT/<name>/), so
// a scenario named "README.md" would collide with the index OUT/README.md,
// and one named "runs.jsonl" would with a scenario folder used as --out.
#pragma once

#include <algorithm>
#include <array>
#include <string_view>

namespace lrbench::util {

// In every scenario folder (OUT/<name>/).
inline constexpr std::string_view kRunsFile = "runs.jsonl";
inline constexpr std::string_view kStaleRunsFile = "runs.stale.jsonl";  // records no longer in the plan
inline constexpr std::string_view kScenarioFile = "scenario.json";
inline constexpr std::string_view kSummaryFile = "summary.json";
inline constexpr std::string_view kReadmeFile = "README.md";  // the report; in OUT, the index
// In every folder lrbench writes a README.md into: "this folder is lrbench's".
inline constexpr std::string_view kMarkerFile = ".lrbench";
// In every scenario folder: the lock a running `lrbench run` holds.
inline constexpr std::string_view kLockFile = ".lrbench.lock";

// The report's figures (report/report.hpp).
inline constexpr std::array<std::string_view, 4> kFigureFiles = {"accuracy.svg", "loss.svg", "lr.svg",
                                                                  "lr-updates.svg"};

// Every name above.
inline constexpr std::array<std::string_view, 11> kWrittenNames = {
    kRunsFile,       kStaleRunsFile,  kScenarioFile,   kSummaryFile,    kReadmeFile, kMarkerFile,
    kLockFile,       kFigureFiles[0], kFigureFiles[1], kFigureFiles[2], kFigureFiles[3]};

// Whether `name` is one of them, ignoring ASCII case (README.md and readme.md
// are one file on case-insensitive file systems).
[[nodiscard]] constexpr bool is_reserved_output_name(std::string_view name) noexcept {
  const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  return std::any_of(kWrittenNames.begin(), kWrittenNames.end(), [&](std::string_view reserved) {
    return reserved.size() == name.size() &&
           std::equal(reserved.begin(), reserved.end(), name.begin(), [&](char a, char b) { return lower(a) == lower(b); });
  });
}

}  // namespace lrbench::util
