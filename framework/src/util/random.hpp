// The project's own deterministic random streams.
//
// The standard library's distributions (std::normal_distribution,
// std::uniform_int_distribution, std::shuffle, ...) are implementation-defined,
// so the same seed gives different numbers with libstdc++, libc++ and MSVC.
// Everything here is specified down to the bit: the same seed gives the same
// stream on every platform (normals use only log and sqrt, see Rng::normal).
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <span>

namespace lrbench::util {

__extension__ typedef unsigned __int128 uint128;  // GCC/Clang; for the 64x64 product

// What a stream is for. Mixed into derive_seed so that the streams one run
// uses for different jobs are independent even though they share the seeds.
enum class Purpose : std::uint64_t {
  init = 1,     // model parameter initialisation
  shuffle = 2,  // minibatch order
  data = 3,     // dataset generation (the native blobs generator)
  bootstrap = 4,  // resamples of bootstrap confidence intervals (stats/bootstrap.hpp)
};

// SplitMix64 output function (Steele, Lea & Flood 2014, constants from
// Vigna's splitmix64.c): z = x; z = (z ^ z>>30)·0xbf58476d1ce4e5b9;
// z = (z ^ z>>27)·0x94d049bb133111eb; z ^ z>>31. A bijection on 64 bits with
// good avalanche, used both to expand seeds and to mix them.
[[nodiscard]] constexpr std::uint64_t mix64(std::uint64_t z) noexcept {
  z = (z ^ (z >> 30U)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27U)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31U);
}

// One SplitMix64 step: advance the Weyl sequence by the golden-ratio
// increment 0x9e3779b97f4a7c15 and return its mixed value.
[[nodiscard]] constexpr std::uint64_t splitmix64(std::uint64_t& state) noexcept {
  state += 0x9e3779b97f4a7c15ULL;
  return mix64(state);
}

// The seed of the stream for (a, b, purpose), typically (scenario seed, run
// seed, purpose). Nested mixing, h = mix(mix(mix(a + c0) + b + c1) + p + c2),
// is a bijection in each argument when the others are fixed, so distinct
// run seeds or purposes never collide, and it is not symmetric in a and b.
[[nodiscard]] std::uint64_t derive_seed(std::uint64_t a, std::uint64_t b, std::uint64_t purpose) noexcept;
[[nodiscard]] inline std::uint64_t derive_seed(std::uint64_t a, std::uint64_t b, Purpose purpose) noexcept {
  return derive_seed(a, b, static_cast<std::uint64_t>(purpose));
}

// xoshiro256** 1.0 (Blackman & Vigna, "Scrambled linear pseudorandom number
// generators", 2018): 256 bits of state, period 2^256 - 1, passes BigCrush.
// The state is filled from the 64-bit seed by four SplitMix64 steps, as its
// authors recommend; those are a bijection applied to four distinct inputs,
// so at most one word is zero and the forbidden all-zero state cannot occur.
// Also a UniformRandomBitGenerator, so it can drive std:: algorithms where
// exact reproducibility does not matter.
class Rng {
 public:
  using result_type = std::uint64_t;

  explicit Rng(std::uint64_t seed) noexcept { this->seed(seed); }
  Rng(std::uint64_t a, std::uint64_t b, Purpose purpose) noexcept : Rng(derive_seed(a, b, purpose)) {}

  void seed(std::uint64_t seed) noexcept {
    std::uint64_t sm = seed;
    for (auto& word : s_) word = splitmix64(sm);
    has_spare_ = false;
    spare_ = 0.0;
  }

  [[nodiscard]] static constexpr result_type min() noexcept { return 0; }
  [[nodiscard]] static constexpr result_type max() noexcept { return std::numeric_limits<result_type>::max(); }

  // result = rotl(s1·5, 7)·9, then the linear xoshiro state update.
  result_type operator()() noexcept { return next_u64(); }
  result_type next_u64() noexcept {
    const std::uint64_t result = rotl(s_[1] * 5U, 7) * 9U;
    const std::uint64_t t = s_[1] << 17U;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

  // The upper 32 bits of one 64-bit draw.
  std::uint32_t next_u32() noexcept { return static_cast<std::uint32_t>(next_u64() >> 32U); }

  // Uniform on [0, 1) with 53 random bits: (x >> 11) · 2^-53. Every value is
  // an exact multiple of 2^-53, so 1.0 is never returned.
  double uniform() noexcept { return static_cast<double>(next_u64() >> 11U) * 0x1.0p-53; }

  // Uniform on [low, high): low + (high - low)·u. (Rounding can give
  // exactly high for some bounds, as with numpy's uniform.)
  double uniform(double low, double high) noexcept;

  // Uniform float on [0, 1) with 24 random bits: (x >> 40) · 2^-24.
  float uniform_float() noexcept { return static_cast<float>(next_u64() >> 40U) * 0x1.0p-24F; }

  // Uniform integer in [0, n) without modulo bias: Lemire's multiply-shift
  // ("Fast random integer generation in an interval", ACM TOMACS 2019).
  // m = x·n as a 128-bit product; its high word is the candidate, and the
  // draw is rejected when the low word falls below 2^64 mod n, which removes
  // exactly the over-represented values. n == 0 returns 0.
  std::uint64_t bounded(std::uint64_t n) noexcept {
    if (n == 0) return 0;
    uint128 m = static_cast<uint128>(next_u64()) * n;
    auto low = static_cast<std::uint64_t>(m);
    if (low < n) {
      const std::uint64_t threshold = (0 - n) % n;  // 2^64 mod n
      while (low < threshold) {
        m = static_cast<uint128>(next_u64()) * n;
        low = static_cast<std::uint64_t>(m);
      }
    }
    return static_cast<std::uint64_t>(m >> 64U);
  }

  // Standard normal by Marsaglia's polar method (a rejection form of
  // Box–Muller): draw (u, v) uniform on the square [-1, 1)², keep it when
  // 0 < s = u² + v² < 1, then u·f and v·f with f = sqrt(-2 ln s / s) are two
  // independent N(0, 1) values. The second is cached for the next call.
  // Chosen over the trigonometric form because it needs no sin/cos, whose
  // last bits differ between math libraries more than log's do.
  // The floating-point members are defined out of line, in a file compiled
  // without FMA contraction, so the caller's flags cannot change the bits.
  double normal() noexcept;

  // N(mean, stddev²): mean + stddev·z.
  double normal(double mean, double stddev) noexcept;

  // In-place Fisher–Yates (Durstenfeld) shuffle from the end: for
  // i = n-1 .. 1, swap element i with a uniform j in [0, i]. Every one of
  // the n! orders is equally likely.
  void shuffle(std::span<std::int32_t> values) noexcept;

 private:
  static constexpr std::uint64_t rotl(std::uint64_t x, int k) noexcept {
    return (x << static_cast<unsigned>(k)) | (x >> static_cast<unsigned>(64 - k));
  }

  std::uint64_t s_[4]{};
  double spare_ = 0.0;
  bool has_spare_ = false;
};

}  // namespace lrbench::util
