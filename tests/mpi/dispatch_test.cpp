// The coordinator's queue: largest cost first, guided chunk sizes, runs of a
// failed rank put back once.
#include "mpi/dispatch.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <vector>

namespace {

using lrbench::mpi::Dispatch;
using lrbench::mpi::kMaxChunk;

TEST(MpiDispatch, LargestCostFirstTiesInPlanOrder) {
  // plan indices 10..15 with costs; equal costs keep the plan's order.
  Dispatch d({10, 11, 12, 13, 14, 15}, {1, 5, 3, 5, 1, 3}, /*workers=*/1, /*jobs=*/6);
  EXPECT_EQ(d.next_chunk(), (std::vector<std::size_t>{11, 13, 12, 15, 10, 14}));
  EXPECT_TRUE(d.empty());
  EXPECT_TRUE(d.next_chunk().empty());
}

TEST(MpiDispatch, ChunksShrinkFromHalfTheQueuePerWorkerToJobs) {
  std::vector<std::size_t> runs(1000);
  std::iota(runs.begin(), runs.end(), std::size_t{0});
  Dispatch d(runs, std::vector<double>(runs.size(), 1.0), /*workers=*/2, /*jobs=*/3);
  std::vector<std::size_t> sizes;
  std::vector<std::size_t> seen;
  while (!d.empty()) {
    const auto chunk = d.next_chunk();
    sizes.push_back(chunk.size());
    seen.insert(seen.end(), chunk.begin(), chunk.end());
  }
  // ceil(1000 / 4) = 250, ceil(750 / 4) = 188, 141, 106, 80, 60, ... down to jobs = 3.
  ASSERT_GE(sizes.size(), 4U);
  EXPECT_EQ(sizes[0], 250U);
  EXPECT_EQ(sizes[1], 188U);
  EXPECT_EQ(sizes[2], 141U);
  EXPECT_TRUE(std::is_sorted(sizes.rbegin(), sizes.rend()));
  // Never fewer than jobs while jobs are left; the last takes what is left.
  for (std::size_t k = 0; k + 1 < sizes.size(); ++k) EXPECT_GE(sizes[k], 3U) << k;
  EXPECT_LE(sizes.back(), 3U);
  EXPECT_EQ(sizes[sizes.size() - 2], 3U);
  EXPECT_EQ(seen, runs);  // each once, in order (equal costs)
}

TEST(MpiDispatch, ChunksAreAtMostMaxChunk) {
  std::vector<std::size_t> runs(100000);
  std::iota(runs.begin(), runs.end(), std::size_t{0});
  Dispatch d(runs, std::vector<double>(runs.size(), 1.0), 1, 1);
  EXPECT_EQ(d.next_chunk().size(), kMaxChunk);
}

TEST(MpiDispatch, LostRunsGoBackToTheFrontOnceThenAreLostForGood) {
  Dispatch d({0, 1, 2, 3, 4, 5, 6, 7}, std::vector<double>(8, 1.0), 2, 1);
  const auto first = d.next_chunk();  // ceil(8 / 4) = 2
  ASSERT_EQ(first, (std::vector<std::size_t>{0, 1}));
  EXPECT_TRUE(d.requeue(first).empty());  // lost once: back in the queue
  d.set_workers(1);
  EXPECT_EQ(d.remaining(), 8U);
  const auto again = d.next_chunk();  // ceil(8 / 2) = 4, the lost ones first
  EXPECT_EQ(again, (std::vector<std::size_t>{0, 1, 2, 3}));
  EXPECT_EQ(d.requeue(again), (std::vector<std::size_t>{0, 1}));  // 0 and 1 lost twice
  EXPECT_EQ(d.take_all(), (std::vector<std::size_t>{2, 3, 4, 5, 6, 7}));
  EXPECT_TRUE(d.empty());
}

}  // namespace
