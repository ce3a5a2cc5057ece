// lrbench SDK: the optimizer interface.
//
// The host owns the model's parameters as one contiguous float32 buffer and
// the loss gradient as another of the same length. An optimizer is called once
// per training step with both buffers, the learning rate in force (answered by
// the scenario's schedule) and the step number: one virtual call per step,
// never per layer or per element.
//
// The step counter belongs to the host. Adam-style bias corrections use the
// `step` argument, never a counter of the plugin's own, so a plugin cannot
// advance it twice in one step.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include <boost/config.hpp>

namespace lrbench {

class BOOST_SYMBOL_VISIBLE Optimizer {
 public:
  virtual ~Optimizer() = default;

  // Sizes and zeroes (or initialises) the state for `n` parameters. Called
  // once before the first step of a run; may be called again to start over.
  virtual void reset(std::size_t n) = 0;

  // Updates `weights` in place from `grads` (both of the length given to
  // reset). `lr` is the learning rate for this step, `step` counts steps from
  // 1 (PyTorch's `state["step"]` after its increment). Must not allocate.
  virtual void step(std::span<float> weights, std::span<const float> grads, double lr,
                    std::int64_t step) = 0;

  // How many float buffers of length n the optimizer keeps as state (SGD with
  // momentum: 1, Adam: 2, AMSGrad: 3). Used to count bytes moved per step in
  // throughput reports; it does not change results.
  [[nodiscard]] virtual std::size_t state_buffers() const noexcept { return 0; }
};

}  // namespace lrbench
