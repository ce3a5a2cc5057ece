#include "data/functions.hpp"

#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

#include "lrbench/math.hpp"
#include "data/kinds.hpp"
#include "util/number_text.hpp"

namespace lrbench::data {
namespace {

constexpr double kTwoPi = 6.283185307179586;

bool quadratic(TestFunction f) { return f == TestFunction::quadratic || f == TestFunction::noisy_quadratic; }

// A uniformly random rotation (Haar measure): Q of the QR decomposition of a
// d × d matrix of N(0, 1) entries, by Householder reflections, with the
// signs fixed so that R's diagonal is positive (Mezzadri 2007). Row-major.
std::vector<double> random_rotation(int d, util::Rng& rng) {
  const auto n = static_cast<std::size_t>(d);
  std::vector<double> m(n * n);
  for (double& v : m) v = rng.normal();
  std::vector<double> q(n * n, 0.0);
  for (std::size_t i = 0; i < n; ++i) q[i * n + i] = 1.0;
  for (std::size_t k = 0; k + 1 < n; ++k) {
    // Householder vector for column k below the diagonal.
    double norm = 0.0;
    for (std::size_t i = k; i < n; ++i) norm += m[i * n + k] * m[i * n + k];
    norm = std::sqrt(norm);
    if (norm == 0.0) continue;
    const double alpha = m[k * n + k] > 0 ? -norm : norm;
    std::vector<double> v(n, 0.0);
    for (std::size_t i = k; i < n; ++i) v[i] = m[i * n + k];
    v[k] -= alpha;
    double vv = 0.0;
    for (std::size_t i = k; i < n; ++i) vv += v[i] * v[i];
    if (vv == 0.0) continue;
    // M ← (I − 2vvᵀ/vᵀv) M and Q ← Q (I − 2vvᵀ/vᵀv).
    for (std::size_t j = 0; j < n; ++j) {
      double dot = 0.0;
      for (std::size_t i = k; i < n; ++i) dot += v[i] * m[i * n + j];
      const double f = 2.0 * dot / vv;
      for (std::size_t i = k; i < n; ++i) m[i * n + j] -= f * v[i];
    }
    for (std::size_t i = 0; i < n; ++i) {
      double dot = 0.0;
      for (std::size_t j = k; j < n; ++j) dot += q[i * n + j] * v[j];
      const double f = 2.0 * dot / vv;
      for (std::size_t j = k; j < n; ++j) q[i * n + j] -= f * v[j];
    }
  }
  // Column j of Q times the sign of R's j-th diagonal entry.
  for (std::size_t j = 0; j < n; ++j) {
    if (m[j * n + j] < 0) {
      for (std::size_t i = 0; i < n; ++i) q[i * n + j] = -q[i * n + j];
    }
  }
  return q;
}

}  // namespace

Objective::Objective(const FunctionSpec& spec) : spec_(spec) {
  const int d = spec.dimensions;
  if (d < 1) throw std::invalid_argument("function: dimensions must be at least 1");
  if (quadratic(spec.function)) {
    if (d < 2) throw std::invalid_argument("function: a quadratic needs at least 2 dimensions");
    if (!(spec.condition_number >= 1.0 && std::isfinite(spec.condition_number))) {
      throw std::invalid_argument("function: condition_number must be >= 1");
    }
    if (!(spec.noise >= 0.0 && std::isfinite(spec.noise))) throw std::invalid_argument("function: noise must be >= 0");
    util::Rng rng(spec.random_state, 0, util::Purpose::data);
    const std::vector<double> q = random_rotation(d, rng);
    const auto n = static_cast<std::size_t>(d);
    std::vector<double> lambda(n);
    for (std::size_t i = 0; i < n; ++i) {
      lambda[i] = lrbench::math::pow(spec.condition_number, static_cast<double>(i) / static_cast<double>(n - 1));
    }
    // A = Qᵀ Λ Q: a_ij = Σ_k q_ki λ_k q_kj.
    a_.assign(n * n, 0.0);
    for (std::size_t k = 0; k < n; ++k) {
      for (std::size_t i = 0; i < n; ++i) {
        const double s = q[k * n + i] * lambda[k];
        for (std::size_t j = 0; j < n; ++j) a_[i * n + j] += s * q[k * n + j];
      }
    }
  }
  minimizer_.assign(static_cast<std::size_t>(d), spec.function == TestFunction::rosenbrock ? 1.0 : 0.0);
}

double Objective::value(std::span<const double> x) const {
  const std::size_t n = x.size();
  double f = 0.0;
  switch (spec_.function) {
    case TestFunction::rosenbrock:
      for (std::size_t i = 0; i + 1 < n; ++i) {
        const double a = x[i + 1] - x[i] * x[i];
        const double b = 1.0 - x[i];
        f += 100.0 * a * a + b * b;
      }
      return f;
    case TestFunction::quadratic:
    case TestFunction::noisy_quadratic:
      for (std::size_t i = 0; i < n; ++i) {
        double ax = 0.0;
        for (std::size_t j = 0; j < n; ++j) ax += a_[i * n + j] * x[j];
        f += x[i] * ax;
      }
      return 0.5 * f;
    case TestFunction::rastrigin:
      f = 10.0 * static_cast<double>(n);
      for (std::size_t i = 0; i < n; ++i) f += x[i] * x[i] - 10.0 * lrbench::math::cos(kTwoPi * x[i]);
      return f;
  }
  return f;
}

void Objective::gradient(std::span<const double> x, std::span<double> g) const {
  const std::size_t n = x.size();
  switch (spec_.function) {
    case TestFunction::rosenbrock:
      // ∂f/∂x_i = −400 x_i (x_{i+1} − x_i²) − 2 (1 − x_i)   (i < d−1)
      //         + 200 (x_i − x_{i−1}²)                       (i > 0)
      for (std::size_t i = 0; i < n; ++i) {
        double gi = 0.0;
        if (i + 1 < n) gi += -400.0 * x[i] * (x[i + 1] - x[i] * x[i]) - 2.0 * (1.0 - x[i]);
        if (i > 0) gi += 200.0 * (x[i] - x[i - 1] * x[i - 1]);
        g[i] = gi;
      }
      return;
    case TestFunction::quadratic:
    case TestFunction::noisy_quadratic:
      // ∇f = A x (A is symmetric).
      for (std::size_t i = 0; i < n; ++i) {
        double ax = 0.0;
        for (std::size_t j = 0; j < n; ++j) ax += a_[i * n + j] * x[j];
        g[i] = ax;
      }
      return;
    case TestFunction::rastrigin:
      // ∂f/∂x_i = 2 x_i + 20π sin(2π x_i)
      for (std::size_t i = 0; i < n; ++i) g[i] = 2.0 * x[i] + 10.0 * kTwoPi * lrbench::math::sin(kTwoPi * x[i]);
      return;
  }
}

void Objective::observed_gradient(std::span<const double> x, std::span<double> g, util::Rng& noise) const {
  gradient(x, g);
  if (spec_.function == TestFunction::noisy_quadratic && spec_.noise > 0.0) {
    for (double& gi : g) gi += spec_.noise * noise.normal();
  }
}

void Objective::draw_noise(std::span<double> out, util::Rng& noise) const {
  const bool noisy = spec_.function == TestFunction::noisy_quadratic && spec_.noise > 0.0;
  for (double& v : out) v = noisy ? spec_.noise * noise.normal() : 0.0;
}

std::vector<double> Objective::start(std::uint64_t seed) const {
  util::Rng rng(spec_.random_state, seed, util::Purpose::init);
  const double half_width = spec_.function == TestFunction::rosenbrock  ? 2.0
                            : spec_.function == TestFunction::rastrigin ? 5.12
                                                                        : 1.0;
  std::vector<double> x(static_cast<std::size_t>(spec_.dimensions));
  for (double& v : x) v = rng.uniform(-half_width, half_width);
  return x;
}

double Objective::distance(std::span<const double> x) const {
  double s = 0.0;
  for (std::size_t i = 0; i < x.size(); ++i) s += (x[i] - minimizer_[i]) * (x[i] - minimizer_[i]);
  return std::sqrt(s);
}

// The `function` kind, as a data source: it has no samples.

Source read(const FunctionSpec&) {
  throw std::invalid_argument("data: a function task has no samples to load");
}

Shape shape_of(const FunctionSpec& spec) { return Shape{0, spec.dimensions, std::nullopt, 0}; }

nlohmann::json to_json(const FunctionSpec& f) {
  nlohmann::json j = {{"kind", "function"},
                      {"function", std::string(kTestFunctionNames.name(f.function))},
                      {"dimensions", f.dimensions},
                      {"random_state", f.random_state}};
  if (quadratic(f.function)) j["condition_number"] = f.condition_number;
  if (f.function == TestFunction::noisy_quadratic) j["noise"] = f.noise;
  return j;
}

std::string describe(const FunctionSpec& f) {
  const int d = f.dimensions;
  switch (f.function) {
    case TestFunction::rosenbrock:
      return fmt::format("the Rosenbrock function in {} dimensions, f* = 0 at x* = (1, …, 1); each seed starts "
                         "uniformly in [−2, 2]^{}",
                         d, d);
    case TestFunction::quadratic:
      return fmt::format("an ill-conditioned quadratic ½ xᵀAx in {} dimensions, condition number {} (curvatures "
                         "1 to {}, log-spaced), randomly rotated (random_state {}); f* = 0 at x* = 0; each seed "
                         "starts uniformly in [−1, 1]^{}",
                         d, util::short_number(f.condition_number), util::short_number(f.condition_number),
                         f.random_state, d);
    case TestFunction::noisy_quadratic:
      return fmt::format("a noisy quadratic: ½ xᵀAx in {} dimensions, condition number {}, randomly rotated "
                         "(random_state {}), gradients with N(0, {}²) noise per component; f* = 0 at x* = 0; "
                         "each seed starts uniformly in [−1, 1]^{}",
                         d, util::short_number(f.condition_number), f.random_state, util::short_number(f.noise), d);
    case TestFunction::rastrigin:
      return fmt::format("the Rastrigin function in {} dimensions, f* = 0 at x* = 0, many local minima; each seed "
                         "starts uniformly in [−5.12, 5.12]^{}",
                         d, d);
  }
  return "?";
}

std::uint32_t random_state_of(const FunctionSpec& spec) { return spec.random_state; }

}  // namespace lrbench::data
