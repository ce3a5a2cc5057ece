// prodigy: Prodigy, an expeditiously adaptive parameter-free learner
// (Mishchenko & Defazio 2024), exactly as the authors' prodigyopt.
//
// With g the gradient, w the weights, w0 the initial weights, lr the host's
// lr (a multiplier on the adapted step d, default 1) and k the reference's
// own step counter (from 0):
//   beta3 = sqrt(beta2) when unset
//   dlr   = d·lr·(sqrt(1 − beta2^(k+1))/(1 − beta1^(k+1)) if use_bias_correction, else 1)
//   decoupled false:  g = g + weight_decay·w
//   num   = beta3·num + (d/d0)·dlr·⟨g, w0 − w⟩
//   m = beta1·m + d·(1 − beta1)·g,    v = beta2·v + d²·(1 − beta2)·g²
//   s = beta3·s + (d/d0)·(d if safeguard_warmup else dlr)·g,    den = Σ|s|
//   den = 0: stop here (weights, k and num's decay are left as they are)
//   d_hat = d_coef·num/den;  d = max(d, d_hat) while d is still d0;
//   d_max = max(d_max, d_hat);  d = min(d_max, d·growth_rate)
//   decoupled:  w = w − weight_decay·dlr·w
//   w = w − dlr·m/(sqrt(v) + d·epsilon)      (beta1 0: dlr·d·g instead of dlr·m)
//
// Reference: konstmish/prodigy, prodigyopt/prodigy.py
//   @ 3efb213ee8af5a6bf76f28726398433a847b38e9, Prodigy.step with slice_p=1,
//   fsdp_in_use=False.
// Quirks followed (tools/golden/optimizers/prodigy.py):
//   - dlr, the moments' factors and the decay use d before this step's
//     update; the denominator's d·epsilon uses the updated d;
//   - when Σ|s| = 0 (every gradient so far zero) the step returns early: the
//     weights do not move, k does not advance (it shifts later bias
//     corrections) and the numerator's decay is lost; m, v, s were updated;
//   - while d still equals d0 it jumps to max(d0, d_hat) first;
//   - the numerator and Σ|s| are sums over tensors of per-tensor float
//     reductions (here lrbench::math's fixed-order sums, float32).
// Deviation: the reference rejects lr <= 0 at construction; here lr is the
// schedule's multiplier of each step, and lr 0 simply makes dlr 0.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

#include <Eigen/Core>

#include "lrbench/lrbench.hpp"
#include "lrbench/math.hpp"

#include "../fixed_order_sums.hpp"

namespace {

class Prodigy final : public lrbench::Optimizer {
 public:
  static constexpr lrbench::PluginMeta meta{
      .name = "prodigy", .version = "1.0.0",
      .description = "Prodigy (Mishchenko & Defazio 2024), konstmish/prodigy", .default_lr = 1.0,
      .adapts_step_size = true};
  static constexpr lrbench::ParamSpec params[] = {
      lrbench::real("beta1", 0.9).at_least(0.0).below(1.0)
          .help("decay rate of the first moment m (0: no first moment)").source("prodigyopt default"),
      lrbench::real("beta2", 0.999).at_least(0.0).below(1.0)
          .help("decay rate of the second moment v").source("prodigyopt default"),
      lrbench::real("beta3", 0.0).at_least(0.0).below(1.0).default_null()
          .help("decay rate of the numerator and of s; null: sqrt(beta2)").source("prodigyopt default (None)"),
      lrbench::real("epsilon", 1e-8).above(0.0)
          .help("d * epsilon is added to sqrt(v) in the denominator").source("prodigyopt default"),
      lrbench::real("weight_decay", 0.0).at_least(0.0)
          .help("decay factor, decoupled (w -= weight_decay*dlr*w) or L2 (see decoupled)")
          .source("prodigyopt default"),
      lrbench::flag("decoupled", true)
          .help("decoupled decay; false adds weight_decay*w to the gradient").source("prodigyopt default"),
      lrbench::flag("use_bias_correction", false)
          .help("scale dlr by Adam's bias correction sqrt(1-beta2^(k+1))/(1-beta1^(k+1))")
          .source("prodigyopt default"),
      lrbench::flag("safeguard_warmup", false)
          .help("accumulate s with d instead of dlr (avoids problems during lr warm-up)")
          .source("prodigyopt default"),
      lrbench::real("d0", 1e-6).above(0.0).help("initial estimate of the distance to the solution d")
          .source("prodigyopt default"),
      lrbench::real("d_coef", 1.0).above(0.0).help("multiplies the estimate d_hat").source("prodigyopt default"),
      lrbench::real("growth_rate", std::numeric_limits<double>::infinity()).at_least(1.0).or_infinite()
          .help("d grows by at most this factor per step; inf: no limit").source("prodigyopt default"),
  };

