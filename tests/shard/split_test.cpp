// The shard split, its names and the cost estimate: pure functions.
#include <algorithm>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "shard/cost.hpp"
#include "shard/split.hpp"
#include "util/output_names.hpp"

namespace {

using namespace lrbench::shard;

std::vector<std::string> make_ids(std::size_t n) {
  std::vector<std::string> out;
  std::mt19937_64 random(7);
  for (std::size_t k = 0; k < n; ++k) {
    char id[17];
    std::snprintf(id, sizeof id, "%016llx", static_cast<unsigned long long>(random()));
    out.push_back(id);
  }
  return out;
}

TEST(ParseShard, AcceptsIOfNCountedFromZero) {
  std::string problem;
  const auto s = parse_shard("3/4", problem);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->index, 3U);
  EXPECT_EQ(s->count, 4U);
  EXPECT_TRUE(parse_shard("0/1", problem));
  EXPECT_TRUE(parse_shard("99999/100000", problem));
  for (const char* bad : {"4/4", "0/0", "", "/", "1/", "/2", "-1/2", "+1/2", "1/2/3", "0x1/2", "1 /2", "0/100001",
                          "0/99999999999999999999"}) {
    problem.clear();
    EXPECT_FALSE(parse_shard(bad, problem)) << bad;
    EXPECT_NE(problem.find("expected I/N"), std::string::npos) << bad;
    EXPECT_NE(problem.find(std::string("found '") + bad + "'"), std::string::npos) << problem;
  }
}

TEST(ShardFileNames, RoundTripAndAreReserved) {
  const ShardSpec spec{2, 12};
  EXPECT_EQ(runs_file_name(spec), "runs.shard-2-of-12.jsonl");
  EXPECT_EQ(meta_file_name(spec), "scenario.shard-2-of-12.json");
  EXPECT_EQ(stale_file_name(spec), "runs.shard-2-of-12.stale.jsonl");
  EXPECT_EQ(lock_file_name(spec), ".lrbench.shard-2-of-12.lock");
  const auto parsed = parse_meta_file_name("scenario.shard-2-of-12.json");
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->index, 2U);
  EXPECT_EQ(parsed->count, 12U);
  EXPECT_FALSE(parse_meta_file_name("scenario.shard-12-of-12.json"));
  EXPECT_FALSE(parse_meta_file_name("scenario.shard-1-of-2.json.tmp-5"));
  EXPECT_FALSE(parse_meta_file_name("scenario.json"));
  for (const std::string& name : {runs_file_name(spec), meta_file_name(spec), stale_file_name(spec),
                                  lock_file_name(spec)}) {
    EXPECT_TRUE(is_shard_file_name(name)) << name;
    // A scenario cannot be named like a shard file (it becomes a folder beside them).
    EXPECT_TRUE(lrbench::util::is_reserved_output_name(name)) << name;
  }
  EXPECT_FALSE(is_shard_file_name("runs.jsonl"));
}

TEST(Assign, EqualCostsDealRoundRobinInIdOrder) {
  const auto ids = make_ids(10);
  const auto owner = assign(ids, std::vector<double>(10, 1.0), 4, "");
  std::vector<std::size_t> order(10);
  for (std::size_t k = 0; k < 10; ++k) order[k] = k;
  std::sort(order.begin(), order.end(), [&](auto a, auto b) { return ids[a] < ids[b]; });
  const std::size_t first = owner[order[0]];
  for (std::size_t r = 0; r < 10; ++r) EXPECT_EQ(owner[order[r]], (first + r) % 4) << r;
}

