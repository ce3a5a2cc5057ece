// A small plotting module: small-multiple line charts rendered as SVG text.
//
// A Figure is a grid of panels sharing one x and one y range (so panels can
// be compared by eye), one legend, one x and one y axis label. Series are
// polylines with an optional min–max band; a non-finite point (or a
// non-positive one on a log axis) breaks the line instead of being drawn as
// a spike to zero. Layout is computed from estimated text widths so that
// labels neither overlap nor get clipped; fonts are >= 11 px at the default
// 900 px width, which stays legible when a phone scales the figure down.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace lrbench::report::svg {

struct Series {
  std::string name;  // legend entry (figure-wide, first appearance wins); empty = none
  std::vector<double> x;
  std::vector<double> y;
  std::vector<double> lo;  // optional band: both empty, or both as long as x
  std::vector<double> hi;
  int color = 0;  // index into palette(), taken modulo its size
  bool dashed = false;
};

struct Panel {
  std::string title;
  std::vector<Series> series;
};

struct Axis {
  std::string label;
  bool log = false;
  std::optional<double> min;  // fixed ends; otherwise from the data, widened to ticks
  std::optional<double> max;
};

struct Figure {
  std::string title;
  std::string subtitle;  // one line under the title, e.g. what the bands mean
  Axis x;
  Axis y;
  std::vector<Panel> panels;
  double width = 900;
  int cols = 0;  // 0 = from the panel count (grid_for)
};

struct Grid {
  int rows = 1;
  int cols = 1;
};

// 1 → 1×1, 2 → 1×2, 3–4 → 2×2, 5–8 → up to 4×2, more → 3 columns.
[[nodiscard]] Grid grid_for(std::size_t panels);

// Ticks at multiples of 1, 2 or 5 × 10^k, the finest step giving at most
// max_ticks ticks from floor(lo/step)·step to ceil(hi/step)·step.
[[nodiscard]] std::vector<double> nice_ticks(double lo, double hi, int max_ticks);
// Powers of ten from 10^floor(log10 lo) to 10^ceil(log10 hi), every k-th
// decade so that there are at most max_ticks.
[[nodiscard]] std::vector<double> log_ticks(double lo, double hi, int max_ticks);
// A tick label: "0.05", "200", "1e-7".
[[nodiscard]] std::string format_tick(double value, double step);

// Okabe–Ito colours, most distinct first (yellow last: weak on white).
[[nodiscard]] const std::vector<std::string>& palette();

[[nodiscard]] std::string render(const Figure& figure);

}  // namespace lrbench::report::svg
