// muon: MomentUm Orthogonalized by Newton–Schulz (Jordan et al. 2024), with
// Adam for the tensors that are not matrices, as KellerJordan/Muon's
// SingleDeviceMuonWithAuxAdam.
//
// Reference: KellerJordan/Muon, muon.py @ 857d1adc159e098212f828d927460782d3da59e9,
// SingleDeviceMuonWithAuxAdam: muon_update + zeropower_via_newtonschulz5 for
// 2-D tensors, adam_update for the others, one lr and one weight_decay for
// both; golden file tests/data/golden/references/muon.json.
//
// Every matrix G of the layout ([rows, cols]) takes muon_update:
//   b = lerp(b, G, 1 − momentum)                       (momentum buffer)
//   U = lerp(G, b, momentum) if nesterov, else b
//   X = U, transposed when rows > cols (so X is p×q with p ≤ q)
//   X = X / (‖X‖_F + 1e-7)
//   ns_steps times:  A = X·Xᵀ;  B = b_ns·A + (c_ns·A)·A;  X = a_ns·X + B·X
//       (a_ns, b_ns, c_ns) = (3.4445, −4.7750, 2.0315)
//   U = X (transposed back) · sqrt(max(1, rows/cols))
// every other tensor (biases; the whole buffer when it is one vector) adam_update:
//   m = lerp(m, g, 1 − beta1);  v = lerp(v, g², 1 − beta2)
//   u = (m/(1 − beta1^t)) / (sqrt(v/(1 − beta2^t)) + epsilon)
// and then every tensor:  w = w·(1 − lr·weight_decay) − lr·u.
//
// Deviation, documented: Newton–Schulz runs in float32 here; the reference
// runs it in bfloat16 (its golden values come from float64, and the float32
// replay sizes the tolerance). The matrix products are dot products in
// lrbench::math's fixed order (lrbench/math.hpp), so the result is the same
// on every CPU; A and (c·A)·A use A's exact symmetry (A[k][j] = A[j][k]).
// Quirks of the reference, followed: the Nesterov update uses the already
// updated buffer; the Frobenius normalisation adds 1e-7 to the norm; B is
// b·A + (c·A)·A in that order; Adam's moments are torch lerps with bias
// correction by the host's step (the reference's per-tensor step count).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include <Eigen/Core>

#include "lrbench/lrbench.hpp"
#include "lrbench/math.hpp"

#include "../torch_lerp.hpp"

namespace {

using lrbench_plugins::TorchLerp;

// The quintic's coefficients (zeropower_via_newtonschulz5).
constexpr double kNsA = 3.4445, kNsB = -4.7750, kNsC = 2.0315;

class Muon final : public lrbench::Optimizer {
 public:
  static constexpr lrbench::PluginMeta meta{
      .name = "muon", .version = "1.0.0",
      .description = "Muon: momentum orthogonalised by Newton-Schulz for matrices, Adam for the rest "
                     "(KellerJordan/Muon SingleDeviceMuonWithAuxAdam)"};
  static constexpr lrbench::ParamSpec params[] = {
      lrbench::real("momentum", 0.95).at_least(0.0).below(1.0)
          .help("momentum of the matrices' buffer: b = lerp(b, G, 1 - momentum)")
          .source("KellerJordan/Muon muon_update default beta"),
      lrbench::flag("nesterov", true)
          .help("orthogonalise lerp(G, b, momentum) instead of b").source("KellerJordan/Muon muon_update default"),
      lrbench::integer("ns_steps", 5).at_least(1)
          .help("Newton-Schulz iterations of the quintic").source("KellerJordan/Muon muon_update default"),
      lrbench::real("weight_decay", 0.0).at_least(0.0)
          .help("decoupled decay of every tensor: w = w·(1 - lr·weight_decay)")
          .source("SingleDeviceMuonWithAuxAdam default"),
      lrbench::real("beta1", 0.9).at_least(0.0).below(1.0)
          .help("Adam (non-matrix tensors): decay rate of m").source("SingleDeviceMuonWithAuxAdam adam betas[0]"),
      lrbench::real("beta2", 0.95).at_least(0.0).below(1.0)
          .help("Adam (non-matrix tensors): decay rate of v").source("SingleDeviceMuonWithAuxAdam adam betas[1]"),
      lrbench::real("epsilon", 1e-10).above(0.0)
          .help("Adam (non-matrix tensors): added to the bias-corrected sqrt(v)")
          .source("SingleDeviceMuonWithAuxAdam adam eps"),
  };

