// lrbench run --shard I/N, lrbench merge and lrbench plan, end to end: the
// merged folder is the one a local run writes; incomplete, mixed and bad
// input is refused with the reason.
#include <algorithm>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli_runner.hpp"
#include "same_outputs.hpp"

namespace {

namespace fs = std::filesystem;
using lrbench::shard_test::expect_same_outputs;
using lrbench::testing::fresh_dir;
using lrbench::testing::read_file;
using lrbench::testing::run_lrbench;
using lrbench::testing::shell_quote;
using lrbench::testing::write_file;
using nlohmann::json;

const fs::path kMixed = fs::path(LRBENCH_SHARD_TEST_DIR) / "scenarios" / "mixed.yaml";
const fs::path kTiny = fs::path(LRBENCH_TEST_DATA_DIR) / "scenarios" / "tiny.yaml";

std::string q(const fs::path& p) { return shell_quote(p.string()); }
std::string scenarios() { return q(kMixed) + " " + q(kTiny); }
std::string shard_name(std::size_t i, std::size_t n) { return std::to_string(i) + "-of-" + std::to_string(n); }

void run_ok(const std::string& args) {
  const auto r = run_lrbench(args);
  ASSERT_EQ(r.status, 0) << "lrbench " << args << "\n" << r.output;
}

void run_shard(const fs::path& out, std::size_t i, std::size_t n, int jobs = 1) {
  run_ok("run " + scenarios() + " --out " + q(out) + " --shard " + std::to_string(i) + "/" + std::to_string(n) +
         " --jobs " + std::to_string(jobs));
}

std::vector<std::string> ids_in(const fs::path& runs) {
  std::vector<std::string> ids;
  std::istringstream in(read_file(runs));
  for (std::string line; std::getline(in, line);) ids.push_back(json::parse(line).at("id").get<std::string>());
  return ids;
}

class ShardMerge : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    local_ = fresh_dir("shard-local");
    run_ok("run " + scenarios() + " --jobs 1 --out " + q(local_));
  }
  static fs::path local_;
};
fs::path ShardMerge::local_;

TEST_F(ShardMerge, MergedShardsAreALocalRunByteForByte) {
  for (const std::size_t n : {1, 3, 5, 20}) {  // 20: more shards than tiny's 4 runs
    SCOPED_TRACE("shards: " + std::to_string(n));
    const fs::path out = fresh_dir("shard-merged-" + std::to_string(n));
    for (std::size_t i = 0; i < n; ++i) run_shard(out, i, n, n == 5 ? 2 : 1);
    const auto r = run_lrbench("merge " + q(out));
    ASSERT_EQ(r.status, 0) << r.output;
    EXPECT_NE(r.output.find("mixed: merged " + std::to_string(n) + " shard"), std::string::npos) << r.output;
    expect_same_outputs(local_, out, "mixed");
    expect_same_outputs(local_, out, "tiny");
  }
}

