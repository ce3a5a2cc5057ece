// End-to-end tests of the lrbench executable: exit statuses, messages and the
// files a run writes.
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "cli_runner.hpp"
#include <nlohmann/json.hpp>

#include "run/jsonl.hpp"

namespace {

namespace fs = std::filesystem;
const fs::path kScenarios = fs::path(LRBENCH_TEST_DATA_DIR) / "scenarios";

using Result = lrbench::testing::CommandResult;
using lrbench::testing::fresh_dir;

Result lrbench(const std::string& args) { return lrbench::testing::run_lrbench(args); }

TEST(Cli, VersionAndHelp) {
  const Result version = lrbench("--version");
  EXPECT_EQ(version.status, 0);
  EXPECT_NE(version.output.find("lrbench 0."), std::string::npos) << version.output;
  for (const char* sub : {"run", "plugins", "describe", "conformance", "report"}) {
    const Result help = lrbench(std::string(sub) + " --help");
    EXPECT_EQ(help.status, 0) << sub;
    EXPECT_NE(help.output.find("Usage"), std::string::npos) << sub << ": " << help.output;
  }
}

TEST(Cli, NoSubcommandIsBadInput) { EXPECT_EQ(lrbench("").status, 2); }

TEST(Cli, PluginsListsTheShippedOnes) {
  const Result r = lrbench("plugins");
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("sgd"), std::string::npos);
  EXPECT_NE(r.output.find("constant"), std::string::npos);
  const Result j = lrbench("plugins --json");
  ASSERT_EQ(j.status, 0) << j.output;
  const auto doc = nlohmann::json::parse(j.output);
  bool found = false;
  for (const auto& p : doc.at("plugins")) found = found || p.at("name") == "sgd";
  EXPECT_TRUE(found);
}

TEST(Cli, DescribeShowsParametersAndSuggestsNames) {
  const Result r = lrbench("describe sgd");
  ASSERT_EQ(r.status, 0) << r.output;
  for (const char* word : {"momentum", "dampening", "nesterov", "weight_decay", "[0, 1)"}) {
    EXPECT_NE(r.output.find(word), std::string::npos) << word << "\n" << r.output;
  }
  const Result bad = lrbench("describe sdg");
  EXPECT_EQ(bad.status, 2);
  EXPECT_NE(bad.output.find("did you mean 'sgd'"), std::string::npos) << bad.output;
}

TEST(Cli, ConformanceOnTheGoldenBlobs) {
  const Result r = lrbench("conformance " + (fs::path(LRBENCH_TEST_DATA_DIR) / "golden" / "blobs.json").string());
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("2 passed, 0 failed"), std::string::npos) << r.output;
}

TEST(Cli, BadScenariosFailBeforeTrainingWithLocationAndSuggestion) {
  const fs::path out = fresh_dir("bad");
  struct Case {
    const char* file;
    const char* expected;
  };
  for (const Case& c : {Case{"misspelt.yaml", "misspelt.yaml:7:3: error: training.epocs: unknown key 'epocs'; did you mean 'epochs'?"},
                        Case{"unknown-plugin.yaml", "misspelt"},
                        Case{"string-for-number.yaml", "string-for-number.yaml:10:7: error: optimizer.lr:"}}) {
    const Result r = lrbench("run " + (kScenarios / c.file).string() + " --out " + out.string());
    EXPECT_EQ(r.status, 2) << c.file << "\n" << r.output;
    if (std::string(c.file) != "unknown-plugin.yaml") {
      EXPECT_NE(r.output.find(c.expected), std::string::npos) << c.file << "\n" << r.output;
    } else {
      EXPECT_NE(r.output.find("unknown-plugin.yaml:9:9: error: optimizer.name:"), std::string::npos) << r.output;
      EXPECT_NE(r.output.find("did you mean 'sgd'?"), std::string::npos) << r.output;
    }
  }
  EXPECT_TRUE(fs::is_empty(out)) << "nothing may be written for a bad scenario";
}

std::map<std::string, nlohmann::json> records_by_id(const fs::path& runs) {
  std::vector<std::string> warnings;
  std::map<std::string, nlohmann::json> out;
  for (const auto& r : lrbench::run::read_runs(runs, warnings)) {
    nlohmann::json j = lrbench::run::to_json(r);
    j.erase("wall_seconds");
    out[r.id] = j;
  }
  EXPECT_TRUE(warnings.empty());
  return out;
}

