// The averaging shared by the `schedule_free_sgd` and `schedule_free_adamw`
// plugins (Defazio et al. 2024, "The Road Less Scheduled"), as
// facebookresearch/schedule_free computes it in SGDScheduleFree.step and
// AdamWScheduleFree.step @ 70785b53e778d0e872c0bbb75ff4ee54ee10c291
// (transcribed in tools/golden/optimizers/_schedule_free.py).
//
// The references keep y (the training weights, in the parameter) and z (the
// base iterate); x is never stored. With k = t − 1 (t the host's step) and d
// the step direction (SGD: the gradient; AdamW: the normalised gradient):
//   lr_k   = lr·(k + 1)/warmup_steps while k < warmup_steps, else lr
//   lr_max = max(lr_max, lr_k)                          (starts at −1)
//   weight = (k + 1)^r · lr_max^weight_lr_power,  weight_sum += weight
//   c      = weight / weight_sum                        (0 while weight_sum is 0)
//   y = lerp(y, z, c) + lr_k·(beta·(1 − c) − 1)·d
//   z = z − lr_k·d
// and the model is evaluated at x = lerp(y, z, 1 − 1/beta), as the
// reference's eval() computes it. z starts as a copy of the initial weights
// at the first step. lerp is torch's (torch_lerp.hpp).
#pragma once

#include <algorithm>
#include <cstdint>
#include <span>

#include <Eigen/Core>

#include "lrbench/lrbench.hpp"
#include "lrbench/math.hpp"
#include "torch_lerp.hpp"

namespace lrbench_plugins {

class ScheduleFreeAveraging {
 public:
  // The averaging's parameters, declared alike by both plugins (their
  // defaults are the same in SGDScheduleFree and AdamWScheduleFree).
  static constexpr lrbench::ParamSpec warmup_steps_param =
      lrbench::integer("warmup_steps", 0).at_least(0)
          .help("linear warm-up of lr over the first steps, inside the optimizer")
          .source("schedule_free default (SGD and AdamW alike)");
  static constexpr lrbench::ParamSpec r_param =
      lrbench::real("r", 0.0).at_least(0.0)
          .help("polynomial weighting (k + 1)^r of the average").source("schedule_free default (SGD and AdamW alike)");
  static constexpr lrbench::ParamSpec weight_lr_power_param =
      lrbench::real("weight_lr_power", 2.0).at_least(0.0)
          .help("the average weights each step by lr_max^weight_lr_power")
          .source("schedule_free default (SGD and AdamW alike)");

  // This step's scheduled lr and the interpolation weight c.
  struct Coefficients {
    double lr;
    double c;
  };

  ScheduleFreeAveraging(std::int64_t warmup_steps, double r, double weight_lr_power, double beta)
      : warmup_steps_(warmup_steps), r_(r), weight_lr_power_(weight_lr_power), beta_(beta),
        eval_weight_(1.0 - 1.0 / beta) {}

  void reset(std::size_t n) {
    z_.setZero(static_cast<Eigen::Index>(n));
    x_.setZero(static_cast<Eigen::Index>(n));
    d_.setZero(std::min(kBlock, static_cast<Eigen::Index>(n)));
    lr_max_ = -1.0;
    weight_sum_ = 0.0;
    started_ = false;
  }

  // Advances lr_max and weight_sum for host step t (from 1) at the host's lr.
  Coefficients advance(double lr, std::int64_t t) {
    const std::int64_t k = t - 1;
    const double scheduled = k < warmup_steps_ ? lr * (static_cast<double>(k + 1) / static_cast<double>(warmup_steps_))
                                               : lr;
    lr_max_ = std::max(scheduled, lr_max_);
    const double weight = lrbench::math::pow(static_cast<double>(k + 1), r_) *
                          lrbench::math::pow(lr_max_, weight_lr_power_);
    weight_sum_ += weight;
    return {scheduled, weight_sum_ != 0.0 ? weight / weight_sum_ : 0.0};
  }

