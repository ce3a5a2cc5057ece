// numpy's legacy RandomState (numpy/random/mtrand.pyx with
// src/mt19937/mt19937.c and src/legacy/legacy-distributions.c), as far as
// sklearn's make_blobs uses it, reproduced bit for bit. Internal to the data
// module; exposed in a header so the tests can check it directly. The
// floating-point arithmetic beyond random_sample (whose products are exact)
// lives in the .cpp, compiled without FMA contraction like numpy's C.
#pragma once

#include <array>
#include <cstdint>
#include <span>

namespace lrbench::data::numpy {

class RandomState {
 public:
  // RandomState(seed) for an integer seed: MT19937 init_genrand (Matsumoto &
  // Nishimura's reference seeding, also std::mt19937's), and no cached gauss.
  explicit RandomState(std::uint32_t seed) noexcept { this->seed(seed); }

  // numpy's _legacy_seeding for an int: mt[0] = seed,
  // mt[i] = 1812433253·(mt[i-1] ^ mt[i-1]>>30) + i (mod 2^32); then
  // _reset_state_variables clears has_gauss/gauss.
  void seed(std::uint32_t seed) noexcept;

  // The next tempered MT19937 output (mt19937_next32).
  std::uint32_t next_uint32() noexcept {
    if (pos_ == kN) regenerate();
    std::uint32_t y = mt_[pos_++];
    y ^= y >> 11U;
    y ^= (y << 7U) & 0x9d2c5680U;
    y ^= (y << 15U) & 0xefc60000U;
    y ^= y >> 18U;
    return y;
  }

  // mt19937_next64: high word drawn first.
  std::uint64_t next_uint64() noexcept {
    const std::uint64_t hi = next_uint32();
    return (hi << 32U) | next_uint32();
  }

  // random_sample(): mt19937_next_double, 53 bits from two draws,
  // a = x1 >> 5 (27 bits), b = x2 >> 6 (26 bits), (a·2^26 + b) / 2^53.
  double random_sample() noexcept {
    const std::uint32_t a = next_uint32() >> 5U;
    const std::uint32_t b = next_uint32() >> 6U;
    return (a * 67108864.0 + b) / 9007199254740992.0;
  }

  // uniform(low, high): random_uniform(low, range) = low + range·u, with
  // range = high - low computed once in double, as mtrand.pyx does.
  double uniform(double low, double high) noexcept;

  // legacy_gauss: Marsaglia's polar method. Draws x1, x2 = 2u - 1 until
  // 0 < r2 = x1² + x2² < 1, f = sqrt(-2·log(r2)/r2), returns f·x2 and caches
  // f·x1 for the next call (has_gauss / gauss; the cache is cleared to 0
  // when used).
  double gauss() noexcept;

  // legacy_normal(loc, scale) = loc + scale·gauss().
  double normal(double loc, double scale) noexcept;

  // random_interval(max): uniform integer in [0, max] by masked rejection:
  // mask = smallest 2^k - 1 >= max; draw (32-bit draws when max fits in 32
  // bits, else 64-bit) & mask until the value is <= max.
  std::uint64_t random_interval(std::uint64_t max) noexcept;

  // RandomState.shuffle of a 1-D array (_shuffle_raw): for i = n-1 down to 1,
  // j = random_interval(i), swap x[i] and x[j].
  void shuffle(std::span<std::int32_t> values) noexcept;

 private:
  static constexpr int kN = 624;
  static constexpr int kM = 397;

  void regenerate() noexcept;  // mt19937_gen: the next 624 words

  std::array<std::uint32_t, kN> mt_{};
  int pos_ = kN;
  bool has_gauss_ = false;
  double gauss_ = 0.0;
};

}  // namespace lrbench::data::numpy