TEST_F(ShardMerge, AShardWritesOnlyItsOwnFilesAndTheSplitIsThePlans) {
  const fs::path out = fresh_dir("shard-files");
  run_shard(out, 1, 3);
  std::set<std::string> files;
  for (const auto& e : fs::recursive_directory_iterator(out)) files.insert(fs::relative(e.path(), out).string());
  EXPECT_EQ(files, (std::set<std::string>{"mixed", "mixed/.lrbench", "mixed/.lrbench.shard-1-of-3.lock",
                                          "mixed/runs.shard-1-of-3.jsonl", "mixed/scenario.shard-1-of-3.json",
                                          "tiny", "tiny/.lrbench", "tiny/.lrbench.shard-1-of-3.lock",
                                          "tiny/runs.shard-1-of-3.jsonl", "tiny/scenario.shard-1-of-3.json"}));

  // `plan --shards 3 --json` says which runs shard 1 runs, in plan order.
  const auto plan = run_lrbench("plan " + scenarios() + " --shards 3 --json");
  ASSERT_EQ(plan.status, 0) << plan.output;
  const json j = json::parse(plan.output);
  EXPECT_EQ(j.at("total_runs"), 16);
  for (const json& s : j.at("scenarios")) {
    std::vector<std::string> expected;
    std::vector<double> load(3, 0.0);
    double largest = 0;
    for (const json& run : s.at("runs")) {
      if (run.at("shard") == 1) expected.push_back(run.at("id"));
      load.at(run.at("shard").get<std::size_t>()) += run.at("cost").get<double>();
      largest = std::max(largest, run.at("cost").get<double>());
    }
    const std::string name = s.at("name");
    EXPECT_EQ(ids_in(out / name / ("runs.shard-" + shard_name(1, 3) + ".jsonl")), expected) << name;
    // Longest first to the least loaded: no shard more than one run above another.
    EXPECT_LE(*std::max_element(load.begin(), load.end()) - *std::min_element(load.begin(), load.end()), largest)
        << name;
    // mixed: 6 runs of 12 epochs and 6 of 4 deal out evenly (2 + 2 each).
    if (name == "mixed") EXPECT_TRUE(load[0] == load[1] && load[1] == load[2]) << load[0] << " " << load[1];
  }

  // The plan's ids are the ids of the local run's scenario.json.
  const json meta = json::parse(read_file(local_ / "mixed" / "scenario.json"));
  std::vector<std::string> local_ids, plan_ids;
  for (const json& v : meta.at("variants"))
    for (const json& id : v.at("run_ids")) local_ids.push_back(id);
  for (const json& run : j.at("scenarios").at(0).at("runs")) plan_ids.push_back(run.at("id"));
  EXPECT_EQ(plan_ids, local_ids);
}

TEST_F(ShardMerge, MissingRunsAreListedWithTheirShardAndNothingIsWritten) {
  const fs::path out = fresh_dir("shard-missing");
  run_shard(out, 0, 3);
  run_shard(out, 2, 3);
  const auto plan = json::parse(run_lrbench("plan " + q(kMixed) + " --shards 3 --json").output);
  std::vector<std::string> owned_by_1;
  for (const json& run : plan.at("scenarios").at(0).at("runs"))
    if (run.at("shard") == 1) owned_by_1.push_back(run.at("id"));
  ASSERT_FALSE(owned_by_1.empty());

  const auto r = run_lrbench("merge " + q(out / "mixed"));
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_NE(r.output.find("shard 1/3 (never started: no scenario.shard-1-of-3.json): " +
                          std::to_string(owned_by_1.size()) + " of its " + std::to_string(owned_by_1.size()) +
                          " runs missing"),
            std::string::npos)
      << r.output;
  for (const std::string& id : owned_by_1) EXPECT_NE(r.output.find(id), std::string::npos) << id << r.output;
  EXPECT_NE(r.output.find("--shard I/3 --resume"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(out / "mixed" / "runs.jsonl"));
  EXPECT_FALSE(fs::exists(out / "mixed" / "README.md"));

  // --allow-partial reports what there is, marked partial.
  const auto partial = run_lrbench("merge --allow-partial " + q(out / "mixed"));
  EXPECT_EQ(partial.status, 1) << partial.output;  // still incomplete
  const json summary = json::parse(read_file(out / "mixed" / "summary.json"));
  EXPECT_EQ(summary.at("partial"), true);
  EXPECT_NE(read_file(out / "mixed" / "README.md").find("Partial results"), std::string::npos);

  // The missing shard, run afterwards, completes it.
  run_shard(out, 1, 3);
  const auto done = run_lrbench("merge " + q(out));
  EXPECT_EQ(done.status, 0) << done.output;
  expect_same_outputs(local_, out, "mixed");
}

TEST_F(ShardMerge, TheLastRecordOfARunWinsAndAShardResumes) {
  const fs::path out = fresh_dir("shard-rerun");
  for (std::size_t i = 0; i < 2; ++i) run_shard(out, i, 2);
  // A stale earlier record of the first run of shard 0 (a failed attempt)
  // before the real one: the later record wins.
  const fs::path runs0 = out / "mixed" / "runs.shard-0-of-2.jsonl";
  const std::string text = read_file(runs0);
  json first = json::parse(text.substr(0, text.find('\n')));
  first["status"] = "failed";
  first["error"] = "an earlier attempt";
  write_file(runs0, first.dump() + "\n" + text);

  // Shard 1 lost all but its first record (killed): --resume runs the rest.
  const fs::path runs1 = out / "mixed" / "runs.shard-1-of-2.jsonl";
  const std::string text1 = read_file(runs1);
  const std::size_t kept_lines = 1;
  write_file(runs1, text1.substr(0, text1.find('\n') + 1));
  const auto resumed = run_lrbench("run " + scenarios() + " --out " + q(out) + " --shard 1/2 --resume --jobs 1");
  ASSERT_EQ(resumed.status, 0) << resumed.output;
  EXPECT_NE(resumed.output.find("mixed: resuming: " + std::to_string(kept_lines) + " of 6 runs already recorded"),
            std::string::npos)
      << resumed.output;

  const auto r = run_lrbench("merge " + q(out));
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("1 superseded records"), std::string::npos) << r.output;
  expect_same_outputs(local_, out, "mixed");
  expect_same_outputs(local_, out, "tiny");
}