  // y = lerp(y, z, c) + lr_k·(beta·(1 − c) − 1)·d,  z = z − lr_k·d, block by
  // block: `direction(start, y, d)` fills d (the block's step direction) from
  // y = the block's weights before the step and whatever else it holds (the
  // gradient from `start` on). Blocks of kBlock stay in L1, so weights,
  // gradient and state cross the memory bus once per step.
  template <class Direction>
  void step(std::span<float> weights, const Coefficients& k, Direction&& direction) {
    const auto n = static_cast<Eigen::Index>(weights.size());
    const StepCoefficients c = begin(weights, k);
    const TorchLerp& toward_z = c.toward_z;
    const float y_coef = c.y_coef;
    const float z_coef = c.z_coef;
    for (Eigen::Index start = 0; start < n; start += kBlock) {
      const Eigen::Index len = std::min(kBlock, n - start);
      Eigen::Map<Eigen::ArrayXf> y(weights.data() + start, len);
      auto z = z_.segment(start, len);
      auto d = d_.head(len);
      direction(start, Eigen::Map<const Eigen::ArrayXf>(y.data(), len), d);
      if (toward_z.small()) {
        y = y + toward_z.weight() * (z - y) + y_coef * d;
      } else {
        y = z - (z - y) * toward_z.one_minus() + y_coef * d;
      }
      z = z - z_coef * d;
    }
  }

  // The same update as step() for a direction that is a function of one
  // element, d_i = direction(i, y_i) (schedule-free SGD's g + decay·y): one
  // plain loop that the compiler vectorises, with no block buffer for d.
  // Same operations in the same order as step(), so the same bits.
  template <class Direction>
  void step_elementwise(std::span<float> weights, const Coefficients& k, Direction&& direction) {
    const StepCoefficients c = begin(weights, k);
    const TorchLerp& toward_z = c.toward_z;
    const float y_coef = c.y_coef;
    const float z_coef = c.z_coef;
    if (toward_z.small()) {
      elementwise_loop<true>(weights.data(), z_.data(), weights.size(), toward_z, y_coef, z_coef, direction);
    } else {
      elementwise_loop<false>(weights.data(), z_.data(), weights.size(), toward_z, y_coef, z_coef, direction);
    }
  }

  // x = lerp(y, z, 1 − 1/beta), or y itself before the first step.
  [[nodiscard]] std::span<const float> evaluation(std::span<const float> y) {
    if (!started_) return y;
    const TorchLerp toward_z(eval_weight_);
    for (Eigen::Index i = 0; i < x_.size(); ++i) x_[i] = toward_z(y[i], z_[i]);
    return {x_.data(), static_cast<std::size_t>(x_.size())};
  }

 private:
  struct StepCoefficients {
    TorchLerp toward_z;  // lerp(y, z, c)
    float y_coef;        // lr_k·(beta·(1 − c) − 1)
    float z_coef;        // lr_k
  };

  // z = the weights on the first step; then this step's coefficients (step()
  // and step_elementwise() share them).
  StepCoefficients begin(std::span<const float> weights, const Coefficients& k) {
    if (!started_) {
      z_ = Eigen::Map<const Eigen::ArrayXf>(weights.data(), static_cast<Eigen::Index>(weights.size()));
      started_ = true;
    }
    return {TorchLerp(k.c), static_cast<float>(k.lr * (beta_ * (1.0 - k.c) - 1.0)), static_cast<float>(k.lr)};
  }

  template <bool NearStart, class Direction>
  static void elementwise_loop(float* __restrict y, float* __restrict z, std::size_t n, const TorchLerp toward_z,
                               const float y_coef, const float z_coef, Direction& direction) {
    for (std::size_t i = 0; i < n; ++i) {
      const float yi = y[i], zi = z[i];
      const float d = direction(i, yi);
      if constexpr (NearStart) {
        y[i] = (yi + toward_z.weight() * (zi - yi)) + y_coef * d;
      } else {
        y[i] = (zi - (zi - yi) * toward_z.one_minus()) + y_coef * d;
      }
      z[i] = zi - z_coef * d;
    }
  }

  static constexpr Eigen::Index kBlock = 2048;  // 8 KiB per buffer
  const std::int64_t warmup_steps_;
  const double r_;
  const double weight_lr_power_;
  const double beta_;
  const double eval_weight_;  // 1 − 1/beta
  double lr_max_ = -1.0;
  double weight_sum_ = 0.0;
  bool started_ = false;
  Eigen::ArrayXf z_;  // the base iterate
  Eigen::ArrayXf x_;  // the evaluation weights, written by evaluation()
  Eigen::ArrayXf d_;  // one block's step direction
};

}  // namespace lrbench_plugins
