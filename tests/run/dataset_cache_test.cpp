// The runner's dataset cache: built on first use, once per distinct data
// setting, shared, and dropped after the last run that needs it.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "run/dataset_cache.hpp"
#include "scenario/canonical.hpp"

namespace lrbench::run {
namespace {

scenario::Variant variant(int n_samples, const std::string& label) {
  scenario::Variant v;
  v.label = label;
  data::BlobsSpec blobs;
  blobs.n_samples = n_samples;
  v.config.data.source = blobs;
  v.config.resolved = {{"data", data::to_json(v.config.data.source)}, {"optimizer", label}};
  return v;
}

// Three variants, the first two on the same data; two seeds each.
scenario::Scenario three_variants() {
  scenario::Scenario s;
  s.variants = {variant(100, "a"), variant(100, "b"), variant(200, "c")};
  s.seeds = {0, 1};
  return s;
}

TEST(DatasetCache, BuildsOnFirstUseSharesAndFreesAfterTheLastRun) {
  const scenario::Scenario s = three_variants();
  const std::vector<scenario::Run> runs = scenario::plan(s);
  ASSERT_EQ(runs.size(), 6u);
  DatasetCache cache(s, runs);
  EXPECT_EQ(cache.held(), 0u);  // nothing is built up front

  auto first = cache.acquire(0);
  EXPECT_EQ(cache.held(), 1u);
  EXPECT_EQ(first->train.num_samples() + first->test.num_samples(), 100);
  // The other runs of variants a and b get the very same dataset.
  for (std::size_t i : {1u, 2u, 3u}) EXPECT_EQ(cache.acquire(i).get(), first.get()) << "run " << i;
  for (std::size_t i : {0u, 1u, 2u}) cache.release(i);
  EXPECT_EQ(cache.held(), 1u);  // run 3 still needs it
  cache.release(3);
  EXPECT_EQ(cache.held(), 0u);  // freed after its last run

  auto other = cache.acquire(4);
  EXPECT_EQ(other->train.num_samples() + other->test.num_samples(), 200);
  EXPECT_EQ(cache.held(), 1u);
  cache.release(4);
  cache.release(5);
  EXPECT_EQ(cache.held(), 0u);
}

TEST(DatasetCache, ConcurrentRunsBuildOneCopy) {
  scenario::Scenario s;
  s.variants = {variant(5000, "a"), variant(5000, "b")};
  s.seeds = {0, 1, 2, 3};
  const std::vector<scenario::Run> runs = scenario::plan(s);
  DatasetCache cache(s, runs);
  std::vector<const data::Dataset*> seen(runs.size());
  std::vector<std::jthread> threads;
  for (std::size_t i = 0; i < runs.size(); ++i) {
    threads.emplace_back([&, i] { seen[i] = cache.acquire(i).get(); });
  }
  threads.clear();  // joins
  for (const auto* d : seen) EXPECT_EQ(d, seen[0]);
}

TEST(DatasetCache, AFailedBuildFailsEveryRunOfThatDataWithTheReason) {
  scenario::Scenario s;
  s.variants = {variant(100, "a")};
  data::SplitSpec impossible;
  impossible.train = data::Amount{false, 100, 0.0};  // leaves no test rows
  s.variants[0].config.data.split = impossible;
  s.seeds = {0, 1};
  const std::vector<scenario::Run> runs = scenario::plan(s);
  DatasetCache cache(s, runs);
  for (std::size_t i = 0; i < runs.size(); ++i) {
    try {
      (void)cache.acquire(i);
      FAIL() << "run " << i << " got a dataset";
    } catch (const std::exception& e) {
      EXPECT_NE(std::string(e.what()).find("leaves the test set empty"), std::string::npos) << e.what();
    }
  }
}

}  // namespace
}  // namespace lrbench::run
