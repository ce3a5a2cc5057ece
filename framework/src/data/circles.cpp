// make_circles: a large circle around a small one, after scikit-learn 1.2
// (sklearn/datasets/_samples_generator.py, make_circles):
//   out = n_samples // 2, in = n_samples - out
//   t_out = linspace(0, 2π, out, endpoint=False), t_in likewise with `in`
//   X = [cos t_out, sin t_out] rows, then [factor·cos t_in, factor·sin t_in]
//   y = 0 for the outer rows, 1 for the inner
//   shuffle: indices = arange(n); RandomState.shuffle(indices); X, y = X[i], y[i]
//   noise:   X += RandomState.normal(scale=noise, size=X.shape), C order
// cos and sin are the C library's. numpy computes them with libm too, except
// on CPUs with AVX-512, where it uses Intel's SVML (up to 3 ulp apart); the
// golden file's tolerance (1e-12) covers that.
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

Points make_circles(const CirclesSpec& spec) {
  if (spec.n_samples_out < 0 || spec.n_samples_in < 0 || spec.n_samples_out + spec.n_samples_in < 1) {
    throw std::invalid_argument("make_circles: n_samples must be at least 1");
  }
  if (!(spec.factor >= 0.0 && spec.factor < 1.0)) throw std::invalid_argument("make_circles: factor must be in [0, 1)");
  if (!(std::isfinite(spec.noise) && spec.noise >= 0.0)) {
    throw std::invalid_argument("make_circles: noise must be finite and >= 0");
  }
  numpy::RandomState rs(spec.random_state);
  const std::vector<double> t_out = numpy::linspace(0.0, 2 * kPi, spec.n_samples_out, false);
  const std::vector<double> t_in = numpy::linspace(0.0, 2 * kPi, spec.n_samples_in, false);
  Points p;
  p.n_samples = spec.n_samples_out + spec.n_samples_in;
  p.n_features = 2;
  for (const double t : t_out) {
    p.X.push_back(lrbench::math::cos(t));
    p.X.push_back(lrbench::math::sin(t));
    p.y.push_back(0);
  }
  for (const double t : t_in) {
    p.X.push_back(lrbench::math::cos(t) * spec.factor);
    p.X.push_back(lrbench::math::sin(t) * spec.factor);
    p.y.push_back(1);
  }
  sklearn_shuffle_and_noise(p, spec.shuffle, spec.noise, rs);
  return p;
}

Source read(const CirclesSpec& spec) { return source_of(make_circles(spec), 2); }

Shape shape_of(const CirclesSpec& spec) { return Shape{spec.n_samples_out + spec.n_samples_in, 2, 2, 0}; }

nlohmann::json to_json(const CirclesSpec& c) {
  return {{"kind", "circles"},
          {"n_samples", sklearn_n_samples(c.n_samples_out, c.n_samples_in)},
          {"noise", c.noise},
          {"factor", c.factor},
          {"shuffle", c.shuffle},
          {"random_state", c.random_state}};
}

std::string describe(const CirclesSpec& c) {
  return fmt::format("`make_circles` (scikit-learn): {} samples ({} on the outer circle, {} on the inner), 2 classes, "
                     "factor {}, noise {}, {}, random_state {}",
                     c.n_samples_out + c.n_samples_in, c.n_samples_out, c.n_samples_in, util::short_number(c.factor),
                     util::short_number(c.noise), c.shuffle ? "shuffled" : "not shuffled", c.random_state);
}

std::uint32_t random_state_of(const CirclesSpec& spec) { return spec.random_state; }

}  // namespace lrbench::data
