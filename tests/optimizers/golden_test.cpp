// Golden trajectories from PyTorch 1.13 (float64) and the Lion paper's
// algorithm, replayed through the plugins by conformance::check_optimizer_cases.
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "conformance/conformance.hpp"
#include "loaded_plugins.hpp"

namespace lrbench {
namespace {

using conformance::CaseResult;
using conformance::Tolerance;
using nlohmann::json;

const json& golden() {
  static const json file = [] {
    std::ifstream in(LRBENCH_TEST_DATA_DIR "/golden/optimizers.json");
    return in ? json::parse(in) : json();
  }();
  return file;
}

Tolerance golden_tolerance() {
  return {golden()["tolerance"]["rtol"].get<double>(), golden()["tolerance"]["atol"].get<double>()};
}

std::vector<std::string> case_names() {
  std::vector<std::string> names;
  if (golden().contains("cases")) {
    for (const json& c : golden()["cases"]) names.push_back(c["name"].get<std::string>());
  }
  return names;
}

json only_case(const std::string& name) {
  for (const json& c : golden()["cases"]) {
    if (c["name"] == name) return json{{"cases", json::array({c})}};
  }
  return json{{"cases", json::array()}};
}

TEST(OptimizerGoldenFile, IsReadable) {
  ASSERT_TRUE(golden().is_object()) << "cannot read " LRBENCH_TEST_DATA_DIR "/golden/optimizers.json";
  EXPECT_EQ(golden()["format"], 1);
  EXPECT_GE(golden()["cases"].size(), 10u);
}

class OptimizerGolden : public ::testing::TestWithParam<std::string> {};

TEST_P(OptimizerGolden, MatchesReference) {
  const std::vector<CaseResult> results =
      conformance::check_optimizer_cases(only_case(GetParam()), golden_tolerance(), testing::registry());
  ASSERT_EQ(results.size(), 1u);
  const CaseResult& r = results.front();
  RecordProperty("max_abs_error", std::to_string(r.max_abs_error));
  EXPECT_TRUE(r.passed) << r.name << " (" << r.subject << "): " << r.detail;
  std::printf("  %-26s max |error| %.3e  %s\n", r.name.c_str(), r.max_abs_error, r.detail.c_str());
}

INSTANTIATE_TEST_SUITE_P(Golden, OptimizerGolden, ::testing::ValuesIn(case_names()),
                         [](const auto& info) { return info.param; });

// optimizers.json holds the first ten optimizers' PyTorch trajectories; the
// optimizers added since are covered by their golden format 2 references
// file (references_test.cpp replays those). Every shipped one has one or both.
TEST(OptimizerGoldenFile, CoversEveryShippedOptimizer) {
  for (const std::string& name : testing::shipped_optimizers()) {
    bool covered = std::filesystem::exists(LRBENCH_TEST_DATA_DIR "/golden/references/" + name + ".json");
    for (const json& c : golden()["cases"]) covered = covered || c["optimizer"] == name;
    EXPECT_TRUE(covered) << name << " has neither a case in optimizers.json nor a references file";
  }
}

TEST(OptimizerPlugins, AllShippedOptimizersLoad) {
  for (const auto& refused : testing::registry().refused()) {
    ADD_FAILURE() << refused.file << " refused: " << refused.reason;
  }
  for (const std::string& name : testing::shipped_optimizers()) {
    EXPECT_NE(testing::registry().find(PluginKind::optimizer, name), nullptr)
        << name << " not found in " LRBENCH_PLUGIN_DIR;
  }
}

// The checker itself must be able to fail: a reference value moved by 1e-3
// (far outside rtol 1e-4 for |x| < 2) is caught, at the right place.
TEST(OptimizerCaseChecker, CatchesAPerturbedValue) {
  json file = only_case("sgd_plain");
  file["cases"][0]["expected"][4][2] = file["cases"][0]["expected"][4][2].get<double>() + 1e-3;
  const auto results = conformance::check_optimizer_cases(file, golden_tolerance(), testing::registry());
  ASSERT_EQ(results.size(), 1u);
  EXPECT_FALSE(results[0].passed);
  EXPECT_NEAR(results[0].max_abs_error, 1e-3, 1e-5);
  EXPECT_NE(results[0].detail.find("step 5, coordinate 2"), std::string::npos) << results[0].detail;
}

TEST(OptimizerCaseChecker, MissingPluginIsAFailedCase) {
  json file = only_case("sgd_plain");
  file["cases"][0]["optimizer"] = "no_such_optimizer";
  const auto results = conformance::check_optimizer_cases(file, golden_tolerance(), testing::registry());
  ASSERT_EQ(results.size(), 1u);
  EXPECT_FALSE(results[0].passed);
  EXPECT_NE(results[0].detail.find("no_such_optimizer"), std::string::npos) << results[0].detail;
}

TEST(OptimizerCaseChecker, PluginExceptionIsAFailedCase) {
  json file = only_case("sgd_plain");
  file["cases"][0]["params"] = json{{"nesterov", true}};  // no momentum: the constructor throws
  auto results = conformance::check_optimizer_cases(file, golden_tolerance(), testing::registry());
  ASSERT_EQ(results.size(), 1u);
  EXPECT_FALSE(results[0].passed);
  EXPECT_NE(results[0].detail.find("nesterov"), std::string::npos) << results[0].detail;

  file["cases"][0]["params"] = json{{"no_such_param", 1.0}};
  results = conformance::check_optimizer_cases(file, golden_tolerance(), testing::registry());
  EXPECT_FALSE(results[0].passed);
  EXPECT_NE(results[0].detail.find("no_such_param"), std::string::npos) << results[0].detail;
}

TEST(OptimizerCaseChecker, MalformedFileThrows) {
  json file = only_case("sgd_plain");
  file["cases"][0]["grads"].erase(3);
  EXPECT_THROW((void)conformance::check_optimizer_cases(file, golden_tolerance(), testing::registry()),
               std::runtime_error);
  file = only_case("sgd_plain");
  file["cases"][0]["expected"][0].push_back(0.0);
  EXPECT_THROW((void)conformance::check_optimizer_cases(file, golden_tolerance(), testing::registry()),
               std::runtime_error);
  EXPECT_THROW((void)conformance::check_optimizer_cases(json::array(), golden_tolerance(), testing::registry()),
               std::runtime_error);
}

TEST(Tolerance, AcceptsWithinAtolPlusRtolTimesWant) {
  const Tolerance t{1e-4, 1e-6};
  EXPECT_TRUE(t.accepts(1.0 + 1.0e-4, 1.0));
  EXPECT_FALSE(t.accepts(1.0 + 1.2e-4, 1.0));
  EXPECT_TRUE(t.accepts(9e-7, 0.0));
  EXPECT_FALSE(t.accepts(2e-6, 0.0));
  EXPECT_FALSE(t.accepts(std::numeric_limits<double>::quiet_NaN(), 0.0));
  EXPECT_FALSE(t.accepts(0.0, std::numeric_limits<double>::quiet_NaN()));
}

TEST(FileResult, PassesOnlyWhenEveryCasePasses) {
  conformance::FileResult f;
  EXPECT_FALSE(f.passed());  // nothing checked
  CaseResult ok;
  ok.name = "a";
  ok.passed = true;
  f.cases.push_back(ok);
  EXPECT_TRUE(f.passed());
  CaseResult bad;
  bad.name = "b";
  f.cases.push_back(bad);
  EXPECT_FALSE(f.passed());
}

}  // namespace
}  // namespace lrbench