TEST(Assign, DependsOnIdsAndCostsNotOnTheirOrder) {
  auto ids = make_ids(200);
  std::vector<double> costs;
  for (std::size_t k = 0; k < ids.size(); ++k) costs.push_back(static_cast<double>(1 + (k * 7919) % 50));
  const auto owner = assign(ids, costs, 7, "scenario");
  // Shuffle the input: each id keeps its shard.
  std::vector<std::size_t> perm(ids.size());
  for (std::size_t k = 0; k < perm.size(); ++k) perm[k] = k;
  std::shuffle(perm.begin(), perm.end(), std::mt19937(3));
  std::vector<std::string> ids2;
  std::vector<double> costs2;
  for (const auto k : perm) {
    ids2.push_back(ids[k]);
    costs2.push_back(costs[k]);
  }
  const auto owner2 = assign(ids2, costs2, 7, "scenario");
  for (std::size_t j = 0; j < perm.size(); ++j) EXPECT_EQ(owner2[j], owner[perm[j]]);
}

TEST(Assign, NoShardIsMoreThanTheLargestRunAboveTheMean) {
  for (const std::size_t shards : {1, 2, 3, 8, 64}) {
    const auto ids = make_ids(500);
    std::vector<double> costs;
    std::mt19937_64 random(shards);
    for (std::size_t k = 0; k < ids.size(); ++k) costs.push_back(1.0 + static_cast<double>(random() % 1000));
    const auto owner = assign(ids, costs, shards, "x");
    std::vector<double> load(shards, 0.0);
    for (std::size_t k = 0; k < ids.size(); ++k) load.at(owner[k]) += costs[k];
    const double total = std::accumulate(load.begin(), load.end(), 0.0);
    const double largest = *std::max_element(costs.begin(), costs.end());
    for (const double l : load) EXPECT_LE(l, total / static_cast<double>(shards) + largest) << shards;
    // LPT is much tighter than the bound with dozens of runs a shard: within 1 % of the mean.
    if (shards <= 8)
      for (const double l : load) EXPECT_NEAR(l, total / static_cast<double>(shards), 0.01 * total / static_cast<double>(shards)) << shards;
  }
}

TEST(Assign, MoreShardsThanRunsLeavesSomeEmpty) {
  const auto owner = assign(make_ids(3), {1.0, 1.0, 1.0}, 10, "tiny");
  std::vector<std::size_t> sorted = owner;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(std::unique(sorted.begin(), sorted.end()) - sorted.begin(), 3) << "three runs on three shards";
}

TEST(PlanHash, CoversThePlanNotTheMachine) {
  lrbench::report::ScenarioMeta meta;
  meta.name = "s";
  meta.variants = {"a", "b"};
  meta.configs = {nlohmann::json::object(), nlohmann::json::object()};
  meta.seeds = {0, 1};
  meta.run_ids = {{"1", "2"}, {"3", "4"}};
  const std::string hash = plan_hash(meta);
  auto other = meta;
  other.context.date = "2030-01-01T00:00:00Z";
  other.context.threads = 64;
  other.partial = true;
  EXPECT_EQ(plan_hash(other), hash);
  other.seeds = {0, 2};
  other.run_ids = {{"1", "5"}, {"3", "6"}};
  EXPECT_NE(plan_hash(other), hash);
  other = meta;
  other.variants = {"a", "c"};
  EXPECT_NE(plan_hash(other), hash);
}

TEST(Cost, EpochsTimesParametersTimesRows) {
  lrbench::scenario::RunConfig config;  // blobs data by default
  config.shape.features = 2;
  config.rows = {100, 0, 100};
  config.model.layers = {{16, lrbench::model::Activation::relu}, {3, lrbench::model::Activation::softmax}};
  config.training.epochs = 20;
  // (2·16 + 16) + (16·3 + 3) = 99 parameters; 3·100 training + 200 evaluated rows.
  EXPECT_EQ(estimated_cost(config), 20.0 * 99 * 500);
  config.rows = {150, 0, 50};
  EXPECT_EQ(estimated_cost(config), 20.0 * 99 * (450 + 200));
  config.rows = {100, 50, 50};  // a validation split is evaluated too
  EXPECT_EQ(estimated_cost(config), 20.0 * 99 * (300 + 200));
  config.training.epochs = 0;
  EXPECT_EQ(estimated_cost(config), 1.0) << "never 0: a shard's load must grow";
}

}  // namespace
