// schedule_free_sgd: schedule-free SGD (Defazio et al. 2024, "The Road Less
// Scheduled"), as facebookresearch/schedule_free's SGDScheduleFree.
//
// Reference: facebookresearch/schedule_free, schedulefree/sgd_schedulefree.py
// @ 70785b53e778d0e872c0bbb75ff4ee54ee10c291, SGDScheduleFree.step
// (per-parameter path) and eval(); golden file
// tests/data/golden/references/schedule_free_sgd.json.
//
// With g the gradient and y the training weights (k = t − 1, t the host's step):
//   d = g + weight_decay·y                               (decay evaluated at y)
//   lr_k = lr·(k + 1)/warmup_steps while k < warmup_steps, else lr
//   lr_max = max(lr_max, lr_k),  weight = (k + 1)^r · lr_max^weight_lr_power
//   c = weight / Σ weight
//   y = lerp(y, z, c) + lr_k·(momentum·(1 − c) − 1)·d
//   z = z − lr_k·d                                        (z starts at the initial weights)
// The model is evaluated at x = lerp(y, z, 1 − 1/momentum) (evaluation
// weights); training continues from y. The averaging is schedule_free.hpp,
// shared with schedule_free_adamw.
//
// Quirks of the reference, followed: the host's lr is the reference's group
// lr, so warm-up multiplies it inside the optimizer and the averaging weight
// uses the largest scheduled lr so far; x is never stored but computed from
// y and z as eval() does; the reference's own step counter k is the host's
// step − 1. Use it with a constant schedule, as its authors intend.
#include "../schedule_free.hpp"

namespace {

class ScheduleFreeSgd final : public lrbench::Optimizer {
 public:
  static constexpr lrbench::PluginMeta meta{
      .name = "schedule_free_sgd", .version = "1.0.0",
      .description = "Schedule-free SGD (Defazio et al. 2024; facebookresearch/schedule_free SGDScheduleFree)"};
  static constexpr lrbench::ParamSpec params[] = {
      lrbench::real("momentum", 0.9).above(0.0).below(1.0)
          .help("interpolation momentum beta: y = (1 - beta)·z + beta·x; x is evaluated")
          .source("SGDScheduleFree default momentum"),
      lrbench::real("weight_decay", 0.0).at_least(0.0)
          .help("L2 decay evaluated at y, added to the gradient").source("SGDScheduleFree default"),
      lrbench_plugins::ScheduleFreeAveraging::warmup_steps_param,
      lrbench_plugins::ScheduleFreeAveraging::r_param,
      lrbench_plugins::ScheduleFreeAveraging::weight_lr_power_param,
  };

  explicit ScheduleFreeSgd(const lrbench::ParamValues& v)
      : weight_decay_(static_cast<float>(v.real("weight_decay"))),
        averaging_(v.integer("warmup_steps"), v.real("r"), v.real("weight_lr_power"), v.real("momentum")) {}

  void reset(const lrbench::ParamLayout& layout) override { averaging_.reset(layout.size()); }

  void step(std::span<float> weights, std::span<const float> grads, const lrbench::StepContext& context) override {
    const auto k = averaging_.advance(context.lr, context.step);
    const float decay = weight_decay_;
    const float* __restrict g = grads.data();
    if (decay != 0.0f) {
      averaging_.step_elementwise(weights, k, [g, decay](std::size_t i, float y) { return g[i] + decay * y; });
    } else {
      averaging_.step_elementwise(weights, k, [g](std::size_t i, float) { return g[i]; });
    }
  }

  [[nodiscard]] std::span<const float> evaluation_weights(std::span<const float> weights) override {
    return averaging_.evaluation(weights);
  }

  [[nodiscard]] std::size_t state_buffers() const noexcept override { return 1; }  // z

 private:
  const float weight_decay_;
  lrbench_plugins::ScheduleFreeAveraging averaging_;
};

}  // namespace

LRBENCH_OPTIMIZER_PLUGIN(ScheduleFreeSgd)
