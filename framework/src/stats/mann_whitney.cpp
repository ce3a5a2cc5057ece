// The formulas are in mann_whitney.hpp.
#include "stats/mann_whitney.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <vector>

#include "stats/descriptive.hpp"
#include "stats/special.hpp"

namespace lrbench::stats {

namespace {

// Counts of orderings with U = 0..n1·n2 for sizes (n1, n2), by the recurrence
// f(i, j, u) = f(i − 1, j, u − j) + f(i, j − 1, u), filled row by row over i
// and j (doubles: counts up to C(50, 25) ≈ 1.3e14 are exact in a double).
std::vector<double> u_counts(int n1, int n2) {
  // table[i][j] is the distribution for sizes (i, j); keep all of them: the
  // sizes here are tiny.
  std::vector<std::vector<std::vector<double>>> table(
      static_cast<std::size_t>(n1 + 1), std::vector<std::vector<double>>(static_cast<std::size_t>(n2 + 1)));
  for (int i = 0; i <= n1; ++i) {
    for (int j = 0; j <= n2; ++j) {
      std::vector<double>& f = table[static_cast<std::size_t>(i)][static_cast<std::size_t>(j)];
      f.assign(static_cast<std::size_t>(i * j + 1), 0.0);
      if (i == 0 || j == 0) {
        f[0] = 1.0;
        continue;
      }
      const auto& without_a = table[static_cast<std::size_t>(i - 1)][static_cast<std::size_t>(j)];  // largest from a
      const auto& without_b = table[static_cast<std::size_t>(i)][static_cast<std::size_t>(j - 1)];  // largest from b
      for (std::size_t u = 0; u < without_a.size(); ++u) f[u + static_cast<std::size_t>(j)] += without_a[u];
      for (std::size_t u = 0; u < without_b.size(); ++u) f[u] += without_b[u];
    }
  }
  return table[static_cast<std::size_t>(n1)][static_cast<std::size_t>(n2)];
}

double binomial(int n, int k) {
  double c = 1.0;
  for (int i = 1; i <= k; ++i) c = c * static_cast<double>(n - k + i) / static_cast<double>(i);
  return c;
}

}  // namespace

double exact_cdf(int n1, int n2, double u) {
  if (u < 0) return 0.0;
  const std::vector<double> f = u_counts(n1, n2);
  const auto last = std::min(static_cast<std::size_t>(std::floor(u)), f.size() - 1);
  double below = 0.0;
  for (std::size_t k = 0; k <= last; ++k) below += f[k];
  return below / std::accumulate(f.begin(), f.end(), 0.0);
}

double smallest_p(int n1, int n2) {
  if (n1 < 1 || n2 < 1) return 1.0;
  return std::min(1.0, 2.0 / binomial(n1 + n2, n1));
}

int min_repetitions(double alpha) {
  for (int n = 1; n < 1000; ++n) {
    if (smallest_p(n, n) <= alpha) return n;
  }
  return 1000;
}

MannWhitneyResult mann_whitney_u(std::span<const double> a, std::span<const double> b) {
  if (a.empty() || b.empty()) throw std::invalid_argument("Mann-Whitney U needs at least one value on each side");
  if (contains_nan(a) || contains_nan(b)) {
    throw std::invalid_argument("Mann-Whitney U: a sample holds NaN, which has no rank");
  }
  const auto n1 = static_cast<int>(a.size());
  const auto n2 = static_cast<int>(b.size());
  const int n = n1 + n2;

  // Pool (value, from_a), sort, assign midranks; collect tie-group sizes.
  std::vector<std::pair<double, bool>> pooled;
  pooled.reserve(static_cast<std::size_t>(n));
  for (double x : a) pooled.emplace_back(x, true);
  for (double y : b) pooled.emplace_back(y, false);
  std::sort(pooled.begin(), pooled.end(), [](const auto& l, const auto& r) { return l.first < r.first; });
  double rank_sum_a = 0.0;
  double tie_term = 0.0;  // Σ (t³ − t)
  bool ties = false;
  for (std::size_t i = 0; i < pooled.size();) {
    std::size_t j = i;
    while (j < pooled.size() && pooled[j].first == pooled[i].first) ++j;
    const double t = static_cast<double>(j - i);
    const double midrank = (static_cast<double>(i + 1) + static_cast<double>(j)) / 2.0;  // ranks i+1..j
    for (std::size_t k = i; k < j; ++k) {
      if (pooled[k].second) rank_sum_a += midrank;
    }
    if (j - i > 1) {
      ties = true;
      tie_term += t * t * t - t;
    }
    i = j;
  }

  MannWhitneyResult r;
  r.u1 = rank_sum_a - static_cast<double>(n1) * (n1 + 1) / 2.0;
  r.u2 = static_cast<double>(n1) * n2 - r.u1;
  if (!ties && n1 <= kExactLimit && n2 <= kExactLimit) {
    r.exact = true;
    r.p = std::min(1.0, 2.0 * exact_cdf(n1, n2, std::min(r.u1, r.u2)));
    return r;
  }
  const double mu = static_cast<double>(n1) * n2 / 2.0;
  const double var = static_cast<double>(n1) * n2 / 12.0 *
                     ((n + 1) - tie_term / (static_cast<double>(n) * (n - 1)));
  if (var <= 0.0) {  // every value equal: no evidence of a difference
    r.p = 1.0;
    return r;
  }
  const double z = (std::max(r.u1, r.u2) - mu - 0.5) / std::sqrt(var);
  r.p = std::clamp(special::erfc(z / std::sqrt(2.0)), 0.0, 1.0);
  return r;
}

}  // namespace lrbench::stats
