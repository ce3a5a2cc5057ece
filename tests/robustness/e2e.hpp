// Shared by the end-to-end robustness tests (one executable, several files):
// the fixtures' paths, running lrbench, reading what it wrote, and the check
// every refused bad scenario must pass.
#pragma once

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "background.hpp"
#include "cli_runner.hpp"
#include "run/jsonl.hpp"

namespace lrbench::e2e {

namespace fs = std::filesystem;
using nlohmann::json;

inline const fs::path kBadScenarios = fs::path(LRBENCH_TEST_DATA_DIR) / "bad-scenarios";
inline const fs::path kScenarios = fs::path(LRBENCH_ROBUSTNESS_DIR) / "scenarios";
inline const fs::path kTiny = fs::path(LRBENCH_TEST_DATA_DIR) / "scenarios" / "tiny.yaml";
inline const std::string kFaultyPlugins = LRBENCH_FAULTY_PLUGIN_DIR;
inline const std::string kHostilePlugins = LRBENCH_HOSTILE_PLUGIN_DIR;

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kSanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif
#else
constexpr bool kSanitized = false;
#endif

using Result = lrbench::testing::CommandResult;
using lrbench::testing::Background;
using lrbench::testing::complete_lines;
using lrbench::testing::wait_until;
using lrbench::testing::fresh_dir;
using lrbench::testing::read_file;
using lrbench::testing::write_file;
inline std::string quote(const std::string& text) { return lrbench::testing::shell_quote(text); }

using lrbench::testing::run_lrbench;

inline std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// Every path below `dir`, relative to it.
inline std::set<std::string> tree_of(const fs::path& dir) {
  std::set<std::string> out;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) out.insert(fs::relative(entry.path(), dir).string());
  return out;
}


// The `# expect: ` lines at the top of a file.
inline std::vector<std::string> expectations(const std::string& text) {
  static const std::string kPrefix = "# expect: ";
  std::vector<std::string> out;
  for (const std::string& line : lines_of(text)) {
    if (line.rfind(kPrefix, 0) == 0) out.push_back(line.substr(kPrefix.size()));
  }
  return out;
}

// Checks that `lrbench run FILE` (run in FILE's folder, so diagnostics start
// with the bare file name) exits with 2, prints every expected line and no
// other error, and writes nothing.
inline void expect_refused(const fs::path& file, const std::vector<std::string>& expected, const std::string& extra_args = "") {
  SCOPED_TRACE(file.filename().string());
  ASSERT_FALSE(expected.empty()) << "a bad scenario needs at least one '# expect: ' line";
  const fs::path sandbox = fresh_dir("bad-sandbox");
  const fs::path out = sandbox / "out";
  const Result r = run_lrbench("run " + quote(file.filename().string()) + " --out " + quote(out.string()) + extra_args,
                           file.parent_path());
  EXPECT_EQ(r.status, 2) << r.output;
  std::vector<std::string> errors;
  for (const std::string& line : lines_of(r.output)) {
    if (line.find(" error: ") != std::string::npos || line.rfind("lrbench: error:", 0) == 0) errors.push_back(line);
  }
  for (const std::string& want : expected) {
    const bool found = std::any_of(errors.begin(), errors.end(),
                                   [&](const std::string& line) { return line.find(want) != std::string::npos; });
    EXPECT_TRUE(found) << "missing diagnostic:\n  " << want << "\noutput:\n" << r.output;
  }
  EXPECT_EQ(errors.size(), expected.size()) << "every error printed must be expected; output:\n" << r.output;
  EXPECT_FALSE(fs::exists(out)) << "nothing may be written for a bad scenario";
  EXPECT_EQ(tree_of(sandbox), std::set<std::string>{}) << "nothing may be written outside --out either";
  fs::remove_all(sandbox);
}

// The bytes of a string literal that holds NULs, without its terminator.
template <std::size_t N>
inline std::string bytes(const char (&literal)[N]) {
  return std::string(literal, N - 1);
}

inline std::vector<lrbench::run::RunRecord> read_records(const fs::path& runs, std::vector<std::string>& warnings) {
  return lrbench::run::read_runs(runs, warnings);
}

// Records by id, wall-clock time masked. Fails on duplicate ids.
inline std::map<std::string, json> records_by_id(const fs::path& runs) {
  std::vector<std::string> warnings;
  std::map<std::string, json> out;
  for (const auto& r : read_records(runs, warnings)) {
    json j = lrbench::run::to_json(r);
    j.erase("wall_seconds");
    EXPECT_TRUE(out.emplace(r.id, j).second) << "run " << r.id << " recorded twice in " << runs;
  }
  EXPECT_TRUE(warnings.empty()) << runs;
  return out;
}

inline json summary_masked(const fs::path& dir) {
  json s = json::parse(read_file(dir / "summary.json"));
  for (json& v : s.at("variants")) v.erase("wall_seconds");
  return s;
}

inline int recorded_in_summary(const json& summary) {
  int n = 0;
  for (const json& v : summary.at("variants")) n += v.at("seeds").get<int>();
  return n;
}

inline std::map<std::string, lrbench::run::RunRecord> records_by_label(const fs::path& runs) {
  std::vector<std::string> warnings;
  std::map<std::string, lrbench::run::RunRecord> out;
  for (auto& r : read_records(runs, warnings)) out[r.label] = r;
  EXPECT_TRUE(warnings.empty());
  return out;
}

inline constexpr std::size_t kSlowRuns = 48;  // scenarios/slow.yaml: 2 variants × 24 seeds

inline std::vector<std::string> slow_args(const fs::path& out, std::vector<std::string> extra) {
  std::vector<std::string> args = {"run", (kScenarios / "slow.yaml").string(), "--out", out.string(), "--jobs", "2"};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

}  // namespace lrbench::e2e
