// make_moons: two interleaving half circles, after scikit-learn 1.2
// (sklearn/datasets/_samples_generator.py, make_moons):
//   out = n_samples // 2, in = n_samples - out
//   X = [cos t, sin t] for t = linspace(0, π, out)              (class 0)
//     then [1 − cos t, 1 − sin t − 0.5] for t = linspace(0, π, in)  (class 1)
//   shuffle: indices = arange(n); RandomState.shuffle(indices); X, y = X[i], y[i]
//   noise:   X += RandomState.normal(scale=noise, size=X.shape), C order
// cos and sin are the C library's (circles.cpp says why the golden file's
// tolerance covers numpy's AVX-512 SVML).
#include <cmath>
#include <stdexcept>
#include <string>

#include <fmt/format.h>

#include "lrbench/math.hpp"
#include "data/generators.hpp"
#include "data/kinds.hpp"
#include "data/numpy_linspace.hpp"
#include "data/numpy_random_state.hpp"
#include "data/sklearn_two_shapes.hpp"
#include "util/number_text.hpp"

namespace lrbench::data {
namespace {

constexpr double kPi = 3.141592653589793;  // numpy.pi, the double nearest π

}  // namespace

Points make_moons(const MoonsSpec& spec) {
  if (spec.n_samples_out < 0 || spec.n_samples_in < 0 || spec.n_samples_out + spec.n_samples_in < 1) {
    throw std::invalid_argument("make_moons: n_samples must be at least 1");
  }
  if (!(std::isfinite(spec.noise) && spec.noise >= 0.0)) {
    throw std::invalid_argument("make_moons: noise must be finite and >= 0");
  }
  numpy::RandomState rs(spec.random_state);
  const std::vector<double> t_out = numpy::linspace(0.0, kPi, spec.n_samples_out, true);
  const std::vector<double> t_in = numpy::linspace(0.0, kPi, spec.n_samples_in, true);
  Points p;
  p.n_samples = spec.n_samples_out + spec.n_samples_in;
  p.n_features = 2;
  for (const double t : t_out) {
    p.X.push_back(lrbench::math::cos(t));
    p.X.push_back(lrbench::math::sin(t));
    p.y.push_back(0);
  }
  for (const double t : t_in) {
    p.X.push_back(1.0 - lrbench::math::cos(t));
    p.X.push_back(1.0 - lrbench::math::sin(t) - 0.5);
    p.y.push_back(1);
  }
  sklearn_shuffle_and_noise(p, spec.shuffle, spec.noise, rs);
  return p;
}

Source read(const MoonsSpec& spec) { return source_of(make_moons(spec), 2); }

Shape shape_of(const MoonsSpec& spec) { return Shape{spec.n_samples_out + spec.n_samples_in, 2, 2, 0}; }

nlohmann::json to_json(const MoonsSpec& m) {
  return {{"kind", "moons"},
          {"n_samples", sklearn_n_samples(m.n_samples_out, m.n_samples_in)},
          {"noise", m.noise},
          {"shuffle", m.shuffle},
          {"random_state", m.random_state}};
}

std::string describe(const MoonsSpec& m) {
  return fmt::format("`make_moons` (scikit-learn): {} samples ({} on the upper moon, {} on the lower), 2 classes, "
                     "noise {}, {}, random_state {}",
                     m.n_samples_out + m.n_samples_in, m.n_samples_out, m.n_samples_in, util::short_number(m.noise),
                     m.shuffle ? "shuffled" : "not shuffled", m.random_state);
}

std::uint32_t random_state_of(const MoonsSpec& spec) { return spec.random_state; }

}  // namespace lrbench::data
