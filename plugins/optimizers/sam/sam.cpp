// sam: Sharpness-Aware Minimization around any optimizer (Foret et al. 2021,
// "Sharpness-Aware Minimization for Efficiently Improving Generalization";
// adaptive: Kwon et al. 2021, ASAM), as davda54/sam.
//
// Reference: davda54/sam, sam.py @ 3c3afdbd71cff2462ec91c734b3d1170bd0f3707,
// SAM.first_step, second_step and _grad_norm; golden file
// tests/data/golden/references/sam.json.
//
// With w the weights and g the host's gradient at w:
//   T = |w| if adaptive, else 1
//   n = ‖(‖T·g‖₂ of each tensor)‖₂           (the norm over all tensors)
//   e = rho · T²·g / (n + 1e-12)
//   g' = ∇L(w + e)                           (gradient_at: same batch, a second pass)
//   w = inner.step(w, g')                    (from the original w, at the host's lr and step)
//
// Quirks of the reference, followed: the norm is the norm of the per-tensor
// norms (each a float reduction, as torch's p.grad.norm()); adaptive SAM
// scales the norm's terms by |w| but the perturbation by w²; the inner step
// starts from the saved w (the reference restores it exactly, not w + e − e);
// two gradient evaluations per step. The model is evaluated wherever the
// inner optimizer says (its evaluation weights).
#include <cmath>
#include <memory>
#include <vector>

#include <Eigen/Core>

#include "lrbench/lrbench.hpp"
#include "lrbench/math.hpp"

namespace {

class Sam final : public lrbench::Optimizer {
 public:
  static constexpr lrbench::PluginMeta meta{
      .name = "sam", .version = "1.0.0",
      .description = "Sharpness-Aware Minimization around an inner optimizer (Foret et al. 2021; davda54/sam)"};
  static constexpr lrbench::ParamSpec params[] = {
      lrbench::real("rho", 0.05).at_least(0.0)
          .help("radius of the ascent step (a distance, not a decay rate; ASAM uses ~2)")
          .source("davda54/sam default rho"),
      lrbench::flag("adaptive", false)
          .help("ASAM: scale the ascent by |w| (norm) and w² (perturbation)").source("davda54/sam default"),
      lrbench::optimizer("inner", "sgd")
          .help("the optimizer that takes the step with the gradient at w + e")
          .source("davda54/sam: base_optimizer, SGD in its example"),
  };

  explicit Sam(const lrbench::ParamValues& v)
      : rho_(v.real("rho")), adaptive_(v.flag("adaptive")), inner_(v.optimizer("inner")) {}

  void reset(const lrbench::ParamLayout& layout) override {
    const auto n = static_cast<Eigen::Index>(layout.size());
    perturbed_.setZero(n);
    sharp_grads_.setZero(n);
    tensors_.clear();
    for (const lrbench::Tensor& t : layout.tensors()) tensors_.push_back({t.offset, t.size()});
    inner_->reset(layout);
  }

  void step(std::span<float> weights, std::span<const float> grads, const lrbench::StepContext& context) override {
    const auto n = static_cast<Eigen::Index>(weights.size());
    Eigen::Map<const Eigen::ArrayXf> w(weights.data(), n);
    Eigen::Map<const Eigen::ArrayXf> g(grads.data(), n);
    // T·g into the scratch buffer, then each tensor's norm in float, as torch.
    std::span<const float> scaled = grads;
    if (adaptive_) {
      perturbed_ = w.abs() * g;
      scaled = {perturbed_.data(), weights.size()};
    }
    double sum_of_squares = 0.0;
    for (const auto& [offset, size] : tensors_) {
      const double norm = std::sqrt(lrbench::math::squared_norm(scaled.subspan(offset, size)));
      sum_of_squares += norm * norm;
    }
    const float scale = static_cast<float>(rho_ / (std::sqrt(sum_of_squares) + 1e-12));
    if (adaptive_) {
      perturbed_ = w + ((w * w) * g) * scale;
    } else {
      perturbed_ = w + g * scale;
    }
    static_cast<void>(context.gradient_at(std::span<const float>(perturbed_.data(), weights.size()),
                                          std::span<float>(sharp_grads_.data(), weights.size())));
    inner_->step(weights, std::span<const float>(sharp_grads_.data(), weights.size()), context);
  }

  [[nodiscard]] std::span<const float> evaluation_weights(std::span<const float> weights) override {
    return inner_->evaluation_weights(weights);
  }

  [[nodiscard]] std::size_t state_buffers() const noexcept override { return 2 + inner_->state_buffers(); }

 private:
  struct Extent {
    std::size_t offset, size;
  };
  const double rho_;
  const bool adaptive_;
  const std::shared_ptr<lrbench::Optimizer> inner_;
  std::vector<Extent> tensors_;  // each tensor's elements, for the per-tensor norms
  Eigen::ArrayXf perturbed_;     // |w|·g (adaptive), then w + e
  Eigen::ArrayXf sharp_grads_;   // the gradient at w + e
};

}  // namespace

LRBENCH_OPTIMIZER_PLUGIN(Sam)
