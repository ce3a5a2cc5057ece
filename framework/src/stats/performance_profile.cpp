// The definitions are in performance_profile.hpp.
#include "stats/performance_profile.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace lrbench::stats {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::span<const double> ratios_of(const PerformanceProfile& profile, std::size_t solver) {
  if (solver >= profile.solvers) throw std::invalid_argument("performance profile: no such solver");
  const std::size_t kept = profile.kept.size();
  return std::span<const double>(profile.ratios).subspan(solver * kept, kept);
}

}  // namespace

PerformanceProfile performance_profile(std::span<const double> costs, std::size_t solvers, std::size_t problems) {
  if (costs.size() != solvers * problems) {
    throw std::invalid_argument("performance profile: costs must hold solvers × problems values");
  }
  for (double c : costs) {
    if (!(c > 0.0)) throw std::invalid_argument("performance profile: costs must be > 0 (+inf = never)");
  }
  PerformanceProfile out;
  out.solvers = solvers;
  std::vector<double> best(problems, kInf);
  for (std::size_t p = 0; p < problems; ++p) {
    for (std::size_t s = 0; s < solvers; ++s) best[p] = std::min(best[p], costs[s * problems + p]);
    (std::isinf(best[p]) ? out.dropped : out.kept).push_back(p);
  }
  out.ratios.reserve(solvers * out.kept.size());
  for (std::size_t s = 0; s < solvers; ++s) {
    for (std::size_t p : out.kept) out.ratios.push_back(costs[s * problems + p] / best[p]);  // ∞/finite = ∞
  }
  return out;
}

double profile_fraction(const PerformanceProfile& profile, std::size_t solver, double tau) {
  const std::span<const double> r = ratios_of(profile, solver);
  if (r.empty()) return kNaN;
  const auto within = std::count_if(r.begin(), r.end(), [&](double x) { return x <= tau; });
  return static_cast<double>(within) / static_cast<double>(r.size());
}

std::vector<double> profile_on_grid(const PerformanceProfile& profile, std::size_t solver,
                                    std::span<const double> taus) {
  std::vector<double> out;
  out.reserve(taus.size());
  for (double tau : taus) out.push_back(profile_fraction(profile, solver, tau));
  return out;
}

std::vector<double> profile_steps(const PerformanceProfile& profile, std::size_t solver) {
  std::vector<double> steps;
  for (double x : ratios_of(profile, solver)) {
    if (std::isfinite(x)) steps.push_back(x);
  }
  std::sort(steps.begin(), steps.end());
  return steps;
}

double profile_score(const PerformanceProfile& profile, std::size_t solver, double tau_max) {
  if (!(tau_max > 1.0)) throw std::invalid_argument("performance profile: tau_max must be > 1");
  const std::span<const double> r = ratios_of(profile, solver);
  if (r.empty()) return kNaN;
  double area = 0.0;  // Σ_p max(0, τ_max − r)
  for (double x : r) area += std::max(0.0, tau_max - x);
  return area / (tau_max - 1.0) / static_cast<double>(r.size());
}

}  // namespace lrbench::stats
