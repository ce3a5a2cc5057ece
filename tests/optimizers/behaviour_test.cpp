// Every discovered optimizer, on test functions: it descends, it survives
// long runs of zero gradients, and it is deterministic and restartable.
#include <cmath>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "loaded_plugins.hpp"

namespace lrbench {
namespace {

// Per-plugin learning rates for the two test functions, and parameters that
// differ from the defaults (to exercise a state buffer the defaults leave off).
struct Setting {
  double quadratic_lr;
  double rosenbrock_lr;
  std::vector<std::pair<std::string, ParamValue>> params;
};

const std::map<std::string, Setting>& settings() {
  // Learning rates chosen with a wide margin: each reaches f < 1e-3·f0 on
  // the quadratic and gets through Rosenbrock's valley (f < 0.6) at these
  // settings; the thresholds below are far looser.
  static const std::map<std::string, Setting> table{
      {"sgd", {0.01, 1e-3, {{"momentum", 0.9}}}},
      {"adam", {0.05, 0.02, {}}},
      {"adamw", {0.05, 0.02, {}}},
      {"adamax", {0.05, 0.1, {}}},
      {"nadam", {0.05, 0.02, {}}},
      {"radam", {0.05, 0.01, {}}},  // its first 6 steps are plain momentum steps: lr 0.02 diverges
      {"adagrad", {0.5, 0.5, {}}},
      {"rmsprop", {0.01, 0.002, {{"centered", true}, {"momentum", 0.5}}}},
      // Keras's epsilon 1e-7 makes Adadelta's first steps ~sqrt(eps) long and
      // 500 steps too few; torch's 1e-6 with the paper's lr 1.0 converges.
      {"adadelta", {1.0, 1.0, {{"epsilon", 1e-6}}}},
      {"lion", {0.01, 0.002, {}}},
  };
  return table;
}

using Gradient = std::function<void(std::span<const float> x, std::span<float> g)>;

// f(x) = ½·Σ a_i·x_i², a_i from 1 to 10: convex, conditioning 10.
constexpr int kQuadraticN = 8;
double quadratic(std::span<const float> x) {
  double f = 0.0;
  for (std::size_t i = 0; i < x.size(); ++i) f += 0.5 * (1.0 + 9.0 * i / (x.size() - 1)) * x[i] * x[i];
  return f;
}
void quadratic_grad(std::span<const float> x, std::span<float> g) {
  for (std::size_t i = 0; i < x.size(); ++i) g[i] = static_cast<float>((1.0 + 9.0 * i / (x.size() - 1)) * x[i]);
}

// f(x, y) = (1 − x)² + 100·(y − x²)², started at (−1.5, 2) where f = 12.5.
double rosenbrock(std::span<const float> p) {
  const double x = p[0], y = p[1];
  return (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x);
}
void rosenbrock_grad(std::span<const float> p, std::span<float> g) {
  const double x = p[0], y = p[1];
  g[0] = static_cast<float>(-2 * (1 - x) - 400 * x * (y - x * x));
  g[1] = static_cast<float>(200 * (y - x * x));
}

class OptimizerBehaviour : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    const auto it = settings().find(GetParam());
    if (it == settings().end()) GTEST_FAIL() << "no test setting for optimizer '" << GetParam() << "': add a row";
    setting_ = &it->second;
  }

  std::shared_ptr<Optimizer> make() const {
    const PluginInfo* info = testing::registry().find(PluginKind::optimizer, GetParam());
    ParamValues values = testing::defaults(*info);
    for (const auto& [name, value] : setting_->params) values.set(name, value);
    return testing::registry().make_optimizer(GetParam(), values);
  }

  // Runs `steps` steps from x0 on `grad` at a constant lr; returns the trajectory.
  static std::vector<std::vector<float>> run(Optimizer& opt, std::vector<float> x, const Gradient& grad,
                                             double lr, int steps) {
    std::vector<float> g(x.size());
    std::vector<std::vector<float>> path;
    opt.reset(ParamLayout::single(x.size()));
    for (int t = 1; t <= steps; ++t) {
      grad(x, g);
      opt.step(x, g, StepContext{lr, t});
      path.push_back(x);
    }
    return path;
  }

  const Setting* setting_ = nullptr;
};

TEST_P(OptimizerBehaviour, DecreasesAConvexQuadratic) {
  const std::vector<float> x0(kQuadraticN, 1.0f);
  auto opt = make();
  const auto path = run(*opt, x0, quadratic_grad, setting_->quadratic_lr, 500);
  const double f0 = quadratic(x0), f = quadratic(path.back());
  EXPECT_TRUE(std::isfinite(f));
  EXPECT_LT(f, 0.01 * f0) << GetParam() << ": f went from " << f0 << " to " << f;
}

