#include "data/numpy_random_state.hpp"

#include <cstdint>
#include <numeric>
#include <random>
#include <vector>

#include <gtest/gtest.h>

namespace lrbench::data::numpy {
namespace {

// std::mt19937 is specified by the C++ standard with the same init_genrand
// seeding numpy uses for an integer seed, so it is an independent reference.
TEST(NumpyRandomState, Mt19937MatchesStdMt19937) {
  for (std::uint32_t seed : {0U, 2U, 5489U, 4294967295U}) {
    RandomState rs(seed);
    std::mt19937 ref(seed);
    for (int i = 0; i < 2000; ++i) ASSERT_EQ(rs.next_uint32(), ref()) << "seed " << seed << " draw " << i;
  }
}

TEST(NumpyRandomState, KnownFirstOutputs) {
  EXPECT_EQ(RandomState(5489).next_uint32(), 3499211612U);  // MT19937 reference, default seed
  EXPECT_EQ(RandomState(0).next_uint32(), 2357136044U);
  // The standard's check value: the 10000th output for seed 5489.
  RandomState rs(5489);
  std::uint32_t v = 0;
  for (int i = 0; i < 10000; ++i) v = rs.next_uint32();
  EXPECT_EQ(v, 4123659995U);
}

TEST(NumpyRandomState, RandomSampleMatchesNumpy) {
  // np.random.RandomState(0).random_sample(3)
  RandomState rs(0);
  EXPECT_EQ(rs.random_sample(), 0.5488135039273248);
  EXPECT_EQ(rs.random_sample(), 0.7151893663724195);
  EXPECT_EQ(rs.random_sample(), 0.6027633760716439);
}

TEST(NumpyRandomState, RandomSampleUsesTwoDrawsOf27And26Bits) {
  RandomState rs(123);
  std::mt19937 ref(123);
  for (int i = 0; i < 100; ++i) {
    const std::uint32_t a = ref() >> 5U;
    const std::uint32_t b = ref() >> 6U;
    ASSERT_EQ(rs.random_sample(), (a * 67108864.0 + b) / 9007199254740992.0);
  }
}

TEST(NumpyRandomState, GaussMatchesNumpyStandardNormal) {
  // np.random.RandomState(0).standard_normal(5)
  RandomState rs(0);
  EXPECT_DOUBLE_EQ(rs.gauss(), 1.764052345967664);
  EXPECT_DOUBLE_EQ(rs.gauss(), 0.4001572083672233);
  EXPECT_DOUBLE_EQ(rs.gauss(), 0.9787379841057392);
  EXPECT_DOUBLE_EQ(rs.gauss(), 2.240893199201458);
  EXPECT_DOUBLE_EQ(rs.gauss(), 1.8675579901499675);
}

TEST(NumpyRandomState, ReseedClearsCachedGauss) {
  RandomState rs(0);
  const double first = rs.gauss();  // caches its partner
  rs.seed(0);
  EXPECT_EQ(rs.gauss(), first);  // a stale cached value would come out here instead
}

TEST(NumpyRandomState, NormalIsLocPlusScaleTimesGauss) {
  RandomState a(17);
  RandomState b(17);
  for (int i = 0; i < 10; ++i) ASSERT_EQ(a.normal(-3.0, 2.5), -3.0 + 2.5 * b.gauss());
}

TEST(NumpyRandomState, UniformIsLowPlusRangeTimesSample) {
  RandomState a(2);
  RandomState b(2);
  for (int i = 0; i < 10; ++i) ASSERT_EQ(a.uniform(-10.0, 10.0), -10.0 + 20.0 * b.random_sample());
}

TEST(NumpyRandomState, RandomIntervalMaskedRejection) {
  // max = 5: mask 7; the value is the first draw & 7 that is <= 5.
  RandomState rs(1);
  std::mt19937 ref(1);
  for (int i = 0; i < 200; ++i) {
    std::uint32_t want = 0;
    do want = ref() & 7U;
    while (want > 5U);
    ASSERT_EQ(rs.random_interval(5), want);
  }
  EXPECT_EQ(rs.random_interval(0), 0U);
}

TEST(NumpyRandomState, ShuffleMatchesNumpyPermutation) {
  // np.random.RandomState(0).permutation(10) == arange + shuffle
  RandomState rs(0);
  std::vector<std::int32_t> v(10);
  std::iota(v.begin(), v.end(), 0);
  rs.shuffle(v);
  EXPECT_EQ(v, (std::vector<std::int32_t>{2, 8, 4, 9, 1, 6, 7, 3, 0, 5}));
}

}  // namespace
}  // namespace lrbench::data::numpy
