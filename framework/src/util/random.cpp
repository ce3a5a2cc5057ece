#include "util/random.hpp"

#include <cmath>
#include <utility>

#include "lrbench/math.hpp"

namespace lrbench::util {

std::uint64_t derive_seed(std::uint64_t a, std::uint64_t b, std::uint64_t purpose) noexcept {
  // Distinct odd offsets per position (golden ratio, sqrt(2), sqrt(3)
  // fractional bits) so that a zero argument still moves the state.
  std::uint64_t h = mix64(a + 0x9e3779b97f4a7c15ULL);
  h = mix64(h + b + 0x6a09e667f3bcc909ULL);
  h = mix64(h + purpose + 0xbb67ae8584caa73bULL);
  return h;
}

double Rng::uniform(double low, double high) noexcept { return low + (high - low) * uniform(); }

double Rng::normal() noexcept {
  if (has_spare_) {
    has_spare_ = false;
    return spare_;
  }
  double u = 0.0;
  double v = 0.0;
  double s = 0.0;
  do {
    u = 2.0 * uniform() - 1.0;
    v = 2.0 * uniform() - 1.0;
    s = u * u + v * v;
  } while (s >= 1.0 || s == 0.0);
  const double f = std::sqrt(-2.0 * math::log(s) / s);
  spare_ = u * f;
  has_spare_ = true;
  return v * f;
}

double Rng::normal(double mean, double stddev) noexcept { return mean + stddev * normal(); }

void Rng::shuffle(std::span<std::int32_t> values) noexcept {
  for (std::size_t i = values.size(); i > 1; --i) {
    const auto j = static_cast<std::size_t>(bounded(i));  // j in [0, i-1]
    std::swap(values[i - 1], values[j]);
  }
}

}  // namespace lrbench::util
