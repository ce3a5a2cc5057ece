#include "util/random.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <set>
#include <vector>

#include <gtest/gtest.h>

namespace lrbench::util {
namespace {

std::vector<std::uint64_t> draws(Rng& rng, int n) {
  std::vector<std::uint64_t> out(static_cast<std::size_t>(n));
  for (auto& v : out) v = rng.next_u64();
  return out;
}

TEST(Mix, SplitMix64MatchesReference) {
  // Vigna's splitmix64.c seeded with 0: first outputs.
  std::uint64_t state = 0;
  EXPECT_EQ(splitmix64(state), 0xe220a8397b1dcdafULL);
  EXPECT_EQ(splitmix64(state), 0x6e789e6aa1b965f4ULL);
  EXPECT_EQ(splitmix64(state), 0x06c45d188009454fULL);
}

TEST(Rng, Xoshiro256StarStarMatchesReferenceAlgorithm) {
  // Independent transcription of xoshiro256starstar.c on a state set by hand.
  std::uint64_t s[4];
  std::uint64_t sm = 42;
  for (auto& w : s) w = splitmix64(sm);
  auto rotl = [](std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); };
  Rng rng(42);
  for (int i = 0; i < 100; ++i) {
    const std::uint64_t want = rotl(s[1] * 5, 7) * 9;
    const std::uint64_t t = s[1] << 17;
    s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3]; s[2] ^= t; s[3] = rotl(s[3], 45);
    ASSERT_EQ(rng.next_u64(), want) << "draw " << i;
  }
}

TEST(Rng, SameSeedSameStream) {
  Rng a(12345);
  Rng b(12345);
  EXPECT_EQ(draws(a, 1000), draws(b, 1000));
  Rng c(12345);
  Rng d(12345);
  for (int i = 0; i < 1000; ++i) ASSERT_EQ(c.normal(), d.normal());
}

TEST(Rng, ReseedRestartsStreamAndDropsCachedNormal) {
  Rng a(7);
  const double first = a.normal();
  const double second = a.normal();  // the cached partner
  a.normal();                        // leaves a partner cached
  a.seed(7);
  EXPECT_EQ(a.normal(), first);
  EXPECT_EQ(a.normal(), second);
}

TEST(Rng, DifferentSeedsDiffer) {
  Rng a(1);
  Rng b(2);
  EXPECT_NE(draws(a, 16), draws(b, 16));
}

TEST(DeriveSeed, DeterministicAndDistinct) {
  EXPECT_EQ(derive_seed(1, 2, Purpose::init), derive_seed(1, 2, Purpose::init));
  std::set<std::uint64_t> seen;
  for (std::uint64_t a = 0; a < 8; ++a) {
    for (std::uint64_t b = 0; b < 8; ++b) {
      for (auto p : {Purpose::init, Purpose::shuffle, Purpose::data}) seen.insert(derive_seed(a, b, p));
    }
  }
  EXPECT_EQ(seen.size(), 8U * 8U * 3U);
  // Not symmetric in the two seeds.
  EXPECT_NE(derive_seed(1, 2, Purpose::init), derive_seed(2, 1, Purpose::init));
  // Purposes give unrelated streams: no shared draws in the first few.
  Rng init(5, 9, Purpose::init);
  Rng shuffle(5, 9, Purpose::shuffle);
  const auto x = draws(init, 64);
  const auto y = draws(shuffle, 64);
  for (auto v : x) EXPECT_EQ(std::count(y.begin(), y.end(), v), 0);
}

TEST(Rng, UniformDoubleInUnitIntervalWithMeanHalf) {
  Rng rng(3);
  double sum = 0.0;
  constexpr int n = 200000;
  for (int i = 0; i < n; ++i) {
    const double u = rng.uniform();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    // 53 bits: an exact multiple of 2^-53.
    ASSERT_EQ(std::ldexp(u, 53), std::floor(std::ldexp(u, 53)));
    sum += u;
  }
  EXPECT_NEAR(sum / n, 0.5, 0.005);  // sd of the mean ~ 0.00065
}

TEST(Rng, UniformFloatInUnitInterval) {
  Rng rng(4);
  double sum = 0.0;
  constexpr int n = 100000;
  for (int i = 0; i < n; ++i) {
    const float u = rng.uniform_float();
    ASSERT_GE(u, 0.0F);
    ASSERT_LT(u, 1.0F);
    sum += u;
  }
  EXPECT_NEAR(sum / n, 0.5, 0.01);
}

