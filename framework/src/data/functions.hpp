// Test functions for optimizers (the `function` data kind): f, its gradient
// in closed form, the minimum and where it is, and a start point per run.
//
//   rosenbrock       f(x) = Σ_{i<d-1} 100 (x_{i+1} − x_i²)² + (1 − x_i)²,
//                    f* = 0 at x* = (1, ..., 1) (Rosenbrock 1960; the chained
//                    form of Shang & Qiu 2006). Start: uniform in [−2, 2]^d.
//   quadratic        f(x) = ½ xᵀ A x, A = Qᵀ diag(λ) Q, λ_i = κ^{i/(d−1)}
//                    (1 to κ, log-spaced), Q a random rotation (Householder
//                    QR of a Gaussian matrix, Stewart 1980); f* = 0 at x* = 0.
//                    Start: uniform in [−1, 1]^d.
//   noisy_quadratic  the quadratic, its gradient A x + σ ε with ε ~ N(0, I)
//                    fresh at every step (the noisy quadratic model of
//                    Zhang et al. 2019); f and x* as the quadratic.
//   rastrigin        f(x) = 10 d + Σ x_i² − 10 cos(2π x_i), f* = 0 at x* = 0
//                    (Rastrigin 1974), many local minima. Start: uniform in
//                    [−5.12, 5.12]^d.
// The rotation comes from random_state alone; the start point from
// (random_state, run seed), so seeds differ in where they start.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "data/spec.hpp"
#include "util/random.hpp"

namespace lrbench::data {

class Objective {
 public:
  // Throws std::invalid_argument for fewer than 1 dimension (2 for the
  // quadratics), a condition number below 1 or a negative noise.
  explicit Objective(const FunctionSpec& spec);

  [[nodiscard]] int dimensions() const noexcept { return spec_.dimensions; }
  [[nodiscard]] double value(std::span<const double> x) const;
  // The exact gradient at x.
  void gradient(std::span<const double> x, std::span<double> out) const;
  // What an optimizer sees: the gradient, plus noise drawn from `noise` for
  // the noisy quadratic (exactly gradient() + draw_noise()).
  void observed_gradient(std::span<const double> x, std::span<double> out, util::Rng& noise) const;
  // The gradient noise of one step, σ ε with ε ~ N(0, I) drawn from `noise`
  // for the noisy quadratic; zeros (and no draws) otherwise.
  void draw_noise(std::span<double> out, util::Rng& noise) const;
  [[nodiscard]] double minimum() const noexcept { return 0.0; }
  [[nodiscard]] const std::vector<double>& minimizer() const noexcept { return minimizer_; }
  [[nodiscard]] std::vector<double> start(std::uint64_t seed) const;
  // ‖x − x*‖₂.
  [[nodiscard]] double distance(std::span<const double> x) const;

 private:
  FunctionSpec spec_;
  std::vector<double> a_;  // the quadratics' A, d × d row-major
  std::vector<double> minimizer_;
};

}  // namespace lrbench::data
