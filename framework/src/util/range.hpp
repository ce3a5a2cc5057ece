// A numeric interval a setting must lie in, and how it reads in messages:
// the one range check and range text of the scenario loader and the plugin
// parameter resolver ("expected a number in [0, 1), found 2").
#pragma once

#include <limits>
#include <string>

namespace lrbench::util {

struct Range {
  double lo = -std::numeric_limits<double>::infinity();
  double hi = std::numeric_limits<double>::infinity();
  bool lo_open = false;  // lo itself is outside: (lo, …
  bool hi_open = false;  // hi itself is outside: …, hi)

  // Whether v lies in the interval; false for NaN.
  [[nodiscard]] bool contains(double v) const noexcept;
  // The bounds alone: "[0, 1)", ">= 1", "< 5"; "" without bounds. Numbers
  // are written in their shortest form (fmt's "{}": 1e-07, 0.5, 100).
  [[nodiscard]] std::string bounds() const;
  // The bounds as they follow "expected a number": " in [0, 1)", " >= 1";
  // "" without bounds.
  [[nodiscard]] std::string text() const;
};

// [lo, hi]; with one argument [lo, ∞).
[[nodiscard]] inline Range at_least(double lo, double hi = std::numeric_limits<double>::infinity()) {
  return Range{lo, hi, false, false};
}
// (lo, ∞).
[[nodiscard]] inline Range above(double lo) { return Range{lo, std::numeric_limits<double>::infinity(), true, false}; }

}  // namespace lrbench::util
