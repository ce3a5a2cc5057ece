// lrbench SDK 2: the optimizer interface.
//
// The host owns the model's parameters as one contiguous float32 buffer and
// the loss gradient as another of the same length. An optimizer is called once
// per training step with both buffers and a StepContext (the learning rate in
// force, the step number, and a way to ask for more gradients): one virtual
// call per step, never per layer or per element.
//
// What SDK 2 adds to that flat view, for optimizers that need it (and nothing
// a simple optimizer has to touch):
//   * reset() receives the ParamLayout: the tensors the flat buffer is made
//     of, each with a name, offset, shape and role (Muon, Shampoo, Adafactor:
//     matrix shapes; LAMB, LARS: per-tensor norms).
//   * evaluation_weights() may name other weights than the trained ones for
//     the model to be evaluated at (schedule-free's x, Lookahead's slow
//     weights); training continues from the training weights.
//   * StepContext::gradient_at() evaluates the loss gradient of the current
//     batch at other weights (SAM's perturbed point); the host counts it.
//   * An `optimizer` parameter (params.hpp) holds an inner optimizer built
//     through the host's registry (Lookahead, SAM).
//
// The step counter belongs to the host. Adam-style bias corrections use
// `context.step`, never a counter of the plugin's own, so a plugin cannot
// advance it twice in one step.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <boost/config.hpp>

namespace lrbench {

// What a tensor is for: weight decay, LARS and LAMB often treat biases apart.
enum class TensorRole : std::uint8_t { weight, bias };

[[nodiscard]] constexpr const char* to_string(TensorRole role) noexcept {
  return role == TensorRole::weight ? "weight" : "bias";
}

// One tensor of the flat parameter buffer: elements [offset, offset + size()).
// A matrix is stored row-major with `rows` × `cols` elements, PyTorch's
// `[out_features, in_features]` for a dense layer's weight (element (r, c)
// at offset + r·cols + c); a vector has rank 1, `rows` elements and cols 1.
// (A convolution kernel would be given as the matrix [out, in·kh·kw], the
// view Muon and Shampoo take of it.)
struct Tensor {
  std::string name;  // "layer1.weight", "layer1.bias"; unique within a layout
  std::size_t offset = 0;
  std::size_t rows = 0;  // a vector's length, or a matrix's rows
  std::size_t cols = 1;  // a matrix's columns; 1 for a vector
  int rank = 1;          // 1: a vector [rows]; 2: a matrix [rows, cols]
  TensorRole role = TensorRole::weight;

  [[nodiscard]] std::size_t size() const noexcept { return rows * cols; }
  [[nodiscard]] bool is_matrix() const noexcept { return rank == 2; }

  // This tensor's elements within a flat buffer (weights, gradient or state)
  // of the layout's size.
  template <class T>
  [[nodiscard]] std::span<T> in(std::span<T> buffer) const {
    return buffer.subspan(offset, size());
  }
};

// The tensors of the flat parameter buffer, in buffer order, contiguous and
// covering it exactly: each tensor starts where the previous one ends. Built
// by the host with add_matrix() / add_vector(); an optimizer that ignores it
// uses only size().
class ParamLayout {
 public:
  ParamLayout() = default;

  // A layout of one vector tensor `{"x", [n], weight}`: what conformance uses
  // for a golden case without a layout, and what throughput benchmarks use.
  [[nodiscard]] static ParamLayout single(std::size_t n, std::string name = "x") {
    ParamLayout layout;
    layout.add_vector(std::move(name), n, TensorRole::weight);
    return layout;
  }

  // Appends a matrix [rows, cols] (row-major) or a vector [n] at the end of
  // the buffer. Throws std::invalid_argument for a duplicate name.
  ParamLayout& add_matrix(std::string name, std::size_t rows, std::size_t cols, TensorRole role) {
    return add(Tensor{std::move(name), size_, rows, cols, 2, role});
  }
  ParamLayout& add_vector(std::string name, std::size_t n, TensorRole role) {
    return add(Tensor{std::move(name), size_, n, 1, 1, role});
  }

