// torch.lerp(start, end, weight) with a scalar weight, in PyTorch's CPU
// order, for plugins whose references update state with lerp_ (schedule-free,
// Muon): start + weight·(end − start) when |weight| < 0.5, else
// end − (end − start)·(1 − weight). The two forms agree in exact arithmetic;
// following torch's choice keeps float32 results in the reference's
// operation order (tools/golden/optimizers/_ops.py, torch_lerp).
#pragma once

namespace lrbench_plugins {

class TorchLerp {
 public:
  // weight and 1 − weight are each rounded once from the double, as the
  // references' Python floats are.
  explicit TorchLerp(double weight)
      : weight_(static_cast<float>(weight)), one_minus_(static_cast<float>(1.0 - weight)),
        small_((weight < 0.0 ? -weight : weight) < 0.5) {}

  [[nodiscard]] bool small() const noexcept { return small_; }
  [[nodiscard]] float weight() const noexcept { return weight_; }
  [[nodiscard]] float one_minus() const noexcept { return one_minus_; }

  // Either form, chosen by the caller once per loop (so each loop vectorises).
  [[nodiscard]] float near_start(float start, float end) const noexcept { return start + weight_ * (end - start); }
  [[nodiscard]] float near_end(float start, float end) const noexcept { return end - (end - start) * one_minus_; }
  [[nodiscard]] float operator()(float start, float end) const noexcept {
    return small_ ? near_start(start, end) : near_end(start, end);
  }

 private:
  float weight_;
  float one_minus_;
  bool small_;
};

}  // namespace lrbench_plugins
