// adafactor: Adafactor (Shazeer & Stern 2018, "Adafactor: Adaptive Learning
// Rates with Sublinear Memory Cost"), as torch.optim.Adafactor (PyTorch 2.5+).
//
// Reference: pytorch/pytorch, torch/optim/_adafactor.py
// @ 051d6a09bb159a48ac11006c454c0c979511d0f3, _single_tensor_adafactor,
// maximize False; golden file tests/data/golden/references/adafactor.json.
//
// With g the gradient, w the weights and t the host's step, per tensor W of
// the layout (size n):
//   beta_t = t^beta2_decay                        (the EMAs' weight; 1 at t = 1)
//   rho    = min(lr, 1/sqrt(t))                   (lr caps the relative step size)
//   alpha  = max(epsilon2, ‖W‖₂/sqrt(n)) · rho    (RMS of W before the decay)
//   W = W·(1 − lr·weight_decay)
//   matrix [rows, cols] (factored: rows + cols numbers of state):
//     R = lerp(R, ‖g_r‖²/cols per row r, beta_t);  C = lerp(C, ‖g_c‖²/rows per column c, beta_t)
//     V[r][c] = R[r]·C[c] / max(mean(R), epsilon1)
//   vector:  V = lerp(V, g², beta_t)
//   u = (1/sqrt(max(V, epsilon1²)))·g
//   W = W + (−alpha / max(1, ‖u‖₂/(sqrt(n)·clip_threshold)))·u
//
// Quirks of the reference, followed: epsilon1 unset means the parameter
// type's machine epsilon, float32's 2^-23 here (lrbench's weights are
// float32); the row-factor mean is clamped by epsilon1 and the variance by
// epsilon1²; the row and column means are norms squared (‖g_r‖ then ²), and
// the EMAs torch lerps; alpha uses W before the weight decay. Reductions
// (norms, the mean of R) are lrbench::math's fixed-order sums, in float as
// the reference's float32 tensors. Deviation: epsilon1 must be > 0 (torch
// accepts 0, which divides 0 by 0 on an all-zero row).
#include <algorithm>
#include <array>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <vector>

#include <Eigen/Core>

#include "lrbench/lrbench.hpp"
#include "lrbench/math.hpp"

#include "../fixed_order_sums.hpp"
#include "../torch_lerp.hpp"

namespace {

using lrbench_plugins::TorchLerp;

class Adafactor final : public lrbench::Optimizer {
 public:
  static constexpr lrbench::PluginMeta meta{
      .name = "adafactor", .version = "1.0.0",
      .description = "Adafactor, factored second moments for matrices (torch.optim.Adafactor)"};
  static constexpr lrbench::ParamSpec params[] = {
      lrbench::real("beta2_decay", -0.8).at_most(0.0)
          .help("the second-moment EMAs take weight t^beta2_decay at step t").source("torch.optim.Adafactor default"),
      lrbench::real("epsilon1", 0.0).above(0.0).default_null()
          .help("floor of the variance (squared) and of the row factors' mean; null: float32's machine epsilon")
          .source("torch.optim.Adafactor default eps[0] (None: the dtype's eps)"),
      lrbench::real("epsilon2", 1e-3).at_least(0.0)
          .help("floor of the weights' RMS in the step size").source("torch.optim.Adafactor default eps[1]"),
      lrbench::real("clip_threshold", 1.0).at_least(1.0)
          .help("the update is scaled down while its RMS exceeds this").source("torch.optim.Adafactor default d"),
      lrbench::real("weight_decay", 0.0).at_least(0.0)
          .help("decoupled decay: w = w·(1 - lr·weight_decay)").source("torch.optim.Adafactor default"),
  };

  explicit Adafactor(const lrbench::ParamValues& v)
      : beta2_decay_(v.real("beta2_decay")), epsilon1_(v.optional_real("epsilon1").value_or(FLT_EPSILON)),
        eps1_(static_cast<float>(epsilon1_)), eps1_squared_(static_cast<float>(epsilon1_ * epsilon1_)),
        epsilon2_(v.real("epsilon2")), clip_threshold_(v.real("clip_threshold")),
        weight_decay_(v.real("weight_decay")) {}

