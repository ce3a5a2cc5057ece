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
#include <cstdint>
#include <memory>
#include <vector>

#include <Eigen/Core>

#include "lrbench/lrbench.hpp"
#include "lrbench/math.hpp"

#include "../fixed_order_sums.hpp"

#if defined(__AVX512F__)
#include <immintrin.h>
#endif

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
    const float* w = weights.data();
    const float* g = grads.data();
    // Each tensor's ‖T·g‖ in float (torch's p.grad.norm() per tensor), in
    // one pass over g (and w when adaptive; T·g is not stored).
    double sum_of_squares = 0.0;
    for (const auto& [offset, size] : tensors_) {
      const float* wt = w + offset;
      const float* gt = g + offset;
      const float squares =
          adaptive_ ? lrbench_plugins::fixed_order_sums<float, 1>(
                          size, [&](std::size_t first, std::size_t count, auto terms) {
                            scaled_squares_block(wt + first, gt + first, terms[0], count);
                          })[0]
                    : lrbench::math::squared_norm(std::span<const float>(gt, size));
      const double norm = std::sqrt(squares);
      sum_of_squares += norm * norm;
    }
    const float scale = static_cast<float>(rho_ / (std::sqrt(sum_of_squares) + 1e-12));
    perturb(w, g, perturbed_.data(), weights.size(), scale, adaptive_);
    static_cast<void>(context.gradient_at(std::span<const float>(perturbed_.data(), weights.size()),
                                          std::span<float>(sharp_grads_.data(), weights.size())));
    inner_->step(weights, std::span<const float>(sharp_grads_.data(), weights.size()), context);
  }

  [[nodiscard]] std::span<const float> evaluation_weights(std::span<const float> weights) override {
    return inner_->evaluation_weights(weights);
  }

  [[nodiscard]] std::size_t state_buffers() const noexcept override { return 2 + inner_->state_buffers(); }

 private:
  // term = (|w|·g)², the adaptive norm's terms.
  static void scaled_squares_block(const float* __restrict w, const float* __restrict g, float* __restrict term,
                                   std::size_t count) {
    for (std::size_t i = 0; i < count; ++i) {
      const float t = std::abs(w[i]) * g[i];
      term[i] = t * t;
    }
  }

  // e = w + (T²·g)·scale into p (T² = w·w when adaptive, else 1). p is only
  // read by the gradient evaluation, so it is written with non-temporal
  // stores where the CPU has them: no read of p's old contents into the cache
  // first (4 bytes per parameter less memory traffic), the same values.
  static void perturb(const float* __restrict w, const float* __restrict g, float* __restrict p, std::size_t n,
                      float scale, bool adaptive) {
    std::size_t i = 0;
#if defined(__AVX512F__)
    const __m512 s = _mm512_set1_ps(scale);
    for (; i < n && (reinterpret_cast<std::uintptr_t>(p + i) % 64) != 0; ++i) p[i] = perturbed(w[i], g[i], scale, adaptive);
    if (adaptive) {
      for (; i + 16 <= n; i += 16) {
        const __m512 wi = _mm512_loadu_ps(w + i);
        _mm512_stream_ps(p + i,
                         _mm512_add_ps(wi, _mm512_mul_ps(_mm512_mul_ps(_mm512_mul_ps(wi, wi), _mm512_loadu_ps(g + i)), s)));
      }
    } else {
      for (; i + 16 <= n; i += 16) {
        _mm512_stream_ps(p + i, _mm512_add_ps(_mm512_loadu_ps(w + i), _mm512_mul_ps(_mm512_loadu_ps(g + i), s)));
      }
    }
    _mm_sfence();
#endif
    for (; i < n; ++i) p[i] = perturbed(w[i], g[i], scale, adaptive);
  }
  static float perturbed(float w, float g, float scale, bool adaptive) {
    return adaptive ? w + ((w * w) * g) * scale : w + g * scale;
  }

  struct Extent {
    std::size_t offset, size;
  };
  const double rho_;
  const bool adaptive_;
  const std::shared_ptr<lrbench::Optimizer> inner_;
  std::vector<Extent> tensors_;  // each tensor's elements, for the per-tensor norms
  Eigen::ArrayXf perturbed_;     // w + e
  Eigen::ArrayXf sharp_grads_;   // the gradient at w + e
};

}  // namespace

LRBENCH_OPTIMIZER_PLUGIN(Sam)
