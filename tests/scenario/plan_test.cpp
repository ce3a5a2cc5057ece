#include <gtest/gtest.h>

#include <set>

#include "fake_catalog.hpp"
#include "scenario/loader.hpp"
#include "util/hash.hpp"

namespace {

using lrbench::scenario::load_scenario_text;
using lrbench::scenario::plan;

const fake::Catalog kCatalog;

const std::string kScenario = R"(name: demo
data: {kind: blobs, n_samples: 100}
model:
  layers: [{units: 3, activation: softmax}]
training: {epochs: 2}
optimizer: {name: sgd, lr: 0.1}
sweep:
  optimizer.lr: [0.1, 0.01]
seeds: [5, 6, 7]
)";

TEST(Plan, VariantMajorThenSeed) {
  const auto s = load_scenario_text(kScenario, "demo.yaml", kCatalog);
  const auto runs = plan(s);
  ASSERT_EQ(runs.size(), 6u);
  const std::vector<std::pair<std::size_t, std::uint64_t>> expected = {{0, 5}, {0, 6}, {0, 7}, {1, 5}, {1, 6}, {1, 7}};
  for (std::size_t i = 0; i < runs.size(); ++i) {
    EXPECT_EQ(runs[i].variant, expected[i].first);
    EXPECT_EQ(runs[i].seed, expected[i].second);
    EXPECT_EQ(runs[i].id.size(), 16u);
    EXPECT_EQ(runs[i].id.find_first_not_of("0123456789abcdef"), std::string::npos);
  }
}

TEST(Plan, IdsAreStableAndDistinct) {
  const auto a = plan(load_scenario_text(kScenario, "demo.yaml", kCatalog));
  const auto b = plan(load_scenario_text(kScenario, "other-file.yaml", kCatalog));
  ASSERT_EQ(a.size(), b.size());
  std::set<std::string> ids;
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].id, b[i].id);  // same input → same ids
    ids.insert(a[i].id);
  }
  EXPECT_EQ(ids.size(), a.size());  // a different seed or lr → a different id
  // The id is defined as FNV-1a 64 of resolved.dump() + "/" + seed.
  const auto s = load_scenario_text(kScenario, "demo.yaml", kCatalog);
  const auto expected = lrbench::util::fnv1a64(s.variants[1].config.resolved.dump() + "/6");
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(expected));
  EXPECT_EQ(a[4].id, hex);
}

TEST(Plan, Fnv1aKnownValues) {
  // Published FNV-1a 64 test vectors.
  EXPECT_EQ(lrbench::util::fnv1a64(""), 0xcbf29ce484222325ULL);
  EXPECT_EQ(lrbench::util::fnv1a64("a"), 0xaf63dc4c8601ec8cULL);
  EXPECT_EQ(lrbench::util::fnv1a64("foobar"), 0x85944171f73967e8ULL);
}

}  // namespace
