// Golden format 2 through conformance: the fixtures of
// tools/golden/sdk2_fixtures.py (layout, objective + gradient_at,
// expected_eval, nested optimizers, null, "inf") pass, and each feature is
// really checked: changing what it controls fails the case.
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "conformance/conformance.hpp"
#include "sdk2_plugins.hpp"

namespace lrbench {
namespace {

using conformance::CaseResult;
using nlohmann::json;

const json& fixtures() {
  static const json file = [] {
    std::ifstream in(LRBENCH_TEST_DATA_DIR "/golden/sdk2-fixtures.json");
    return in ? json::parse(in) : json();
  }();
  return file;
}

conformance::Tolerance tolerance() {
  return {fixtures()["tolerance"]["rtol"].get<double>(), fixtures()["tolerance"]["atol"].get<double>()};
}

json one(const std::string& name) {
  for (const json& c : fixtures()["cases"]) {
    if (c["name"] == name) return json{{"format", 2}, {"cases", json::array({c})}};
  }
  ADD_FAILURE() << "no fixture named " << name;
  return json{{"format", 2}, {"cases", json::array()}};
}

CaseResult check(const json& file) {
  const auto results = conformance::check_optimizer_cases(file, tolerance(), testing::sdk2_registry());
  if (results.size() != 1) throw std::runtime_error("expected one case");
  return results.front();
}

std::vector<std::string> names() {
  std::vector<std::string> out;
  if (fixtures().contains("cases")) {
    for (const json& c : fixtures()["cases"]) out.push_back(c["name"].get<std::string>());
  }
  return out;
}

class Sdk2Fixture : public ::testing::TestWithParam<std::string> {};

// Every fixture passes, and uses a fair share of its tolerance: one that used
// less than 1 % could not tell a small change in the rule from rounding.
TEST_P(Sdk2Fixture, MatchesItsReference) {
  const CaseResult r = check(one(GetParam()));
  EXPECT_TRUE(r.passed) << r.name << ": " << r.detail;
  EXPECT_GT(r.worst_ratio, 0.01) << r.detail;
  std::printf("  %-34s max |error| %.3g (%.2g of tolerance)\n", r.name.c_str(), r.max_abs_error, r.worst_ratio);
}

INSTANTIATE_TEST_SUITE_P(Golden, Sdk2Fixture, ::testing::ValuesIn(names()),
                         [](const auto& info) { return info.param; });

TEST(Sdk2Fixtures, CoverEveryFormat2Feature) {
  ASSERT_EQ(fixtures().value("format", 0), 2);
  bool layout = false, objective = false, eval = false, nested = false, null = false, inf = false;
  for (const json& c : fixtures()["cases"]) {
    layout = layout || c.contains("layout");
    objective = objective || c.contains("objective");
    eval = eval || c.contains("expected_eval");
    for (const auto& [key, value] : c["params"].items()) {
      nested = nested || (value.is_object() && value.contains("name"));
      null = null || value.is_null();
      inf = inf || value == "inf";
    }
  }
  EXPECT_TRUE(layout && objective && eval && nested && null && inf);
}

// expected_eval is compared with the evaluation weights (Lookahead's slow
// weights), not the training weights.
TEST(Format2, ExpectedEvalIsChecked) {
  json file = one("lookahead_default_inner");
  file["cases"][0]["expected_eval"][4][2] = file["cases"][0]["expected_eval"][4][2].get<double>() + 1e-5;
  const CaseResult r = check(file);
  EXPECT_FALSE(r.passed);
  EXPECT_NE(r.detail.find("evaluation weights at step 5, coordinate 2"), std::string::npos) << r.detail;
  // Without it only the training weights are checked.
  file["cases"][0].erase("expected_eval");
  EXPECT_TRUE(check(file).passed);
}

// The layout reaches the plugin: lnsgd normalises per tensor, so the same
// numbers under another tensor split give another trajectory.
TEST(Format2, LayoutReachesThePlugin) {
  json file = one("lnsgd_layout_all_tensors");
  file["cases"][0]["layout"] = json::array({{{"name", "all"}, {"shape", {26}}, {"role", "weight"}}});
  const CaseResult r = check(file);
  EXPECT_FALSE(r.passed) << "lnsgd gave the same trajectory with one tensor instead of four";
}

// With an objective the host answers gradient_at; with fixed grads it cannot.
TEST(Format2, ObjectiveAnswersGradientAt) {
  json file = one("sam_objective_inner_sgd_momentum");
  json& c = file["cases"][0];
  const std::size_t n = c["x0"].size();
  c.erase("objective");
  c["grads"] = json::array();
  for (std::size_t t = 0; t < c["lr"].size(); ++t) c["grads"].push_back(std::vector<double>(n, 0.1));
  const CaseResult r = check(file);
  EXPECT_FALSE(r.passed);
  EXPECT_NE(r.detail.find("gradient_at"), std::string::npos) << r.detail;
  EXPECT_NE(r.detail.find("'objective'"), std::string::npos) << r.detail;
}

TEST(Format2, NestedOptimizerParametersMatter) {
  json file = one("sam_objective_inner_sgd_momentum");
  file["cases"][0]["params"]["inner"]["params"]["momentum"] = 0.8;
  EXPECT_FALSE(check(file).passed);
  file["cases"][0]["params"]["inner"]["params"]["momentum"] = 2.0;
  const CaseResult bad = check(file);
  EXPECT_FALSE(bad.passed);
  EXPECT_NE(bad.detail.find("params.inner.params.momentum: expected a number in [0, 1), found 2.0"), std::string::npos)
      << bad.detail;
  file["cases"][0]["params"]["inner"] = {{"name", "sgdd"}};
  const CaseResult unknown = check(file);
  EXPECT_NE(unknown.detail.find("no optimizer plugin named 'sgdd' is loaded; did you mean 'sgd'?"), std::string::npos)
      << unknown.detail;
  EXPECT_NE(unknown.detail.find("optimizers found:"), std::string::npos) << unknown.detail;
}

// null means the plugin's documented default for a nullable parameter, and
// "inf" an infinite number where the declaration allows it; elsewhere both
// are refused.
TEST(Format2, NullAndInfinity) {
  json file = one("clipped_sgd_null_and_inf");
  file["cases"][0]["params"] = json::object();  // the same as the declared defaults
  EXPECT_TRUE(check(file).passed);
  file["cases"][0]["params"] = {{"max_norm", 1e-3}};  // clipping hard: another trajectory
  EXPECT_FALSE(check(file).passed);
  file["cases"][0]["params"] = {{"momentum", nullptr}};
  EXPECT_NE(check(file).detail.find("'momentum' cannot be null"), std::string::npos);
  file = one("sam_objective_inner_sgd_momentum");
  file["cases"][0]["params"]["rho"] = "inf";
  EXPECT_NE(check(file).detail.find("params.rho: expected a finite number > 0, found .inf"), std::string::npos);
}

TEST(Format2, CaseToleranceOverridesTheFile) {
  json file = one("clipped_sgd_clipping");
  file["cases"][0]["tolerance"] = {{"rtol", 0.0}, {"atol", 1e-12}};
  EXPECT_FALSE(check(file).passed);
}

TEST(Format2, MalformedCasesAreRefusedBeforeAnyRuns) {
  auto refused = [](json file, const std::string& what) {
    try {
      static_cast<void>(conformance::check_optimizer_cases(file, tolerance(), testing::sdk2_registry()));
    } catch (const std::runtime_error& e) {
      EXPECT_NE(std::string(e.what()).find(what), std::string::npos) << e.what();
      return;
    }
    ADD_FAILURE() << "accepted: " << what;
  };
  json file = one("lnsgd_layout_all_tensors");
  file["format"] = 1;
  refused(file, "'layout' needs \"format\": 2");
  file = one("lnsgd_layout_all_tensors");
  file["cases"][0]["layout"][0]["shape"] = {4, 4};
  refused(file, "covers 30 values, x0 has 26");
  file = one("lnsgd_layout_all_tensors");
  file["cases"][0]["layout"][1]["role"] = "offset";
  refused(file, "expected \"weight\" or \"bias\"");
  file = one("sam_objective_inner_sgd_momentum");
  file["cases"][0]["grads"] = json::array();
  refused(file, "give exactly one of 'grads'");
  file = one("lookahead_default_inner");
  file["cases"][0]["expected_eval"].erase(0);
  refused(file, "must have as many");
}

}  // namespace
}  // namespace lrbench