TEST(Cli, RunWritesRecordsSummaryAndReport) {
  const fs::path out = fresh_dir("run");
  const Result r = lrbench("run " + (kScenarios / "tiny.yaml").string() + " --out " + out.string() + " --jobs 2");
  ASSERT_EQ(r.status, 0) << r.output;
  const fs::path dir = out / "tiny";
  for (const char* file : {"runs.jsonl", "summary.json", "scenario.json", "README.md", "accuracy.svg"}) {
    EXPECT_TRUE(fs::exists(dir / file)) << file;
  }
  EXPECT_TRUE(fs::exists(out / "README.md")) << "the index";
  const auto records = records_by_id(dir / "runs.jsonl");
  ASSERT_EQ(records.size(), 4U);
  for (const auto& [id, j] : records) {
    EXPECT_EQ(j.at("status"), "ok");
    EXPECT_EQ(j.at("epochs").at("test_accuracy").size(), 20U);
    EXPECT_EQ(j.at("scenario"), "tiny");
  }
  std::ifstream in(dir / "summary.json");
  const auto summary = nlohmann::json::parse(in);
  ASSERT_EQ(summary.at("variants").size(), 2U);
  EXPECT_EQ(summary.at("variants")[0].at("label"), "lr=0.1");
  EXPECT_EQ(summary.at("variants")[1].at("label"), "lr=1e-3");
  EXPECT_GT(summary.at("variants")[0].at("final_test_accuracy").at("mean").get<double>(), 0.7);
}

TEST(Cli, ResultsAreBitIdenticalForAnyNumberOfJobs) {
  const fs::path one = fresh_dir("jobs1");
  const fs::path two = fresh_dir("jobs2");
  const std::string scenario = (kScenarios / "tiny.yaml").string();
  ASSERT_EQ(lrbench("run " + scenario + " --out " + one.string() + " --jobs 1").status, 0);
  ASSERT_EQ(lrbench("run " + scenario + " --out " + two.string() + " --jobs 2").status, 0);
  const auto a = records_by_id(one / "tiny" / "runs.jsonl");
  const auto b = records_by_id(two / "tiny" / "runs.jsonl");
  ASSERT_EQ(a.size(), 4U);
  EXPECT_EQ(a, b);  // every metric of every epoch, compared as exact doubles
}

// The adaptive optimizers take square roots and divide: vectorised and scalar
// code must not round differently depending on where a buffer landed.
TEST(Cli, AdaptiveOptimizersAreBitIdenticalAcrossRunsAndJobs) {
  const std::string scenario = (kScenarios / "tiny-adaptive.yaml").string();
  std::map<std::string, nlohmann::json> first;
  for (const char* jobs : {"1", "2", "2"}) {
    const fs::path out = fresh_dir(std::string("adaptive-jobs") + jobs);
    const Result r = lrbench("run " + scenario + " --out " + out.string() + " --jobs " + jobs);
    ASSERT_EQ(r.status, 0) << r.output;
    const auto records = records_by_id(out / "tiny-adaptive" / "runs.jsonl");
    ASSERT_EQ(records.size(), 24U);  // 4 optimizers x the 2 lrs tiny.yaml sweeps x 3 seeds
    if (first.empty()) {
      first = records;
    } else {
      EXPECT_EQ(records, first) << "--jobs " << jobs;
    }
  }
}

TEST(Cli, FilterAndSeedsSelectRuns) {
  const fs::path out = fresh_dir("filter");
  const Result r = lrbench("run " + (kScenarios / "tiny.yaml").string() + " --out " + out.string() +
                           " --filter 'lr=0\\.1$' --seeds 3,4,5");
  ASSERT_EQ(r.status, 0) << r.output;
  const auto records = records_by_id(out / "tiny" / "runs.jsonl");
  ASSERT_EQ(records.size(), 3U);
  for (const auto& [id, j] : records) EXPECT_EQ(j.at("label"), "lr=0.1");
  const Result none = lrbench("run " + (kScenarios / "tiny.yaml").string() + " --out " + out.string() +
                              " --filter nothing-matches");
  EXPECT_EQ(none.status, 2);
  EXPECT_NE(none.output.find("no variant label matches"), std::string::npos) << none.output;
}

TEST(Cli, ReportReRendersFromRunsWithoutTraining) {
  const fs::path out = fresh_dir("report");
  ASSERT_EQ(lrbench("run " + (kScenarios / "tiny.yaml").string() + " --out " + out.string()).status, 0);
  fs::remove(out / "tiny" / "README.md");
  fs::remove(out / "tiny" / "summary.json");
  const Result r = lrbench("report " + (out / "tiny").string());
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_TRUE(fs::exists(out / "tiny" / "README.md"));
  EXPECT_TRUE(fs::exists(out / "tiny" / "summary.json"));
  EXPECT_EQ(lrbench("report " + fresh_dir("empty").string()).status, 2);
}

}  // namespace