  explicit Muon(const lrbench::ParamValues& v)
      : to_grad_(1.0 - v.real("momentum")), to_buffer_(v.real("momentum")), nesterov_(v.flag("nesterov")),
        ns_steps_(v.integer("ns_steps")), weight_decay_(v.real("weight_decay")), beta1_(v.real("beta1")),
        beta2_(v.real("beta2")), m_toward_g_(1.0 - beta1_), v_toward_g2_(1.0 - beta2_),
        eps_(static_cast<float>(v.real("epsilon"))) {}

  void reset(const lrbench::ParamLayout& layout) override {
    matrices_.clear();
    vectors_.clear();
    std::size_t p_max = 0, q_max = 0;
    for (const lrbench::Tensor& t : layout.tensors()) {
      if (t.is_matrix()) {
        matrices_.push_back({t.offset, t.rows, t.cols});
        p_max = std::max(p_max, std::min(t.rows, t.cols));
        q_max = std::max(q_max, std::max(t.rows, t.cols));
      } else {
        vectors_.push_back({t.offset, t.size(), 1});
      }
    }
    const auto n = static_cast<Eigen::Index>(layout.size());
    first_.setZero(n);   // the matrices' momentum buffer and the vectors' m
    second_.setZero(n);  // the vectors' v
    const auto pq = static_cast<Eigen::Index>(p_max * q_max), pp = static_cast<Eigen::Index>(p_max * p_max);
    x_.setZero(pq);
    x_next_.setZero(pq);
    xt_.setZero(pq);
    a_.setZero(pp);
    ca_.setZero(pp);
    b_.setZero(pp);
  }

  void step(std::span<float> weights, std::span<const float> grads, const lrbench::StepContext& context) override {
    const float shrink = static_cast<float>(1.0 - context.lr * weight_decay_);
    const float minus_lr = static_cast<float>(-context.lr);
    for (const Extent& e : matrices_) {
      matrix_update(e, grads.data() + e.offset);
      // The orthogonalised update is in x_ (in the matrix's own orientation).
      float* w = weights.data() + e.offset;
      const float* u = x_.data();
      for (std::size_t i = 0; i < e.rows * e.cols; ++i) w[i] = w[i] * shrink + minus_lr * u[i];
    }
    const double t = static_cast<double>(context.step);
    const double bc1 = 1.0 - lrbench::math::pow(beta1_, t), bc2 = 1.0 - lrbench::math::pow(beta2_, t);
    const float bias1 = static_cast<float>(bc1), bias2 = static_cast<float>(bc2), eps = eps_;
    // Locals, not members: a store to m, v or w could alias a member, which
    // would keep the loop from vectorising (sqrt too: -fno-math-errno).
    const TorchLerp m_toward_g = m_toward_g_, v_toward_g2 = v_toward_g2_;
    for (const Extent& e : vectors_) {
      float* w = weights.data() + e.offset;
      const float* g = grads.data() + e.offset;
      float* m = first_.data() + e.offset;
      float* v = second_.data() + e.offset;
      for (std::size_t i = 0; i < e.rows; ++i) {
        m[i] = m_toward_g(m[i], g[i]);
        v[i] = v_toward_g2(v[i], g[i] * g[i]);
        const float u = (m[i] / bias1) / (std::sqrt(v[i] / bias2) + eps);
        w[i] = w[i] * shrink + minus_lr * u;
      }
    }
  }

  [[nodiscard]] std::size_t state_buffers() const noexcept override { return 2; }

 private:
  struct Extent {
    std::size_t offset, rows, cols;
  };

