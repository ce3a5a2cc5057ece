// The golden format 2 references (tests/data/golden/references/<optimizer>.json,
// tools/golden/generate_all.py), every case replayed through its plugin by
// conformance::check_file's machinery: layouts, objectives, evaluation
// weights, nested optimizers, null and "inf" included. A references file
// whose plugin is not shipped yet is skipped, and said so.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "conformance/conformance.hpp"
#include "loaded_plugins.hpp"

namespace lrbench {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const fs::path kReferences = LRBENCH_TEST_DATA_DIR "/golden/references";

// "<optimizer>/<case>" for every case of every references file.
std::vector<std::string> reference_cases() {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(kReferences, ec)) {
    if (entry.path().extension() != ".json") continue;
    std::ifstream in(entry.path());
    const json file = json::parse(in, nullptr, false);
    if (!file.is_object() || !file.contains("cases")) continue;
    for (const json& c : file["cases"]) out.push_back(entry.path().stem().string() + "/" + c.value("name", "?"));
  }
  std::sort(out.begin(), out.end());
  return out;
}

class Reference : public ::testing::TestWithParam<std::string> {};

TEST_P(Reference, MatchesWithinItsDerivedTolerance) {
  const std::string optimizer = GetParam().substr(0, GetParam().find('/'));
  const std::string name = GetParam().substr(GetParam().find('/') + 1);
  if (testing::registry().find(PluginKind::optimizer, optimizer) == nullptr) {
    GTEST_SKIP() << "no optimizer plugin '" << optimizer << "' is built yet";
  }
  const conformance::FileResult result = conformance::check_file(kReferences / (optimizer + ".json"), testing::registry());
  const auto it = std::find_if(result.cases.begin(), result.cases.end(),
                               [&](const conformance::CaseResult& c) { return c.name == name; });
  ASSERT_NE(it, result.cases.end());
  EXPECT_TRUE(it->passed) << it->detail;
  // Derived from float32, not padded: the worst value uses a fair share of it.
  EXPECT_GT(it->worst_ratio, 0.01) << it->detail;
}

INSTANTIATE_TEST_SUITE_P(Golden, Reference, ::testing::ValuesIn(reference_cases()), [](const auto& info) {
  std::string id = info.param;
  std::replace_if(id.begin(), id.end(), [](char c) { return !std::isalnum(static_cast<unsigned char>(c)); }, '_');
  return id;
});

TEST(References, CoverEveryShippedOptimizer) {
  for (const std::string& name : testing::optimizer_names()) {
    EXPECT_TRUE(fs::exists(kReferences / (name + ".json"))) << name << " has no references file";
  }
}

}  // namespace
}  // namespace lrbench