  // Elements in the whole buffer: the sum of the tensors' sizes.
  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  [[nodiscard]] std::span<const Tensor> tensors() const noexcept { return tensors_; }

 private:
  ParamLayout& add(Tensor tensor) {
    for (const Tensor& t : tensors_) {
      if (t.name == tensor.name) throw std::invalid_argument("ParamLayout: duplicate tensor name '" + t.name + "'");
    }
    size_ += tensor.size();
    tensors_.push_back(std::move(tensor));
    return *this;
  }

  std::vector<Tensor> tensors_;
  std::size_t size_ = 0;
};

// The host's side of StepContext::gradient_at: the loss gradient of the
// current step's batch (the same samples, the same model) at given weights.
// Implemented by the trainer (the model on the step's minibatch), by
// conformance (a golden case's objective) and by benchmarks.
class BOOST_SYMBOL_VISIBLE GradientSource {
 public:
  // Writes the gradient at `weights` into `gradient` (both of the layout's
  // size) and returns the loss there.
  virtual double gradient_at(std::span<const float> weights, std::span<float> gradient) = 0;

 protected:
  ~GradientSource() = default;
};

// What the host hands an optimizer for one step, besides the buffers.
struct StepContext {
  // The learning rate for this step, as the scenario's schedule answers it.
  // For a plugin that declares `adapts_step_size` (plugin.hpp) it is a
  // multiplier of the step size the plugin finds itself.
  double lr = 0.0;
  // The step number, from 1 (PyTorch's `state["step"]` after its increment).
  std::int64_t step = 0;
  // Where gradient_at() goes; null when the host has no model to evaluate.
  GradientSource* source = nullptr;

  // The loss gradient of this step's batch at `weights`, written into
  // `gradient` (both of the layout's size; the plugin owns both buffers, sized
  // in reset(), so nothing is allocated). Returns the loss at `weights`. Each
  // call costs a forward and backward pass; the host counts them and reports
  // gradient evaluations per step. Throws std::logic_error when the host
  // offers no gradients (a golden case with fixed `grads`).
  double gradient_at(std::span<const float> weights, std::span<float> gradient) const {
    if (source == nullptr) {
      throw std::logic_error(
          "gradient_at: this host gives no gradients at other weights (a golden case with fixed 'grads'; "
          "use an 'objective' instead)");
    }
    return source->gradient_at(weights, gradient);
  }
};

class BOOST_SYMBOL_VISIBLE Optimizer {
 public:
  virtual ~Optimizer() = default;

  // Sizes and zeroes (or initialises) the state for the parameters `layout`
  // describes; layout.size() is the length of every buffer step() receives.
  // Called once before the first step of a run; may be called again to start
  // over. Copy what you need from the layout: it lives only during the call.
  virtual void reset(const ParamLayout& layout) = 0;

  // Updates `weights` in place from `grads` (both of the layout's size), at
  // the learning rate and step number in `context`. Must not allocate.
  virtual void step(std::span<float> weights, std::span<const float> grads, const StepContext& context) = 0;

  // The weights the model is evaluated at, given the training weights: the
  // per-epoch metrics and the final model use them, and training continues
  // from `weights`. By default the training weights themselves;
  // schedule-free returns its averaged x, Lookahead its slow weights. The
  // span must have the layout's size and stay valid until the next step() or
  // reset(). Called after steps, never during one.
  [[nodiscard]] virtual std::span<const float> evaluation_weights(std::span<const float> weights) {
    return weights;
  }

  // How many float buffers of the layout's size the optimizer keeps as state
  // (SGD with momentum: 1, Adam: 2, AMSGrad: 3). Used to count bytes moved per
  // step in throughput reports; it does not change results.
  [[nodiscard]] virtual std::size_t state_buffers() const noexcept { return 0; }
};

}  // namespace lrbench