  void reset(const lrbench::ParamLayout& layout) override {
    tensors_.clear();
    std::size_t factors = 0, vectors = 0, largest = 0;
    for (const lrbench::Tensor& t : layout.tensors()) {
      if (t.is_matrix()) {
        tensors_.push_back({t.offset, t.rows, t.cols, true, factors});
        factors += t.rows + t.cols;
      } else {
        tensors_.push_back({t.offset, t.size(), 1, false, vectors});
        vectors += t.size();
      }
      largest = std::max(largest, t.size());
    }
    factors_.setZero(static_cast<Eigen::Index>(factors));
    variance_.setZero(static_cast<Eigen::Index>(vectors));
    update_.setZero(static_cast<Eigen::Index>(largest));  // u of one tensor; a matrix's gᵀ first
  }

  void step(std::span<float> weights, std::span<const float> grads, const lrbench::StepContext& context) override {
    const double t = static_cast<double>(context.step);
    const TorchLerp toward(lrbench::math::pow(t, beta2_decay_));
    const double rho = std::min(context.lr, 1.0 / std::sqrt(t));
    const float shrink = static_cast<float>(1.0 - context.lr * weight_decay_);
    for (const Entry& e : tensors_) {
      const std::size_t n = e.rows * e.cols;
      float* w = weights.data() + e.offset;
      const float* g = grads.data() + e.offset;
      const double size_sqrt = std::sqrt(static_cast<double>(n));
      const std::array<float, 2> squares =
          e.factored ? factored_update(e, w, g, toward) : vector_update(e, w, g, toward);
      const double alpha = std::max(epsilon2_, root(squares[0]) / size_sqrt) * rho;
      const double clip = std::max(1.0, root(squares[1]) / (size_sqrt * clip_threshold_));
      const float step = static_cast<float>(-alpha / clip);
      // W = W·(1 − lr·weight_decay), then W = W + step·u, in one pass (a
      // vector's u recomputed from the updated V and g, the same bits).
      const bool decay = weight_decay_ != 0.0;
      if (e.factored) {
        apply_block(w, update_.data(), n, shrink, step, decay);
      } else {
        apply_recomputed(w, g, variance_.data() + e.state, n, shrink, step, eps1_squared_, decay);
      }
    }
  }

  // Factored: rows + cols numbers per matrix, not rows·cols.
  [[nodiscard]] std::size_t state_buffers() const noexcept override { return variance_.size() > 0 ? 1 : 0; }

 private:
  struct Entry {
    std::size_t offset, rows, cols;
    bool factored;      // a matrix
    std::size_t state;  // offset of its R then C in factors_, or of its V in variance_
  };

  // ‖x‖₂ in float (torch's norm of a float32 tensor) from its float sum of squares, as a double.
  static double root(float squares) { return std::sqrt(squares); }

  // A vector's V = lerp(V, g², beta_t) and {‖W‖², ‖u‖²} with
  // u = (1/sqrt(max(V, epsilon1²)))·g (lrbench::math's fixed-order float
  // sums), in one pass over w, g and V (each crosses the memory bus once).
  // u is not stored: the step recomputes it from V and g (apply_recomputed),
  // a second sqrt and division per element but 4 bytes less memory traffic
  // per element than writing u here and reading it back (32 bytes per
  // element instead of 36, the counted 20; faster at 10⁷, memory-bound).
  std::array<float, 2> vector_update(const Entry& e, const float* w, const float* g, const TorchLerp& toward) {
    float* v = variance_.data() + e.state;
    const float floor = eps1_squared_;
    return lrbench_plugins::fixed_order_sums<float, 2>(
        e.rows, [&](std::size_t first, std::size_t count, auto terms) {
          if (toward.small()) {
            vector_block<true>(w + first, g + first, v + first, terms[0], terms[1], count, toward, floor);
          } else {
            vector_block<false>(w + first, g + first, v + first, terms[0], terms[1], count, toward, floor);
          }
        });
  }

