// The test functions of function tasks: closed-form values and minima, the
// gradients against central differences, the quadratics' spectrum.
#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include "data/functions.hpp"

namespace lrbench::data {
namespace {

FunctionSpec spec(TestFunction f, int d, double kappa = 100.0) {
  FunctionSpec s;
  s.function = f;
  s.dimensions = d;
  s.condition_number = kappa;
  s.random_state = 7;
  return s;
}

TEST(Functions, ClosedFormValuesAndMinima) {
  const Objective rosenbrock(spec(TestFunction::rosenbrock, 2));
  EXPECT_EQ(rosenbrock.value(std::vector<double>{1, 1}), 0.0);
  EXPECT_EQ(rosenbrock.value(std::vector<double>{0, 0}), 1.0);
  EXPECT_DOUBLE_EQ(rosenbrock.value(std::vector<double>{-1.2, 1}), 24.2);  // the classic start
  std::vector<double> g(2);
  rosenbrock.gradient(std::vector<double>{0, 0}, g);
  EXPECT_EQ(g, (std::vector<double>{-2, 0}));
  rosenbrock.gradient(std::vector<double>{1, 1}, g);
  EXPECT_EQ(g, (std::vector<double>{0, 0}));
  EXPECT_EQ(rosenbrock.minimizer(), (std::vector<double>{1, 1}));
  EXPECT_DOUBLE_EQ(rosenbrock.distance(std::vector<double>{4, 5}), 5.0);

  const Objective rastrigin(spec(TestFunction::rastrigin, 2));
  EXPECT_EQ(rastrigin.value(std::vector<double>{0, 0}), 0.0);
  EXPECT_NEAR(rastrigin.value(std::vector<double>{1, 1}), 2.0, 1e-12);  // local minima at the integers
  rastrigin.gradient(std::vector<double>{0, 0}, g);
  EXPECT_EQ(g, (std::vector<double>{0, 0}));

  const Objective quadratic(spec(TestFunction::quadratic, 5));
  EXPECT_EQ(quadratic.value(std::vector<double>(5, 0.0)), 0.0);
  EXPECT_EQ(quadratic.minimizer(), std::vector<double>(5, 0.0));
}

// ∂f/∂x_i ≈ (f(x + h e_i) − f(x − h e_i)) / 2h.
void expect_gradient_matches_differences(const Objective& f, const std::vector<double>& x, double tolerance) {
  std::vector<double> g(x.size());
  f.gradient(x, g);
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double h = 1e-6 * std::max(1.0, std::abs(x[i]));
    std::vector<double> up = x, down = x;
    up[i] += h;
    down[i] -= h;
    const double numeric = (f.value(up) - f.value(down)) / (2 * h);
    EXPECT_NEAR(g[i], numeric, tolerance * std::max(1.0, std::abs(numeric))) << "component " << i;
  }
}

TEST(Functions, GradientsAreTheDerivatives) {
  for (const TestFunction fn : {TestFunction::rosenbrock, TestFunction::quadratic, TestFunction::noisy_quadratic,
                                TestFunction::rastrigin}) {
    SCOPED_TRACE(std::string(kTestFunctionNames.name(fn)));
    const Objective f(spec(fn, 6, 1000.0));
    for (std::uint64_t seed : {0u, 1u, 2u}) expect_gradient_matches_differences(f, f.start(seed), 1e-5);
  }
}

TEST(Functions, QuadraticHasTheRequestedSpectrum) {
  // For any rotation Q, A = QᵀΛQ keeps trace(A) = Σλ and ‖A‖²_F = Σλ²;
  // and along the axes x = e_i, 2 f(x) = A_ii lies within [1, κ].
  const int d = 8;
  const double kappa = 1e4;
  const Objective f(spec(TestFunction::quadratic, d, kappa));
  double trace = 0.0, frobenius = 0.0, sum = 0.0, squares = 0.0;
  std::vector<double> column(d), e(d);
  for (int i = 0; i < d; ++i) {
    std::fill(e.begin(), e.end(), 0.0);
    e[static_cast<std::size_t>(i)] = 1.0;
    f.gradient(e, column);  // A e_i
    trace += column[static_cast<std::size_t>(i)];
    for (const double a : column) frobenius += a * a;
    EXPECT_GE(2 * f.value(e), 1.0 - 1e-9);
    EXPECT_LE(2 * f.value(e), kappa + 1e-9);
    const double lambda = std::pow(kappa, static_cast<double>(i) / (d - 1));
    sum += lambda;
    squares += lambda * lambda;
  }
  EXPECT_NEAR(trace, sum, 1e-9 * sum);
  EXPECT_NEAR(frobenius, squares, 1e-9 * squares);
  // Rotated: not diagonal, and the same rotation for the same random_state.
  std::vector<double> a0(d), b0(d);
  std::fill(e.begin(), e.end(), 0.0);
  e[0] = 1.0;
  f.gradient(e, a0);
  Objective(spec(TestFunction::quadratic, d, kappa)).gradient(e, b0);
  EXPECT_EQ(a0, b0);
  EXPECT_GT(std::abs(a0[1]), 1e-6);
}

TEST(Functions, NoisyQuadraticAddsNoiseOfTheGivenScaleOnlyToWhatTheOptimizerSees) {
  FunctionSpec s = spec(TestFunction::noisy_quadratic, 4);
  s.noise = 0.5;
  const Objective f(s);
  const std::vector<double> x = f.start(0);
  std::vector<double> exact(4), seen(4);
  f.gradient(x, exact);
  util::Rng rng(1);
  double squares = 0.0;
  const int draws = 20000;
  for (int k = 0; k < draws; ++k) {
    f.observed_gradient(x, seen, rng);
    for (int i = 0; i < 4; ++i) squares += (seen[i] - exact[i]) * (seen[i] - exact[i]);
  }
  EXPECT_NEAR(std::sqrt(squares / (4.0 * draws)), 0.5, 0.01);
}

TEST(Functions, StartPointsDifferBySeedWithinTheBox) {
  const Objective f(spec(TestFunction::rastrigin, 3));
  const auto a = f.start(0);
  EXPECT_EQ(f.start(0), a);
  EXPECT_NE(f.start(1), a);
  for (const double v : a) EXPECT_LE(std::abs(v), 5.12);
  EXPECT_THROW(Objective(spec(TestFunction::quadratic, 1)), std::invalid_argument);
  EXPECT_THROW(Objective(spec(TestFunction::quadratic, 3, 0.5)), std::invalid_argument);
}

}  // namespace
}  // namespace lrbench::data
