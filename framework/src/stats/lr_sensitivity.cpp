// The definition is in lr_sensitivity.hpp.
#include "stats/lr_sensitivity.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

#include "stats/special.hpp"

namespace lrbench::stats {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

void check(std::span<const double> lrs, std::span<const double> scores, double epsilon) {
  if (lrs.size() != scores.size()) throw std::invalid_argument("lr sensitivity: one score per learning rate");
  if (lrs.empty()) throw std::invalid_argument("lr sensitivity: no learning rates");
  if (!(epsilon >= 0.0)) throw std::invalid_argument("lr sensitivity: epsilon must be >= 0");
  for (double lr : lrs) {
    if (!(std::isfinite(lr) && lr > 0.0)) throw std::invalid_argument("lr sensitivity: learning rates must be > 0");
  }
}

}  // namespace

LrSensitivity lr_sensitivity(std::span<const double> lrs, std::span<const double> scores, double epsilon,
                             Direction direction) {
  check(lrs, scores, epsilon);
  const std::size_t n = lrs.size();
  std::vector<std::size_t> order(n);  // input indices by ascending lr
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t l, std::size_t r) { return lrs[l] < lrs[r]; });
  for (std::size_t i = 1; i < n; ++i) {
    if (lrs[order[i]] == lrs[order[i - 1]]) throw std::invalid_argument("lr sensitivity: learning rates must differ");
  }

  // "Higher is better" view of the scores: g = s or −s.
  const double sign = direction == Direction::higher_is_better ? 1.0 : -1.0;
  LrSensitivity out;
  out.qualifies.assign(n, false);
  out.best_score = kNaN;
  out.best_lr = kNaN;
  out.lowest_lr = kNaN;
  out.highest_lr = kNaN;
  double best = -std::numeric_limits<double>::infinity();
  bool any = false;
  for (std::size_t i : order) {  // ascending lr: the first best wins ties
    const double g = sign * scores[i];
    if (!std::isfinite(g) || (any && g <= best)) continue;
    best = g;
    any = true;
    out.best_score = scores[i];
    out.best_lr = lrs[i];
  }
  if (!any) {
    out.width_decades = n >= 2 ? 0.0 : kNaN;
    return out;
  }

  // Scores are decimals such as 0.95 and 0.96, whose difference in doubles
  // is 0.010000000000000009: a relative slack of 1e-12 keeps "exactly ε
  // below the best" inside.
  const double limit = epsilon + 1e-12 * std::max(1.0, std::abs(best));
  std::vector<double> u(n);  // log10 lr, ascending
  for (std::size_t i = 0; i < n; ++i) u[i] = special::log10(lrs[order[i]]);
  bool seen_gap_after_qualifying = false;
  double width = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t index = order[i];
    const double g = sign * scores[index];
    const bool ok = std::isfinite(g) && best - g <= limit;
    if (!ok) {
      if (out.qualifying > 0) seen_gap_after_qualifying = true;
      continue;
    }
    if (seen_gap_after_qualifying) out.contiguous = false;
    out.qualifies[index] = true;
    ++out.qualifying;
    if (out.qualifying == 1) out.lowest_lr = lrs[index];
    out.highest_lr = lrs[index];
    if (n >= 2) {
      const double cell = i == 0 ? u[1] - u[0] : i == n - 1 ? u[n - 1] - u[n - 2] : (u[i + 1] - u[i - 1]) / 2.0;
      width += cell;
    }
  }
  out.width_decades = n >= 2 ? width : kNaN;
  return out;
}

}  // namespace lrbench::stats