  // One block of vector_update: a plain loop that the compiler vectorises
  // (__restrict parameters, as GCC ignores it on local pointers; the lerp's
  // form chosen once per block, not per element).
  template <bool NearStart>
  static void vector_block(const float* __restrict w, const float* __restrict g, float* __restrict v,
                           float* __restrict w_term, float* __restrict u_term, std::size_t count,
                           const TorchLerp lerp, const float floor) {
    for (std::size_t i = 0; i < count; ++i) {
      const float vi = NearStart ? lerp.near_start(v[i], g[i] * g[i]) : lerp.near_end(v[i], g[i] * g[i]);
      v[i] = vi;
      const float ui = (1.0f / std::sqrt(std::max(vi, floor))) * g[i];
      w_term[i] = w[i] * w[i];
      u_term[i] = ui * ui;
    }
  }

  // W = W·shrink + step·u with a vector's u = (1/sqrt(max(V, floor)))·g
  // recomputed from the updated V (as vector_block computed it).
  static void apply_recomputed(float* __restrict w, const float* __restrict g, const float* __restrict v,
                               std::size_t n, float shrink, float step, float floor, bool decay) {
    if (decay) {
      for (std::size_t i = 0; i < n; ++i) w[i] = w[i] * shrink + step * ((1.0f / std::sqrt(std::max(v[i], floor))) * g[i]);
    } else {
      for (std::size_t i = 0; i < n; ++i) w[i] = w[i] + step * ((1.0f / std::sqrt(std::max(v[i], floor))) * g[i]);
    }
  }

  // W = W·shrink + step·u (shrink = 1 − lr·weight_decay), or W + step·u
  // without decay.
  static void apply_block(float* __restrict w, const float* __restrict u, std::size_t n, float shrink, float step,
                          bool decay) {
    if (decay) {
      for (std::size_t i = 0; i < n; ++i) w[i] = w[i] * shrink + step * u[i];
    } else {
      for (std::size_t i = 0; i < n; ++i) w[i] = w[i] + step * u[i];
    }
  }

  // R and C from g (rows × cols), then u = (1/sqrt(max(R[r]·C[c]/max(mean R, eps1), eps1²)))·g into
  // update_; returns {‖W‖², ‖u‖²} (lrbench::math's fixed-order float sums).
  std::array<float, 2> factored_update(const Entry& e, const float* w, const float* g, const TorchLerp& toward) {
    const std::size_t rows = e.rows, cols = e.cols;
    float* R = factors_.data() + e.state;
    float* C = R + rows;
    float* u = update_.data();
    const float rows_f = static_cast<float>(rows), cols_f = static_cast<float>(cols);
    for (std::size_t r = 0; r < rows; ++r) {
      const float row_norm = std::sqrt(lrbench::math::squared_norm(std::span<const float>(g + r * cols, cols)));
      R[r] = toward(R[r], (row_norm * row_norm) / cols_f);
    }
    // Columns through gᵀ in update_ (contiguous), for the fixed-order norms.
    for (std::size_t r = 0; r < rows; ++r) {
      for (std::size_t c = 0; c < cols; ++c) u[c * rows + r] = g[r * cols + c];
    }
    for (std::size_t c = 0; c < cols; ++c) {
      const float col_norm = std::sqrt(lrbench::math::squared_norm(std::span<const float>(u + c * rows, rows)));
      C[c] = toward(C[c], (col_norm * col_norm) / rows_f);
    }
    const float mean = std::max(lrbench::math::sum(std::span<const float>(R, rows)) / rows_f, eps1_);
    const float floor = eps1_squared_;
    for (std::size_t r = 0; r < rows; ++r) {
      for (std::size_t c = 0; c < cols; ++c) {
        const float v = (R[r] * C[c]) / mean;
        u[r * cols + c] = (1.0f / std::sqrt(std::max(v, floor))) * g[r * cols + c];
      }
    }
    const std::size_t n = rows * cols;
    return {lrbench::math::squared_norm(std::span<const float>(w, n)),
            lrbench::math::squared_norm(std::span<const float>(u, n))};
  }

  const double beta2_decay_;
  const double epsilon1_;
  const float eps1_;
  const float eps1_squared_;
  const double epsilon2_;
  const double clip_threshold_;
  const double weight_decay_;
  std::vector<Entry> tensors_;
  Eigen::ArrayXf factors_;   // each matrix's row factor R then column factor C
  Eigen::ArrayXf variance_;  // each vector's V
  Eigen::ArrayXf update_;    // scratch: one tensor's u (a matrix's gᵀ first)
};

}  // namespace

LRBENCH_OPTIMIZER_PLUGIN(Adafactor)