  explicit Prodigy(const lrbench::ParamValues& v)
      : beta1_(v.real("beta1")), beta2_(v.real("beta2")),
        beta3_(v.optional_real("beta3").value_or(std::sqrt(beta2_))), epsilon_(v.real("epsilon")),
        weight_decay_(v.real("weight_decay")), d0_(v.real("d0")), d_coef_(v.real("d_coef")),
        growth_rate_(v.real("growth_rate")), b1_(static_cast<float>(beta1_)), b2_(static_cast<float>(beta2_)),
        b3_(static_cast<float>(beta3_)), l2_(v.flag("decoupled") ? 0.0f : static_cast<float>(weight_decay_)),
        decoupled_(v.flag("decoupled")), bias_correction_(v.flag("use_bias_correction")),
        safeguard_warmup_(v.flag("safeguard_warmup")) {}

  void reset(const lrbench::ParamLayout& layout) override {
    const auto n = static_cast<Eigen::Index>(layout.size());
    m_.setZero(beta1_ > 0.0 ? n : 0);
    v_.setZero(n);
    s_.setZero(n);
    w0_.setZero(n);
    tensors_.clear();
    for (const lrbench::Tensor& t : layout.tensors()) tensors_.emplace_back(t.offset, t.size());
    started_ = false;
    d_ = d_max_ = d0_;
    numerator_ = 0.0;
    k_ = 0;
  }

  void step(std::span<float> weights, std::span<const float> grads, const lrbench::StepContext& context) override {
    const auto n = static_cast<Eigen::Index>(weights.size());
    if (!started_) {  // state that starts at the initial weights
      w0_ = Eigen::Map<const Eigen::ArrayXf>(weights.data(), n);
      started_ = true;
    }
    const double d = d_;
    const double k1 = static_cast<double>(k_ + 1);
    const double bias_correction =
        bias_correction_ ? std::sqrt(1.0 - lrbench::math::pow(beta2_, k1)) / (1.0 - lrbench::math::pow(beta1_, k1))
                         : 1.0;
    const double dlr = d * context.lr * bias_correction;
    const float m_coef = static_cast<float>(d * (1.0 - beta1_));
    const float v_coef = static_cast<float>(d * d * (1.0 - beta2_));
    const float s_coef = static_cast<float>((d / d0_) * (safeguard_warmup_ ? d : dlr));

    // Pass 1, per tensor: ⟨g, w0 − w⟩, the moments, s and Σ|s|.
    double delta = 0.0, denominator = 0.0;
    const Coefficients k{b1_, b2_, b3_, l2_, m_coef, v_coef, s_coef};
    for (const auto& [offset, size] : tensors_) {
      const std::array<float, 2> sums = beta1_ > 0.0 ? accumulate<true>(weights, grads, offset, size, k)
                                                     : accumulate<false>(weights, grads, offset, size, k);
      delta += (d / d0_) * dlr * static_cast<double>(sums[0]);
      denominator += static_cast<double>(sums[1]);
    }
    if (denominator == 0.0) return;

    const double numerator = numerator_ * beta3_ + delta;
    const double d_hat = d_coef_ * numerator / denominator;
    double d_new = d;
    if (d_new == d0_) d_new = std::max(d_new, d_hat);
    d_max_ = std::max(d_max_, d_hat);
    d_new = std::min(d_max_, d_new * growth_rate_);
    numerator_ = numerator;
    d_ = d_new;

    // Pass 2, a plain loop that the compiler vectorises (Eigen's vector sqrt
    // is off: EIGEN_FAST_MATH=0): the step. Without decoupled decay the
    // decay factor is 0 and w is unchanged; l2_ is 0 when it is decoupled.
    const float eps = static_cast<float>(d_new * epsilon_);
    const float decay = decoupled_ ? static_cast<float>(-weight_decay_ * dlr) : 0.0f;
    const float l2 = l2_;
    float* __restrict w = weights.data();
    const float* __restrict g = grads.data();
    const float* __restrict v = v_.data();
    if (beta1_ > 0.0) {
      const float step = static_cast<float>(-dlr);
      const float* __restrict m = m_.data();
      for (Eigen::Index i = 0; i < n; ++i) w[i] = (w[i] + decay * w[i]) + step * (m[i] / (std::sqrt(v[i]) + eps));
    } else {
      const float step = static_cast<float>(-dlr * d_new);
      for (Eigen::Index i = 0; i < n; ++i) {
        w[i] = (w[i] + decay * w[i]) + step * ((g[i] + l2 * w[i]) / (std::sqrt(v[i]) + eps));
      }
    }
    ++k_;
  }

