// muon on real matrices: its step is an orthogonalised momentum, so with no
// momentum, no decay and lr 1 from zero weights, −w is Newton–Schulz(G) ·
// sqrt(max(1, rows/cols)), whose singular values the quintic puts near 1
// (Jordan et al. 2024: roughly within [0.68, 1.13] after 5 iterations).
// The golden file checks exact values on 4×3 and 2×4; this checks the
// property on sizes where a wrong product or transpose would show.
#include <cmath>
#include <random>
#include <vector>

#include <Eigen/Dense>
#include <gtest/gtest.h>

#include "loaded_plugins.hpp"

namespace lrbench {
namespace {

// Singular values of the update −w for one step on a rows × cols matrix.
Eigen::VectorXd update_singular_values(std::size_t rows, std::size_t cols) {
  const PluginInfo* info = testing::registry().find(PluginKind::optimizer, "muon");
  if (info == nullptr) return {};
  ParamValues values = testing::defaults(*info);
  values.set("momentum", 0.0);
  values.set("nesterov", false);
  auto muon = testing::registry().make_optimizer("muon", values);
  ParamLayout layout;
  layout.add_matrix("weight", rows, cols, TensorRole::weight);
  muon->reset(layout);
  std::mt19937 gen(7);
  std::normal_distribution<float> normal;
  std::vector<float> w(rows * cols, 0.0f), g(rows * cols);
  for (float& x : g) x = normal(gen);
  muon->step(w, g, StepContext{1.0, 1});
  Eigen::MatrixXd u(rows, cols);
  for (std::size_t r = 0; r < rows; ++r) {
    for (std::size_t c = 0; c < cols; ++c) u(r, c) = -w[r * cols + c];
  }
  // A tall matrix's update is scaled by sqrt(rows/cols) after the iteration.
  if (rows > cols) u /= std::sqrt(static_cast<double>(rows) / static_cast<double>(cols));
  return Eigen::JacobiSVD<Eigen::MatrixXd>(u).singularValues();
}

TEST(Muon, OrthogonalisesWideAndTallMatrices) {
  if (testing::registry().find(PluginKind::optimizer, "muon") == nullptr) GTEST_SKIP() << "muon is not built";
  for (const auto& [rows, cols] : {std::pair<std::size_t, std::size_t>{24, 40}, {40, 24}, {32, 32}}) {
    SCOPED_TRACE(std::to_string(rows) + "x" + std::to_string(cols));
    const Eigen::VectorXd s = update_singular_values(rows, cols);
    ASSERT_EQ(s.size(), static_cast<Eigen::Index>(std::min(rows, cols)));
    EXPECT_GT(s.minCoeff(), 0.6);
    EXPECT_LT(s.maxCoeff(), 1.2);
  }
}

}  // namespace
}  // namespace lrbench
