// bench: the FLOP count of muon/newton_schulz/<p> (newton_schulz.cpp).
#include <gtest/gtest.h>

#include "bench/bench.hpp"

namespace {

TEST(Formulas, NewtonSchulzCountsThreeFullProductsPerIteration) {
  // p = q = 256, 5 steps: X·Xᵀ and B·X are 2·256³ each, (c·A)·A 2·256³.
  EXPECT_DOUBLE_EQ(lrbench::bench::newton_schulz_flops(256, 256, 5), 5.0 * 6.0 * 256.0 * 256.0 * 256.0);
  // A wide 2×4 matrix, 1 step: X·Xᵀ 2·2·2·4 = 32, (c·A)·A 2·8 = 16, B·X 32.
  EXPECT_DOUBLE_EQ(lrbench::bench::newton_schulz_flops(2, 4, 1), 80.0);
}

}  // namespace
