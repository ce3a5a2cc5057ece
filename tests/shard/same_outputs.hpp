// The check every scale-out test ends with: a scenario folder written another
// way (shards merged, a Slurm array, MPI ranks) holds exactly the files a
// local `lrbench run --jobs 1` writes, byte for byte once the wall-clock
// fields are masked: `wall_seconds` in runs.jsonl and summary.json, the date
// and --jobs in scenario.json's context and the report, and the report's
// wall-time column.
#pragma once

#include <filesystem>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli_runner.hpp"

namespace lrbench::shard_test {

namespace fs = std::filesystem;
using nlohmann::json;

// runs.jsonl line by line, each line's wall_seconds removed; order kept.
inline std::string masked_runs(const fs::path& file) {
  std::istringstream in(lrbench::testing::read_file(file));
  std::string out;
  for (std::string line; std::getline(in, line);) {
    json j = json::parse(line);
    j.erase("wall_seconds");
    out += j.dump() + "\n";
  }
  return out;
}

inline std::string masked_summary(const fs::path& file) {
  json s = json::parse(lrbench::testing::read_file(file));
  for (json& v : s.at("variants")) v.erase("wall_seconds");
  return s.dump(2);
}

inline std::string masked_scenario(const fs::path& file) {
  json s = json::parse(lrbench::testing::read_file(file));
  s.at("context").erase("date");
  s.at("context").erase("threads");  // --jobs: the results do not depend on it
  return s.dump(2);
}

// The report with its date, --jobs and the cells of the table column headed
// "Wall time / run (ms)" masked.
inline std::string masked_readme(const fs::path& file) {
  std::string text = lrbench::testing::read_file(file);
  text = std::regex_replace(text, std::regex("- Date: [^\n]*"), "- Date: (masked)");
  text = std::regex_replace(text, std::regex("; [0-9]+ parallel jobs"), "; (masked) parallel jobs");
  std::istringstream in(text);
  std::string out;
  std::size_t wall_column = 0;  // 0: not in a table with that column
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("|", 0) != 0) {
      wall_column = 0;
    } else if (line.find("Wall time / run") != std::string::npos) {
      std::size_t cells = 0;
      for (std::size_t at = 0; at < line.find("Wall time / run"); ++at) cells += line[at] == '|';
      wall_column = cells;
    } else if (wall_column > 0 && line.rfind("|--", 0) != 0 && line.rfind("|:-", 0) != 0) {
      std::size_t at = 0;
      for (std::size_t bar = 0; bar < wall_column && at != std::string::npos; ++bar) at = line.find('|', at + (bar > 0));
      const std::size_t end = at == std::string::npos ? at : line.find('|', at + 1);
      if (end != std::string::npos) line.replace(at + 1, end - at - 1, " (wall) ");
    }
    out += line + "\n";
  }
  return out;
}

// The files of `dir` lrbench's report consists of (not the shard files).
inline std::set<std::string> report_files(const fs::path& dir) {
  std::set<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) {
    const std::string name = e.path().filename().string();
    if (name.find("shard-") == std::string::npos && name.rfind(".lrbench", 0) != 0) names.insert(name);
  }
  return names;
}

// Expects `other`/<name> to hold what `local`/<name> holds, wall times aside.
inline void expect_same_outputs(const fs::path& local, const fs::path& other, const std::string& name) {
  SCOPED_TRACE("scenario folder " + (other / name).string() + " against " + (local / name).string());
  const fs::path a = local / name;
  const fs::path b = other / name;
  EXPECT_EQ(report_files(a), report_files(b));
  EXPECT_EQ(masked_runs(a / "runs.jsonl"), masked_runs(b / "runs.jsonl"));
  EXPECT_EQ(masked_summary(a / "summary.json"), masked_summary(b / "summary.json"));
  EXPECT_EQ(masked_scenario(a / "scenario.json"), masked_scenario(b / "scenario.json"));
  EXPECT_EQ(masked_readme(a / "README.md"), masked_readme(b / "README.md"));
  for (const std::string& file : report_files(a)) {
    if (file.size() > 4 && file.compare(file.size() - 4, 4, ".svg") == 0)
      EXPECT_EQ(lrbench::testing::read_file(a / file), lrbench::testing::read_file(b / file)) << file;
  }
  if (fs::exists(local / "README.md"))
    EXPECT_EQ(lrbench::testing::read_file(local / "README.md"), lrbench::testing::read_file(other / "README.md"))
        << "the index";
}

}  // namespace lrbench::shard_test