TEST_P(OptimizerBehaviour, DecreasesRosenbrock) {
  const std::vector<float> x0{-1.5f, 2.0f};
  auto opt = make();
  const auto path = run(*opt, x0, rosenbrock_grad, setting_->rosenbrock_lr, 2000);
  const double f0 = rosenbrock(x0), f = rosenbrock(path.back());
  EXPECT_TRUE(std::isfinite(f));
  EXPECT_LT(f, 0.25 * f0) << GetParam() << ": f went from " << f0 << " to " << f << " at ("
                          << path.back()[0] << ", " << path.back()[1] << ")";
}

// Zero gradients, first from a fresh state and then after real steps have
// filled it: no division by a vanishing denominator may produce NaN or Inf,
// and no weight may grow.
TEST_P(OptimizerBehaviour, ZeroGradientsNeverProduceNaN) {
  auto opt = make();
  std::vector<float> x{1.0f, -2.0f, 0.5f, 0.0f, 3.0f};
  const std::vector<float> x0 = x;
  const std::vector<float> zero(x.size(), 0.0f);
  std::vector<float> g(x.size());
  opt->reset(ParamLayout::single(x.size()));
  std::int64_t t = 1;
  for (; t <= 5000; ++t) opt->step(x, zero, StepContext{setting_->quadratic_lr, t});
  for (; t <= 5010; ++t) {
    quadratic_grad(x, g);
    opt->step(x, g, StepContext{setting_->quadratic_lr, t});
  }
  const std::vector<float> after_real = x;
  for (; t <= 20000; ++t) opt->step(x, zero, StepContext{setting_->quadratic_lr, t});
  for (std::size_t i = 0; i < x.size(); ++i) {
    ASSERT_TRUE(std::isfinite(x[i])) << GetParam() << ": coordinate " << i << " is " << x[i];
    EXPECT_LE(std::abs(after_real[i]), std::abs(x0[i]) + 1.0f) << GetParam() << ": coordinate " << i;
  }
  // The untouched coordinate (zero start) stays finite and bounded too.
  EXPECT_LE(std::abs(x[3]), 1.0f);
}

TEST_P(OptimizerBehaviour, FreshInstancesGiveIdenticalTrajectories) {
  const std::vector<float> x0{1.0f, -0.5f, 0.25f, 2.0f, -1.0f, 0.0f, 0.75f, -2.0f};
  auto a = make();
  auto b = make();
  EXPECT_EQ(run(*a, x0, quadratic_grad, setting_->quadratic_lr, 200),
            run(*b, x0, quadratic_grad, setting_->quadratic_lr, 200));
}

TEST_P(OptimizerBehaviour, ResetRestartsIdentically) {
  const std::vector<float> x0{-1.5f, 2.0f};
  auto opt = make();
  const auto first = run(*opt, x0, rosenbrock_grad, setting_->rosenbrock_lr, 300);
  const auto second = run(*opt, x0, rosenbrock_grad, setting_->rosenbrock_lr, 300);  // run() resets
  EXPECT_EQ(first, second);
  EXPECT_NE(first.front(), first.back());  // it moved at all
}

INSTANTIATE_TEST_SUITE_P(Discovered, OptimizerBehaviour, ::testing::ValuesIn(testing::optimizer_names()),
                         [](const auto& info) { return info.param; });

TEST(Sgd, NesterovNeedsMomentumAndNoDampening) {
  const PluginInfo* info = testing::registry().find(PluginKind::optimizer, "sgd");
  ASSERT_NE(info, nullptr);
  ParamValues values = testing::defaults(*info);
  values.set("nesterov", true);
  EXPECT_THROW((void)info->make_optimizer(values), std::invalid_argument);  // momentum 0
  values.set("momentum", 0.9);
  EXPECT_NO_THROW((void)info->make_optimizer(values));
  values.set("dampening", 0.1);
  EXPECT_THROW((void)info->make_optimizer(values), std::invalid_argument);
}

// NAdam keeps the product of its momentum schedule as state; it must follow
// the host's step number, not how many times step() was called.
TEST(Nadam, MomentumProductFollowsTheHostStep) {
  const PluginInfo* info = testing::registry().find(PluginKind::optimizer, "nadam");
  ASSERT_NE(info, nullptr);
  const ParamValues values = testing::defaults(*info);
  std::vector<float> g{0.3f, -0.2f};
  // Reference: steps 1..4 on a fresh instance.
  auto a = info->make_optimizer(values);
  std::vector<float> xa{1.0f, 1.0f};
  a->reset(ParamLayout::single(2));
  for (int t = 1; t <= 4; ++t) a->step(xa, g, StepContext{0.01, t});
  // Another instance first sees step 7 with a zero gradient and lr 0: m, v
  // and the weights stay as fresh, only the cached product has moved on.
  auto b = info->make_optimizer(values);
  std::vector<float> xb{1.0f, 1.0f};
  const std::vector<float> zero{0.0f, 0.0f};
  b->reset(ParamLayout::single(2));
  b->step(xb, zero, StepContext{0.0, 7});
  for (int t = 1; t <= 4; ++t) b->step(xb, g, StepContext{0.01, t});
  EXPECT_EQ(xa, xb);
}

}  // namespace
}  // namespace lrbench
