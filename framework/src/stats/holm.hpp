// Holm–Bonferroni step-down correction for m simultaneous tests (Holm 1979,
// "A simple sequentially rejective multiple test procedure", Scand. J.
// Statist. 6:65–70). It controls the family-wise error rate (the chance of
// any false "better" among all pairs) at α under any dependence between the
// tests, and never rejects less than plain Bonferroni.
//
// Order the p-values p₍₁₎ ≤ … ≤ p₍ₘ₎ (equal p-values keep their input order).
// The adjusted p-values are
//   p̃₍ᵢ₎ = max_{j ≤ i} min(1, (m − j + 1)·p₍ⱼ₎),
// monotone in i and capped at 1, and hypothesis (i) is rejected at α exactly
// when p̃₍ᵢ₎ ≤ α. That is the step-down rule: reject (1), (2), … while
// p₍ᵢ₎ ≤ α/(m − i + 1), stop at the first that fails. (The same adjusted
// values as statsmodels' multipletests(method="holm") and R's
// p.adjust(method="holm").) Equal raw p-values get equal adjusted ones.
#pragma once

#include <span>
#include <vector>

namespace lrbench::stats {

struct HolmResult {
  std::vector<double> adjusted;  // p̃, in the input order
  std::vector<bool> rejected;    // p̃ ≤ alpha, in the input order
};

// Throws std::invalid_argument when a p-value is NaN or outside [0, 1], or
// alpha is not in (0, 1). No p-values: empty result.
[[nodiscard]] HolmResult holm_bonferroni(std::span<const double> p_values, double alpha = 0.05);

}  // namespace lrbench::stats