TEST(Rng, UniformRange) {
  Rng rng(5);
  for (int i = 0; i < 10000; ++i) {
    const double u = rng.uniform(-10.0, 10.0);
    ASSERT_GE(u, -10.0);
    ASSERT_LT(u, 10.0);
  }
}

TEST(Rng, BoundedStaysInRangeAndIsRoughlyUniform) {
  Rng rng(6);
  constexpr int k = 7;
  constexpr int n = 70000;
  std::vector<int> counts(k, 0);
  for (int i = 0; i < n; ++i) {
    const auto v = rng.bounded(k);
    ASSERT_LT(v, static_cast<std::uint64_t>(k));
    ++counts[v];
  }
  // Expected 10000 each, sd ~ 93; a generous 6 % band.
  for (int c : counts) EXPECT_NEAR(c, n / k, 600);
  EXPECT_EQ(rng.bounded(0), 0U);
  EXPECT_EQ(rng.bounded(1), 0U);
  // A bound where modulo bias would be large (2^63 + 1): both halves hit.
  const std::uint64_t big = (1ULL << 63U) + 1U;
  int upper = 0;
  for (int i = 0; i < 2000; ++i) {
    const auto v = rng.bounded(big);
    ASSERT_LT(v, big);
    upper += v >= (1ULL << 62U) ? 1 : 0;
  }
  EXPECT_NEAR(upper, 1000, 150);
}

TEST(Rng, NormalMeanAndVariance) {
  Rng rng(8);
  constexpr int n = 200000;
  double sum = 0.0;
  double sum_sq = 0.0;
  int beyond_2sd = 0;
  for (int i = 0; i < n; ++i) {
    const double z = rng.normal();
    ASSERT_TRUE(std::isfinite(z));
    sum += z;
    sum_sq += z * z;
    beyond_2sd += std::abs(z) > 2.0 ? 1 : 0;
  }
  const double mean = sum / n;
  const double var = sum_sq / n - mean * mean;
  EXPECT_NEAR(mean, 0.0, 0.01);  // sd of the mean ~ 0.0022
  EXPECT_NEAR(var, 1.0, 0.02);   // sd of the variance ~ 0.0032
  // P(|Z| > 2) = 0.0455.
  EXPECT_NEAR(static_cast<double>(beyond_2sd) / n, 0.0455, 0.004);

  Rng shifted(8);
  Rng plain(8);
  EXPECT_EQ(shifted.normal(3.0, 2.0), 3.0 + 2.0 * plain.normal());
}

TEST(Rng, ShuffleIsPermutationAndMovesThings) {
  Rng rng(9);
  std::vector<std::int32_t> v(1000);
  std::iota(v.begin(), v.end(), 0);
  rng.shuffle(v);
  std::vector<std::int32_t> sorted = v;
  std::sort(sorted.begin(), sorted.end());
  std::vector<std::int32_t> identity(1000);
  std::iota(identity.begin(), identity.end(), 0);
  EXPECT_EQ(sorted, identity);
  EXPECT_NE(v, identity);

  // Deterministic for a seed.
  Rng again(9);
  std::vector<std::int32_t> w(1000);
  std::iota(w.begin(), w.end(), 0);
  again.shuffle(w);
  EXPECT_EQ(v, w);

  // Empty and single-element spans are left alone.
  std::vector<std::int32_t> empty;
  rng.shuffle(empty);
  std::vector<std::int32_t> one{42};
  rng.shuffle(one);
  EXPECT_EQ(one, std::vector<std::int32_t>{42});
}

TEST(Rng, ShuffleOfThreeHitsAllSixOrdersEvenly) {
  Rng rng(10);
  std::vector<int> counts(6, 0);
  constexpr int n = 60000;
  for (int i = 0; i < n; ++i) {
    std::vector<std::int32_t> v{0, 1, 2};
    rng.shuffle(v);
    // Lehmer-style code of the permutation.
    const int code = v[0] * 2 + (v[1] > v[2] ? 1 : 0);
    ++counts[code];
  }
  for (int c : counts) EXPECT_NEAR(c, n / 6, 500);  // sd ~ 91
}

}  // namespace
}  // namespace lrbench::util
