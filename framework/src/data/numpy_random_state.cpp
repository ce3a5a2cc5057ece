#include "data/numpy_random_state.hpp"

#include <cmath>
#include <utility>

#include "lrbench/math.hpp"

namespace lrbench::data::numpy {

void RandomState::seed(std::uint32_t seed) noexcept {
  mt_[0] = seed;
  for (int i = 1; i < kN; ++i) {
    const std::uint32_t prev = mt_[i - 1];
    mt_[i] = 1812433253U * (prev ^ (prev >> 30U)) + static_cast<std::uint32_t>(i);
  }
  pos_ = kN;
  has_gauss_ = false;
  gauss_ = 0.0;
}

// The MT19937 recurrence: y = upper bit of mt[i] | lower 31 bits of mt[i+1];
// mt[i] = mt[i+M] ^ (y >> 1) ^ (y odd ? 0x9908b0df : 0), indices mod N.
void RandomState::regenerate() noexcept {
  constexpr std::uint32_t upper = 0x80000000U;
  constexpr std::uint32_t lower = 0x7fffffffU;
  constexpr std::uint32_t matrix_a = 0x9908b0dfU;
  auto twist = [&](std::uint32_t hi_word, std::uint32_t lo_word, std::uint32_t far) {
    const std::uint32_t y = (hi_word & upper) | (lo_word & lower);
    return far ^ (y >> 1U) ^ ((y & 1U) != 0U ? matrix_a : 0U);
  };
  int i = 0;
  for (; i < kN - kM; ++i) mt_[i] = twist(mt_[i], mt_[i + 1], mt_[i + kM]);
  for (; i < kN - 1; ++i) mt_[i] = twist(mt_[i], mt_[i + 1], mt_[i + kM - kN]);
  mt_[kN - 1] = twist(mt_[kN - 1], mt_[0], mt_[kM - 1]);
  pos_ = 0;
}

double RandomState::uniform(double low, double high) noexcept {
  const double range = high - low;
  return low + range * random_sample();
}

double RandomState::normal(double loc, double scale) noexcept { return loc + scale * gauss(); }

double RandomState::gauss() noexcept {
  if (has_gauss_) {
    const double cached = gauss_;
    has_gauss_ = false;
    gauss_ = 0.0;
    return cached;
  }
  double x1 = 0.0;
  double x2 = 0.0;
  double r2 = 0.0;
  do {
    x1 = 2.0 * random_sample() - 1.0;
    x2 = 2.0 * random_sample() - 1.0;
    r2 = x1 * x1 + x2 * x2;
  } while (r2 >= 1.0 || r2 == 0.0);
  // numpy calls the C library's log here; lrbench's own (lrbench/math.hpp)
  // is correctly rounded, so it matches wherever the C library's does.
  const double f = std::sqrt(-2.0 * math::log(r2) / r2);
  gauss_ = f * x1;
  has_gauss_ = true;
  return f * x2;
}

std::uint64_t RandomState::random_interval(std::uint64_t max) noexcept {
  if (max == 0) return 0;
  std::uint64_t mask = max;
  mask |= mask >> 1U;
  mask |= mask >> 2U;
  mask |= mask >> 4U;
  mask |= mask >> 8U;
  mask |= mask >> 16U;
  mask |= mask >> 32U;
  std::uint64_t value = 0;
  if (max <= 0xffffffffULL) {
    do value = next_uint32() & mask;
    while (value > max);
  } else {
    do value = next_uint64() & mask;
    while (value > max);
  }
  return value;
}

void RandomState::shuffle(std::span<std::int32_t> values) noexcept {
  for (std::size_t i = values.size(); i > 1; --i) {
    const auto j = static_cast<std::size_t>(random_interval(i - 1));
    std::swap(values[i - 1], values[j]);
  }
}

}  // namespace lrbench::data::numpy
