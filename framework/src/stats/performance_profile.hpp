// Performance profiles (Dolan & Moré 2002, "Benchmarking optimization
// software with performance profiles", Math. Program. 91:201–213) and the
// AlgoPerf-style score (Dahl et al. 2023, "Benchmarking Neural Network
// Training Algorithms", section 4.5: the area under the profile).
//
// Input: a cost c(s, p) > 0 for every solver s (an optimizer) and problem p
// (a task), e.g. epochs to reach the target, +inf when s never reaches it.
// Per problem, the performance ratio
//   r(s, p) = c(s, p) / min_σ c(σ, p)            (≥ 1; +inf when unsolved)
// and per solver the profile, the fraction of problems it solves within a
// factor τ of the best solver,
//   ρ_s(τ) = |{p : r(s, p) ≤ τ}| / P,
// a non-decreasing right-continuous step function of τ, jumping at each
// finite ratio; ρ_s(1) is the fraction of problems s wins (ties win for all
// tied solvers).
//
// Problems nobody solves: a problem whose cost is +inf for every solver has
// no ratios at all (∞/∞); it is dropped, listed in `dropped`, and P counts the
// kept problems only. (AlgoPerf instead keeps P = all workloads, which lowers
// every solver's ρ by the same factor.)
//
// Score: the area under ρ_s for τ ∈ [1, τ_max], normalised by the interval's
// length so it lies in [0, 1] (1: s is the best on every problem):
//   B_s = 1/(τ_max − 1) ∫₁^τ_max ρ_s(τ) dτ
//       = 1/P Σ_p max(0, τ_max − r(s, p)) / (τ_max − 1),
// integrated exactly: each problem contributes the length of [r, τ_max] on
// which its indicator is 1 (AlgoPerf uses τ_max = 4 and the trapezoid rule on
// a grid, which tends to this value as the grid is refined). Sums run over
// the kept problems in input order.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

namespace lrbench::stats {

struct PerformanceProfile {
  std::size_t solvers = 0;
  std::vector<std::size_t> kept;     // problems solved by at least one solver, input order
  std::vector<std::size_t> dropped;  // problems no solver solved
  // r(s, p) for the kept problems, row-major by solver:
  // ratios[s·kept.size() + q] is solver s on problem kept[q]; +inf = unsolved.
  std::vector<double> ratios;
};

// `costs` is row-major by solver: costs[s·problems + p]. Throws
// std::invalid_argument when costs.size() ≠ solvers·problems, or a cost is
// NaN, ≤ 0, or −inf.
[[nodiscard]] PerformanceProfile performance_profile(std::span<const double> costs, std::size_t solvers,
                                                     std::size_t problems);

// ρ_s(τ). NaN when no problem was kept.
[[nodiscard]] double profile_fraction(const PerformanceProfile& profile, std::size_t solver, double tau);

// ρ_s at every τ of a grid (any order), e.g. the points of a figure.
[[nodiscard]] std::vector<double> profile_on_grid(const PerformanceProfile& profile, std::size_t solver,
                                                  std::span<const double> taus);

// The finite ratios of solver s, sorted: where ρ_s jumps (by 1/P each), so a
// figure can draw the exact steps.
[[nodiscard]] std::vector<double> profile_steps(const PerformanceProfile& profile, std::size_t solver);

// B_s over [1, tau_max] (AlgoPerf: tau_max = 4). NaN when no problem was
// kept. Throws std::invalid_argument when tau_max ≤ 1.
[[nodiscard]] double profile_score(const PerformanceProfile& profile, std::size_t solver, double tau_max = 4.0);

}  // namespace lrbench::stats
