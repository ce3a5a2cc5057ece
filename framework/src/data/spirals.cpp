// Interleaved spirals, the project's own generator (no scikit-learn
// counterpart). Arm a of k (class a) gets n // k points, the first n % k arms
// one more; its point i of n_a lies at
//   t = (i + 1) / n_a,   r = t,   θ = 2π·(turns·t + a / k)
//   (x, y) = (r cos θ, r sin θ) + noise · (z1, z2),  z ~ N(0, 1)
// so every arm starts near the centre and ends on the unit circle, rotated
// 2π/k from the previous one. The normals come from one stream for the
// whole dataset, seeded by random_state alone (Purpose::data), drawn row by
// row; with `shuffle` the rows are then shuffled by the same stream.
#include <cmath>
#include <numeric>
#include <stdexcept>

#include <fmt/format.h>

#include "lrbench/math.hpp"
#include "data/generators.hpp"
#include "data/kinds.hpp"
#include "util/number_text.hpp"
#include "util/random.hpp"

namespace lrbench::data {
namespace {

constexpr double kTwoPi = 6.283185307179586;

}  // namespace

Points make_spirals(const SpiralsSpec& spec) {
  if (spec.arms < 2) throw std::invalid_argument("make_spirals: arms must be at least 2");
  if (spec.n_samples < spec.arms) throw std::invalid_argument("make_spirals: n_samples must be at least arms");
  if (!(std::isfinite(spec.turns) && spec.turns > 0.0)) throw std::invalid_argument("make_spirals: turns must be > 0");
  if (!(std::isfinite(spec.noise) && spec.noise >= 0.0)) {
    throw std::invalid_argument("make_spirals: noise must be finite and >= 0");
  }
  util::Rng rng(spec.random_state, 0, util::Purpose::data);
  Points p;
  p.n_samples = spec.n_samples;
  p.n_features = 2;
  const int k = spec.arms;
  for (int a = 0; a < k; ++a) {
    const int n_a = spec.n_samples / k + (a < spec.n_samples % k ? 1 : 0);
    for (int i = 0; i < n_a; ++i) {
      const double t = static_cast<double>(i + 1) / n_a;
      const double theta = kTwoPi * (spec.turns * t + static_cast<double>(a) / k);
      const double x = t * lrbench::math::cos(theta);
      const double y = t * lrbench::math::sin(theta);
      p.X.push_back(spec.noise > 0.0 ? x + spec.noise * rng.normal() : x);
      p.X.push_back(spec.noise > 0.0 ? y + spec.noise * rng.normal() : y);
      p.y.push_back(a);
    }
  }
  if (spec.shuffle) {
    std::vector<std::int32_t> order(static_cast<std::size_t>(p.n_samples));
    std::iota(order.begin(), order.end(), 0);
    rng.shuffle(order);
    Points shuffled = p;
    for (std::size_t r = 0; r < order.size(); ++r) {
      const auto src = static_cast<std::size_t>(order[r]);
      shuffled.X[2 * r] = p.X[2 * src];
      shuffled.X[2 * r + 1] = p.X[2 * src + 1];
      shuffled.y[r] = p.y[src];
    }
    p = std::move(shuffled);
  }
  return p;
}

Source read(const SpiralsSpec& spec) { return source_of(make_spirals(spec), spec.arms); }

Shape shape_of(const SpiralsSpec& spec) { return Shape{spec.n_samples, 2, spec.arms, 0}; }

nlohmann::json to_json(const SpiralsSpec& s) {
  return {{"kind", "spirals"}, {"n_samples", s.n_samples}, {"arms", s.arms},           {"turns", s.turns},
          {"noise", s.noise},  {"shuffle", s.shuffle},     {"random_state", s.random_state}};
}

std::string describe(const SpiralsSpec& s) {
  return fmt::format("spirals (lrbench's generator): {} samples, {} arms (classes) of {} turns, noise {}, {}, "
                     "random_state {}",
                     s.n_samples, s.arms, util::short_number(s.turns), util::short_number(s.noise),
                     s.shuffle ? "shuffled" : "not shuffled", s.random_state);
}

std::uint32_t random_state_of(const SpiralsSpec& spec) { return spec.random_state; }

}  // namespace lrbench::data
