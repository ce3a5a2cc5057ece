// schedule_free_adamw: schedule-free AdamW (Defazio et al. 2024, "The Road
// Less Scheduled"), as facebookresearch/schedule_free's AdamWScheduleFree.
//
// Reference: facebookresearch/schedule_free, schedulefree/adamw_schedulefree.py
// @ 70785b53e778d0e872c0bbb75ff4ee54ee10c291, AdamWScheduleFree.step
// (per-parameter path; the newer inner_momentum left at its default 0 and not
// exposed) and eval(); golden file
// tests/data/golden/references/schedule_free_adamw.json.
//
// With g the gradient and y the training weights (k = t − 1, t the host's step):
//   v = beta2·v + (1 − beta2)·g²
//   d = g / (sqrt(v/(1 − beta2^t)) + epsilon) + weight_decay·y
//   lr_k = lr·(k + 1)/warmup_steps while k < warmup_steps, else lr
//   lr_max = max(lr_max, lr_k),  weight = (k + 1)^r · lr_max^weight_lr_power
//   c = weight / Σ weight
//   y = lerp(y, z, c) + lr_k·(beta1·(1 − c) − 1)·d
//   z = z − lr_k·d                                        (z starts at the initial weights)
// The model is evaluated at x = lerp(y, z, 1 − 1/beta1) (evaluation weights);
// training continues from y. The averaging is schedule_free.hpp, shared with
// schedule_free_sgd.
//
// Quirks of the reference, followed: beta1 is the interpolation momentum of
// y, not a first moment; v is bias-corrected inside the square root; weight
// decay is evaluated at y and added to the normalised direction (so it is not
// normalised); the host's lr is the reference's group lr (warm-up inside the
// optimizer, lr_max over the scheduled lr); x is never stored but computed as
// eval() does; the reference's own step counter k is the host's step − 1.
// Use it with a constant schedule, as its authors intend.
#include <cmath>

#include "lrbench/math.hpp"

#include "../schedule_free.hpp"

namespace {

class ScheduleFreeAdamW final : public lrbench::Optimizer {
 public:
  static constexpr lrbench::PluginMeta meta{
      .name = "schedule_free_adamw", .version = "1.0.0",
      .description = "Schedule-free AdamW (Defazio et al. 2024; facebookresearch/schedule_free AdamWScheduleFree)"};
  static constexpr lrbench::ParamSpec params[] = {
      lrbench::real("beta1", 0.9).above(0.0).below(1.0)
          .help("interpolation momentum: y = (1 - beta1)·z + beta1·x; x is evaluated")
          .source("AdamWScheduleFree default betas[0]"),
      lrbench::real("beta2", 0.999).at_least(0.0).below(1.0)
          .help("decay rate of the second-moment average v").source("AdamWScheduleFree default betas[1]"),
      lrbench::real("epsilon", 1e-8).above(0.0)
          .help("added to the bias-corrected sqrt(v)").source("AdamWScheduleFree default eps"),
      lrbench::real("weight_decay", 0.0).at_least(0.0)
          .help("decay evaluated at y, added to the normalised gradient").source("AdamWScheduleFree default"),
      lrbench_plugins::ScheduleFreeAveraging::warmup_steps_param,
      lrbench_plugins::ScheduleFreeAveraging::r_param,
      lrbench_plugins::ScheduleFreeAveraging::weight_lr_power_param,
  };

  explicit ScheduleFreeAdamW(const lrbench::ParamValues& v)
      : beta2_(v.real("beta2")), b2_(static_cast<float>(beta2_)), c2_(static_cast<float>(1.0 - beta2_)),
        eps_(static_cast<float>(v.real("epsilon"))), weight_decay_(static_cast<float>(v.real("weight_decay"))),
        averaging_(v.integer("warmup_steps"), v.real("r"), v.real("weight_lr_power"), v.real("beta1")) {}

  void reset(const lrbench::ParamLayout& layout) override {
    v_.setZero(static_cast<Eigen::Index>(layout.size()));
    averaging_.reset(layout.size());
  }

  void step(std::span<float> weights, std::span<const float> grads, const lrbench::StepContext& context) override {
    const auto k = averaging_.advance(context.lr, context.step);
    // sqrt(v / bc2): v divided by the bias correction, as the reference (not
    // multiplied by its inverse), so the float32 results follow its rounding.
    const float bc2 = static_cast<float>(1.0 - lrbench::math::pow(beta2_, static_cast<double>(context.step)));
    const float b2 = b2_, c2 = c2_, eps = eps_, decay = weight_decay_;
    // A plain loop, not an Eigen expression: Eigen does not vectorise float
    // sqrt without EIGEN_FAST_MATH, while GCC does with -fno-math-errno
    // (plugins/optimizers/CMakeLists.txt; sqrt is correctly rounded either way).
    // Scalars captured by value: a float reference could alias v, which would
    // keep the loop from vectorising.
    float* const v_all = v_.data();
    averaging_.step(weights, k, [grads, v_all, b2, c2, eps, decay, bc2](Eigen::Index start, const auto& y, auto& d) {
      const float* g = grads.data() + start;
      float* v = v_all + start;
      float* dir = d.data();
      for (Eigen::Index i = 0; i < y.size(); ++i) {
        v[i] = v[i] * b2 + c2 * (g[i] * g[i]);
        dir[i] = g[i] / (std::sqrt(v[i] / bc2) + eps);
      }
      if (decay != 0.0f) d = d + decay * y;
    });
  }

  [[nodiscard]] std::span<const float> evaluation_weights(std::span<const float> weights) override {
    return averaging_.evaluation(weights);
  }

  [[nodiscard]] std::size_t state_buffers() const noexcept override { return 2; }  // z, v

 private:
  const double beta2_;
  const float b2_, c2_, eps_, weight_decay_;
  lrbench_plugins::ScheduleFreeAveraging averaging_;
  Eigen::ArrayXf v_;  // second moment
};

}  // namespace

LRBENCH_OPTIMIZER_PLUGIN(ScheduleFreeAdamW)