  // m, v, s and the initial weights w0.
  [[nodiscard]] std::size_t state_buffers() const noexcept override { return beta1_ > 0.0 ? 4 : 3; }

 private:
  struct Coefficients {
    float b1, b2, b3, l2;  // beta1, beta2, beta3 and the L2 factor in float
    float m, v, s;         // d·(1 − beta1), d²·(1 − beta2), (d/d0)·(d or dlr)
  };

  // One tensor's part of pass 1, in one pass over its buffers (each crosses
  // the memory bus once), 16 elements at a time on vectors
  // (fixed_order_sums_lanes): with gd = g + l2·w,
  //   m = m·beta1 + k.m·gd (FirstMoment),  v = v·beta2 + k.v·(gd·gd),  s = s·beta3 + k.s·gd
  // and {⟨gd, w0 − w⟩, Σ|s|} (s updated), each in lrbench::math's fixed
  // order (the reference's per-tensor float reductions).
  template <bool FirstMoment>
  std::array<float, 2> accumulate(std::span<float> weights, std::span<const float> grads, std::size_t offset,
                                  std::size_t size, const Coefficients k) {
    const float* w = weights.data() + offset;
    const float* g = grads.data() + offset;
    const float* w0 = w0_.data() + offset;
    float* m = m_.data() + offset;
    float* v = v_.data() + offset;
    float* s = s_.data() + offset;
    using lrbench_plugins::Lanes;
    using lrbench_plugins::load_lanes;
    using lrbench_plugins::store_lanes;
    typedef std::int32_t Bits __attribute__((vector_size(sizeof(Lanes))));
    return lrbench_plugins::fixed_order_sums_lanes<2>(
        size,
        [&](std::size_t i, Lanes* terms) {
          const Lanes wi = load_lanes(w + i);
          const Lanes gd = load_lanes(g + i) + k.l2 * wi;
          if constexpr (FirstMoment) store_lanes(m + i, load_lanes(m + i) * k.b1 + k.m * gd);
          store_lanes(v + i, load_lanes(v + i) * k.b2 + k.v * (gd * gd));
          const Lanes si = load_lanes(s + i) * k.b3 + k.s * gd;
          store_lanes(s + i, si);
          terms[0] = gd * (load_lanes(w0 + i) - wi);
          terms[1] = reinterpret_cast<Lanes>(reinterpret_cast<Bits>(si) & 0x7fffffff);  // |s|: the sign bit cleared
        },
        [&](std::size_t i, float* terms) {
          const float gd = g[i] + k.l2 * w[i];
          if constexpr (FirstMoment) m[i] = m[i] * k.b1 + k.m * gd;
          v[i] = v[i] * k.b2 + k.v * (gd * gd);
          s[i] = s[i] * k.b3 + k.s * gd;
          terms[0] = gd * (w0[i] - w[i]);
          terms[1] = std::abs(s[i]);
        });
  }

  const double beta1_, beta2_, beta3_, epsilon_, weight_decay_, d0_, d_coef_, growth_rate_;
  const float b1_, b2_, b3_, l2_;
  const bool decoupled_, bias_correction_, safeguard_warmup_;
  Eigen::ArrayXf m_;   // first moment (scaled by d), absent when beta1 = 0
  Eigen::ArrayXf v_;   // second moment (scaled by d²)
  Eigen::ArrayXf s_;   // weighted gradient sum, whose L1 norm is the denominator of d_hat
  Eigen::ArrayXf w0_;  // the initial weights
  std::vector<std::pair<std::size_t, std::size_t>> tensors_;  // (offset, size) per tensor
  bool started_ = false;
  double d_ = 0.0, d_max_ = 0.0, numerator_ = 0.0;
  std::int64_t k_ = 0;
};

}  // namespace

LRBENCH_OPTIMIZER_PLUGIN(Prodigy)