  // muon_update for one matrix: momentum, then Newton–Schulz of U into x_,
  // laid out as the matrix [rows, cols] and scaled by sqrt(max(1, rows/cols)).
  void matrix_update(const Extent& e, const float* g) {
    const std::size_t rows = e.rows, cols = e.cols, n = rows * cols;
    float* buffer = first_.data() + e.offset;
    for (std::size_t i = 0; i < n; ++i) buffer[i] = to_grad_(buffer[i], g[i]);
    // X (p×q, p ≤ q): U itself, or Uᵀ for a tall matrix.
    const bool tall = rows > cols;
    const std::size_t p = tall ? cols : rows, q = tall ? rows : cols;
    float* x = x_.data();
    for (std::size_t r = 0; r < rows; ++r) {
      for (std::size_t c = 0; c < cols; ++c) {
        const std::size_t i = r * cols + c;
        const float u = nesterov_ ? to_buffer_(g[i], buffer[i]) : buffer[i];
        x[tall ? c * rows + r : i] = u;
      }
    }
    const float norm = std::sqrt(lrbench::math::squared_norm(std::span<const float>(x, n))) + 1e-7f;
    for (std::size_t i = 0; i < n; ++i) x[i] = x[i] / norm;
    for (std::int64_t k = 0; k < ns_steps_; ++k) newton_schulz_step(p, q);
    x = x_.data();  // each step swaps x_ with x_next_
    const float scale = static_cast<float>(std::sqrt(std::max(1.0, static_cast<double>(rows) / cols)));
    if (tall) {  // back to [rows, cols], through xt_ (which holds Xᵀ's layout)
      float* out = xt_.data();
      for (std::size_t i = 0; i < n; ++i) out[i] = x[i];
      for (std::size_t r = 0; r < rows; ++r) {
        for (std::size_t c = 0; c < cols; ++c) x[r * cols + c] = out[c * rows + r] * scale;
      }
    } else {
      for (std::size_t i = 0; i < n; ++i) x[i] = x[i] * scale;
    }
  }

  // One quintic iteration on X = x_ (p×q, row-major):
  //   A = X·Xᵀ;  B = b·A + (c·A)·A;  X = a·X + B·X
  // Every product entry is one lrbench::math::dot of two contiguous rows:
  // (X·Xᵀ)[i][j] = X_i·X_j; ((cA)·A)[i][j] = (cA)_i·A_j (A symmetric);
  // (B·X)[i][j] = B_i·(Xᵀ)_j.
  void newton_schulz_step(std::size_t p, std::size_t q) {
    const float a = static_cast<float>(kNsA), b = static_cast<float>(kNsB), c = static_cast<float>(kNsC);
    float* x = x_.data();
    float* xt = xt_.data();
    float* A = a_.data();
    float* cA = ca_.data();
    float* B = b_.data();
    const auto row = [](const float* m, std::size_t i, std::size_t len) {
      return std::span<const float>(m + i * len, len);
    };
    for (std::size_t i = 0; i < p; ++i) {
      for (std::size_t j = i; j < p; ++j) A[i * p + j] = A[j * p + i] = lrbench::math::dot(row(x, i, q), row(x, j, q));
    }
    for (std::size_t i = 0; i < p * p; ++i) cA[i] = c * A[i];
    for (std::size_t i = 0; i < p; ++i) {
      for (std::size_t j = 0; j < p; ++j) B[i * p + j] = b * A[i * p + j] + lrbench::math::dot(row(cA, i, p), row(A, j, p));
    }
    for (std::size_t i = 0; i < p; ++i) {
      for (std::size_t j = 0; j < q; ++j) xt[j * p + i] = x[i * q + j];
    }
    float* next = x_next_.data();
    for (std::size_t i = 0; i < p; ++i) {
      for (std::size_t j = 0; j < q; ++j) next[i * q + j] = a * x[i * q + j] + lrbench::math::dot(row(B, i, p), row(xt, j, p));
    }
    x_.swap(x_next_);
  }

  const TorchLerp to_grad_;    // b toward G by 1 − momentum
  const TorchLerp to_buffer_;  // G toward b by momentum (Nesterov)
  const bool nesterov_;
  const std::int64_t ns_steps_;
  const double weight_decay_;
  const double beta1_;
  const double beta2_;
  const TorchLerp m_toward_g_;    // m toward g by 1 − beta1
  const TorchLerp v_toward_g2_;   // v toward g² by 1 − beta2
  const float eps_;
  std::vector<Extent> matrices_;  // the layout's matrices
  std::vector<Extent> vectors_;   // every other tensor (rows = its size)
  Eigen::ArrayXf first_, second_;
  Eigen::ArrayXf x_, x_next_, xt_;  // Newton–Schulz iterate, next iterate, transpose (p·q each)
  Eigen::ArrayXf a_, ca_, b_;       // A, c·A, B (p·p each)
};

}  // namespace

LRBENCH_OPTIMIZER_PLUGIN(Muon)
