// The formulas are in expected_max.hpp.
#include "stats/expected_max.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace lrbench::stats {

ExpectedBest expected_best_of_k(std::span<const double> scores, std::size_t max_trials, Direction direction) {
  if (scores.empty()) throw std::invalid_argument("expected best of k: no scores");
  if (max_trials == 0) throw std::invalid_argument("expected best of k: max_trials must be at least 1");
  if (std::any_of(scores.begin(), scores.end(), [](double v) { return !std::isfinite(v); })) {
    throw std::invalid_argument("expected best of k: a score is not finite");
  }
  // Work on "higher is better" values: the minimum of v is −(maximum of −v).
  const double sign = direction == Direction::higher_is_better ? 1.0 : -1.0;
  std::vector<double> v;
  v.reserve(scores.size());
  for (double s : scores) v.push_back(sign * s);
  std::sort(v.begin(), v.end());

  const std::size_t n = v.size();
  std::vector<double> fraction(n + 1);  // i/n, i = 0 … n
  for (std::size_t i = 0; i <= n; ++i) fraction[i] = static_cast<double>(i) / static_cast<double>(n);
  std::vector<double> power(fraction);  // (i/n)^k, starting at k = 1

  ExpectedBest out;
  out.mean.reserve(max_trials);
  out.variance.reserve(max_trials);
  std::vector<double> weight(n);
  for (std::size_t k = 1; k <= max_trials; ++k) {
    if (k > 1) {
      for (std::size_t i = 0; i <= n; ++i) power[i] *= fraction[i];
    }
    double expected = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
      weight[i] = power[i + 1] - power[i];  // P(best = v₍ᵢ₊₁₎), 1-based i + 1
      expected += weight[i] * v[i];
    }
    double variance = 0.0;
    for (std::size_t i = 0; i < n; ++i) variance += weight[i] * (v[i] - expected) * (v[i] - expected);
    out.mean.push_back(sign * expected);
    out.variance.push_back(variance);
  }
  return out;
}

}  // namespace lrbench::stats
