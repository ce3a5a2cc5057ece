// The learning-rate range test's suggestion (Smith 2017, "Cyclical Learning
// Rates for Training Neural Networks", WACV, section 3.3; the smoothed,
// early-stopped form popularised by fastai, torch-lr-finder and PyTorch
// Lightning), as a pure function of the recorded ramp: lr₀ < lr₁ < … (an
// exponential ramp, one training step each) and the training loss Lₜ of each
// step.
//
// 1. Smoothing: an exponential moving average with bias correction (as in
//    Adam), t = 0, 1, …:
//      aₜ = β·aₜ₋₁ + (1 − β)·Lₜ,  a₋₁ = 0,      Sₜ = aₜ / (1 − β^(t+1)),
//    β = 0.98 by default; S₀ = L₀ (β^(t+1) by repeated multiplication).
// 2. Divergence: the first step t ≥ 1 with Sₜ > 4·min_{s<t} Sₛ (the factor is
//    an option), or with a non-finite Lₜ or Sₜ, ends the curve; that step and all
//    later ones are dropped (`kept` = t). The ratio test needs a positive
//    minimum (losses such as cross-entropy are); while min Sₛ ≤ 0 only a
//    non-finite loss ends the curve.
// 3. Slope: dS/d(log₁₀ lr) at every kept step, by numpy.gradient's rule on
//    the non-uniform grid xₜ = log₁₀ lrₜ (second-order central differences
//    inside: with h₋ = xₜ − xₜ₋₁, h₊ = xₜ₊₁ − xₜ,
//      S'ₜ = −h₊/(h₋(h₋+h₊))·Sₜ₋₁ + (h₊−h₋)/(h₋h₊)·Sₜ + h₋/(h₊(h₋+h₊))·Sₜ₊₁,
//    one-sided first differences at the two ends).
// 4. Suggestion: the lr of the most negative slope (the steepest descent;
//    the first on ties) among the kept steps t with
//      skip_begin ≤ t < kept − skip_end
//    (defaults 10 and 1, as Lightning: the first steps are dominated by the
//    initial loss level, the last kept one has only a one-sided slope).
//    When the window is empty (or fewer than 2 steps were kept) there is no
//    suggestion (`too_few_points`); when no slope in it is negative the loss
//    never descends and there is none either (`no_descent`): the caller
//    reports it instead of inventing an lr. lr_at_minimum (the lr of the
//    smallest Sₜ) is given for information.
//
// What "done right" fixes against the common implementations: the bias
// correction's exponent starts at 1 for the first step (Lightning uses the
// global step + 1, so its first smoothed value is L₀/(1 + β), about half
// the loss); the diverging step is not part of the curve (torch-lr-finder
// and Lightning record it); the slope is taken against log lr (Lightning
// differentiates against lr itself, which on an exponential ramp weights the
// steps very unequally; torch-lr-finder against the step index, right only
// for an exactly exponential ramp); the slope is computed on the whole kept
// curve before the window is applied, so the window's edges get central
// differences.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

namespace lrbench::stats {

struct LrRangeOptions {
  double beta = 0.98;              // smoothing, in [0, 1)
  double divergence_factor = 4.0;  // > 1
  std::size_t skip_begin = 10;
  std::size_t skip_end = 1;
};

enum class LrRangeStatus { suggested, no_descent, too_few_points };

// "suggested", "no descent", "too few points".
[[nodiscard]] const char* to_string(LrRangeStatus status) noexcept;

struct LrRangeResult {
  std::size_t kept = 0;             // steps before divergence (all when it never diverged)
  bool diverged = false;
  std::vector<double> smoothed;     // Sₜ for the kept steps
  std::vector<double> slope;        // dSₜ/d log₁₀ lrₜ for the kept steps (empty when fewer than 2)
  double lr_at_minimum = 0.0;       // lr of the smallest Sₜ (first on ties)
  LrRangeStatus status = LrRangeStatus::too_few_points;
  std::size_t suggestion_index = 0; // valid when status == suggested
  double suggested_lr = 0.0;        // NaN unless status == suggested
};

// Throws std::invalid_argument when the spans are empty or differ in length,
// an lr is not finite and > 0, the lrs do not increase strictly, beta is
// outside [0, 1), or divergence_factor is not > 1.
[[nodiscard]] LrRangeResult lr_range_suggestion(std::span<const double> lrs, std::span<const double> losses,
                                                const LrRangeOptions& options = {});

}  // namespace lrbench::stats
