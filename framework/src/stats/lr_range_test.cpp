// The procedure is in lr_range_test.hpp.
#include "stats/lr_range_test.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "stats/special.hpp"

namespace lrbench::stats {

namespace {

void check(std::span<const double> lrs, std::span<const double> losses, const LrRangeOptions& options) {
  if (lrs.empty() || lrs.size() != losses.size()) {
    throw std::invalid_argument("lr range test: needs one loss per learning rate, at least one");
  }
  for (std::size_t t = 0; t < lrs.size(); ++t) {
    if (!(std::isfinite(lrs[t]) && lrs[t] > 0.0)) throw std::invalid_argument("lr range test: lrs must be > 0");
    if (t > 0 && !(lrs[t] > lrs[t - 1])) throw std::invalid_argument("lr range test: lrs must increase");
  }
  if (!(options.beta >= 0.0 && options.beta < 1.0)) throw std::invalid_argument("lr range test: beta must be in [0, 1)");
  if (!(options.divergence_factor > 1.0)) throw std::invalid_argument("lr range test: divergence_factor must be > 1");
}

// numpy.gradient(f, x) with edge_order=1, written in numpy's order of
// operations. f.size() ≥ 2.
std::vector<double> gradient(std::span<const double> f, std::span<const double> x) {
  const std::size_t n = f.size();
  std::vector<double> g(n);
  g[0] = (f[1] - f[0]) / (x[1] - x[0]);
  g[n - 1] = (f[n - 1] - f[n - 2]) / (x[n - 1] - x[n - 2]);
  for (std::size_t t = 1; t + 1 < n; ++t) {
    const double dx1 = x[t] - x[t - 1];
    const double dx2 = x[t + 1] - x[t];
    const double a = -dx2 / (dx1 * (dx1 + dx2));
    const double b = (dx2 - dx1) / (dx1 * dx2);
    const double c = dx1 / (dx2 * (dx1 + dx2));
    g[t] = a * f[t - 1] + b * f[t] + c * f[t + 1];
  }
  return g;
}

}  // namespace

const char* to_string(LrRangeStatus status) noexcept {
  switch (status) {
    case LrRangeStatus::suggested: return "suggested";
    case LrRangeStatus::no_descent: return "no descent";
    case LrRangeStatus::too_few_points: return "too few points";
  }
  return "?";
}

LrRangeResult lr_range_suggestion(std::span<const double> lrs, std::span<const double> losses,
                                  const LrRangeOptions& options) {
  check(lrs, losses, options);
  LrRangeResult out;
  out.suggested_lr = std::numeric_limits<double>::quiet_NaN();

  // 1–2: smooth, stopping at divergence.
  double average = 0.0;
  double beta_power = 1.0;  // β^(t+1) after the update below
  double minimum = std::numeric_limits<double>::infinity();
  std::size_t minimum_index = 0;
  for (std::size_t t = 0; t < losses.size(); ++t) {
    if (!std::isfinite(losses[t])) {
      out.diverged = true;
      break;
    }
    average = options.beta * average + (1.0 - options.beta) * losses[t];
    beta_power *= options.beta;
    const double s = average / (1.0 - beta_power);
    if (!std::isfinite(s) || (t > 0 && minimum > 0.0 && s > options.divergence_factor * minimum)) {
      out.diverged = true;
      break;
    }
    if (s < minimum) {
      minimum = s;
      minimum_index = t;
    }
    out.smoothed.push_back(s);
  }
  out.kept = out.smoothed.size();
  if (out.kept == 0) {  // the very first loss was not finite
    out.lr_at_minimum = std::numeric_limits<double>::quiet_NaN();
    return out;
  }
  out.lr_at_minimum = lrs[minimum_index];
  if (out.kept < 2) return out;

  // 3: slope against log10 lr over the kept steps.
  std::vector<double> x(out.kept);
  for (std::size_t t = 0; t < out.kept; ++t) x[t] = special::log10(lrs[t]);
  out.slope = gradient(out.smoothed, x);

  // 4: the steepest descent inside the window.
  if (options.skip_begin + options.skip_end >= out.kept) return out;
  const std::size_t end = out.kept - options.skip_end;
  std::size_t steepest = options.skip_begin;
  for (std::size_t t = options.skip_begin + 1; t < end; ++t) {
    if (out.slope[t] < out.slope[steepest]) steepest = t;
  }
  if (!(out.slope[steepest] < 0.0)) {
    out.status = LrRangeStatus::no_descent;
    return out;
  }
  out.status = LrRangeStatus::suggested;
  out.suggestion_index = steepest;
  out.suggested_lr = lrs[steepest];
  return out;
}

}  // namespace lrbench::stats