TEST(ShardMergeRefusals, MixedPlansMixedSplitsAndOrphanRunsFiles) {
  const fs::path out = fresh_dir("shard-mixed-plans");
  run_ok("run " + q(kTiny) + " --out " + q(out) + " --shard 0/2 --seeds 0,1,2");
  run_ok("run " + q(kTiny) + " --out " + q(out) + " --shard 1/2 --seeds 0,1");
  auto r = run_lrbench("merge " + q(out));
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find("the shards ran different plans"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("in shard 0/2"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("in shard 1/2"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(out / "tiny" / "runs.jsonl"));

  const fs::path split = fresh_dir("shard-mixed-splits");
  run_ok("run " + q(kTiny) + " --out " + q(split) + " --shard 0/2");
  run_ok("run " + q(kTiny) + " --out " + q(split) + " --shard 0/3");
  r = run_lrbench("merge " + q(split));
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find("shard files of 2 different splits"), std::string::npos) << r.output;

  const fs::path orphan = fresh_dir("shard-orphan");
  run_ok("run " + q(kTiny) + " --out " + q(orphan) + " --shard 0/2");
  run_ok("run " + q(kTiny) + " --out " + q(orphan) + " --shard 1/2");
  fs::remove(orphan / "tiny" / "scenario.shard-1-of-2.json");
  r = run_lrbench("merge " + q(orphan));
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find("runs.shard-1-of-2.jsonl: no scenario.shard-I-of-N.json"), std::string::npos) << r.output;

  r = run_lrbench("merge " + q(fresh_dir("shard-empty")));
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find("no shard files"), std::string::npos) << r.output;
}

TEST(ShardMergeRefusals, BadShardValuesSayTheExpectedForm) {
  const fs::path out = fresh_dir("shard-bad-values");
  for (const std::string bad : {"2/2", "0/0", "1", "a/2", "-1/2", "1/-2", "0/100001", "1/2/3", "", " 0/2"}) {
    SCOPED_TRACE(bad);
    const auto r = run_lrbench("run " + q(kTiny) + " --out " + q(out / "x") + " --shard " + shell_quote(bad));
    EXPECT_EQ(r.status, 2) << r.output;
    EXPECT_NE(r.output.find("expected I/N with 0 <= I < N <= 100000"), std::string::npos) << r.output;
    EXPECT_FALSE(fs::exists(out / "x"));
  }
  const auto r = run_lrbench("plan " + q(kTiny) + " --shards 0");
  EXPECT_EQ(r.status, 2) << r.output;
}

TEST(Plan, ListsTheRunsWithIdsAndCosts) {
  const auto r = run_lrbench("plan " + q(kTiny));
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("tiny: 4 runs (2 variants x 2 seeds)"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("total: 4 runs"), std::string::npos) << r.output;
  // 20 epochs x (2·16+16 + 16·3+3 = 99 parameters) x (4·100 + 100 rows).
  EXPECT_NE(r.output.find("9.9e+05"), std::string::npos) << r.output;
  const auto bad = run_lrbench("plan " + q(fs::path(LRBENCH_TEST_DATA_DIR) / "scenarios" / "misspelt.yaml"));
  EXPECT_EQ(bad.status, 2) << bad.output;
}

}  // namespace
