#include "report/svg.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string_view>

#include <fmt/format.h>

namespace lrbench::report::svg {
namespace {

// Sizes in px at any width: fonts do not scale with the figure, so a wide
// figure gets more room, never smaller text.
constexpr double kTitleFont = 18;
constexpr double kSubtitleFont = 12;
constexpr double kPanelTitleFont = 13;
constexpr double kTickFont = 11;
constexpr double kAxisFont = 13;
constexpr double kLegendFont = 13;
// Average advance of a sans-serif glyph relative to its font size; a little
// generous, so estimated boxes are never smaller than the rendered text.
constexpr double kCharWidth = 0.62;

constexpr double kOuterLeft = 30;  // room for the rotated y axis label
constexpr double kOuterRight = 8;
constexpr double kFooter = 32;     // the x axis label

// How far beyond the data a free axis end lies, as a fraction of the axis
// span (in decades on a log axis).
constexpr double kEndPad = 0.03;

const char* const kFont = "DejaVu Sans, Helvetica, Arial, sans-serif";

double text_width(std::string_view s, double font) {
  // Count UTF-8 code points, not bytes ("–", "±" are one glyph each).
  std::size_t glyphs = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++glyphs;
  return static_cast<double>(glyphs) * font * kCharWidth;
}

std::string escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

// Cuts a label to fit `width` px, ending it with an ellipsis.
std::string fit(const std::string& s, double font, double width) {
  if (text_width(s, font) <= width) return s;
  std::string out = s;
  while (!out.empty() && text_width(out, font) + font * kCharWidth > width) {
    out.pop_back();
    while (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0) == 0x80) out.pop_back();
    if (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0) == 0xC0) out.pop_back();
  }
  return out + "…";
}

std::string num(double v) { return fmt::format("{:.1f}", v); }

// A resolved axis: its domain (in data units) and where the ticks go.
struct Scale {
  bool log = false;
  double lo = 0, hi = 1;  // domain, data units
  std::vector<double> ticks;
  std::vector<std::string> labels;

  [[nodiscard]] double fraction(double v) const {
    if (log) return (std::log10(v) - std::log10(lo)) / (std::log10(hi) - std::log10(lo));
    return (v - lo) / (hi - lo);
  }
  [[nodiscard]] bool usable(double v) const { return std::isfinite(v) && (!log || v > 0); }
};

// The data's extent on one axis over every panel.
struct Extent {
  double lo = std::numeric_limits<double>::infinity();
  double hi = -std::numeric_limits<double>::infinity();
  void add(double v, bool log) {
    if (!std::isfinite(v) || (log && v <= 0)) return;
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  [[nodiscard]] bool empty() const { return lo > hi; }
};

Scale make_scale(const Axis& axis, Extent extent, int max_ticks) {
  Scale s;
  s.log = axis.log;
  if (extent.empty()) extent = axis.log ? Extent{0.1, 1.0} : Extent{0.0, 1.0};
  double lo = axis.min.value_or(extent.lo);
  double hi = axis.max.value_or(extent.hi);
  if (axis.log) {
    lo = std::max(lo, std::numeric_limits<double>::min());
    hi = std::max(hi, lo);
    s.ticks = log_ticks(lo, hi, max_ticks);
    // A free end lies a little beyond the data, not on it: an lr of exactly
    // 0.01 would otherwise run along the frame's top edge and be lost in it.
    const double pad = std::pow(10.0, kEndPad * std::max(1.0, std::log10(s.ticks.back() / s.ticks.front())));
    if (!axis.min) lo = std::min(s.ticks.front(), extent.lo / pad);
    if (!axis.max) hi = std::max(s.ticks.back(), extent.hi * pad);
    if (hi <= lo) hi = lo * 10;
    // One notation per axis: "1e-4" next to "0.001" reads as two scales.
    const bool sci = std::any_of(s.ticks.begin(), s.ticks.end(), [](double t) {
      const double e = std::round(std::log10(t));
      return e < -3 || e > 5;
    });
    for (double t : s.ticks) {
      const long e = std::lround(std::log10(t));
      s.labels.push_back(sci && e != 0 ? fmt::format("1e{}", e) : format_tick(t, t));
    }
  } else {
    if (hi <= lo) {  // a constant: centre it in a unit-wide range
      const double pad = lo == 0 ? 1.0 : std::abs(lo) * 0.5;
      lo -= pad;
      hi += pad;
    }
    s.ticks = nice_ticks(lo, hi, max_ticks);
    // As for log axes: data never on a free end (see above).
    const double pad = kEndPad * (s.ticks.back() - s.ticks.front());
    const double data_lo = std::isfinite(extent.lo) ? extent.lo : lo;
    const double data_hi = std::isfinite(extent.hi) ? extent.hi : hi;
    if (!axis.min) lo = std::min(s.ticks.front(), data_lo - pad);
    if (!axis.max) hi = std::max(s.ticks.back(), data_hi + pad);
    const double step = s.ticks.size() > 1 ? s.ticks[1] - s.ticks[0] : hi - lo;
    for (double t : s.ticks) s.labels.push_back(format_tick(t, step));
  }
  s.lo = lo;
  s.hi = hi;
  // Fixed ends may cut ticks off: keep only the ones inside.
  const double eps = (s.log ? 1e-9 : 1e-9 * (hi - lo));
  std::vector<double> ticks;
  std::vector<std::string> labels;
  for (std::size_t i = 0; i < s.ticks.size(); ++i) {
    const double t = s.ticks[i];
    if (s.log ? (t >= lo * (1 - eps) && t <= hi * (1 + eps)) : (t >= lo - eps && t <= hi + eps)) {
      ticks.push_back(t);
      labels.push_back(s.labels[i]);
    }
  }
  s.ticks = std::move(ticks);
  s.labels = std::move(labels);
  return s;
}

double widest(const std::vector<std::string>& labels, double font) {
  double w = 0;
  for (const auto& l : labels) w = std::max(w, text_width(l, font));
  return w;
}

struct LegendEntry {
  std::string name;
  int color;
  bool dashed;
};

std::string stroke_of(int color) {
  const auto& p = palette();
  const auto n = static_cast<int>(p.size());
  return p[static_cast<std::size_t>(((color % n) + n) % n)];
}

// Runs of consecutive drawable indices; an undrawable point starts a new run.
template <class Drawable>
std::vector<std::vector<std::size_t>> runs_of(std::size_t n, Drawable drawable) {
  std::vector<std::vector<std::size_t>> out;
  std::vector<std::size_t> cur;
  for (std::size_t i = 0; i < n; ++i) {
    if (drawable(i)) {
      cur.push_back(i);
    } else if (!cur.empty()) {
      out.push_back(std::move(cur));
      cur.clear();
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

}  // namespace

Grid grid_for(std::size_t panels) {
  if (panels <= 1) return {1, 1};
  const int cols = panels <= 8 ? 2 : 3;
  return {static_cast<int>((panels + cols - 1) / cols), cols};
}

std::vector<double> nice_ticks(double lo, double hi, int max_ticks) {
  max_ticks = std::max(max_ticks, 2);
  if (!(hi > lo)) hi = lo + 1;
  const double raw = (hi - lo) / (max_ticks - 1);
  double step = std::pow(10.0, std::floor(std::log10(raw)));
  // Try 1, 2, 5, 10, 20, ... × 10^k until the ticks fit.
  for (int i = 0;; ++i) {
    const double first = std::floor(lo / step + 1e-9);
    const double last = std::ceil(hi / step - 1e-9);
    if (last - first + 1 <= max_ticks) {
      std::vector<double> ticks;
      for (double k = first; k <= last + 0.5; k += 1) {
        double t = k * step;
        if (std::abs(t) < step * 1e-9) t = 0;  // no "-0"
        ticks.push_back(t);
      }
      return ticks;
    }
    const double mantissa = step / std::pow(10.0, std::floor(std::log10(step) + 1e-9));
    step *= mantissa < 1.5 ? 2.0 : (mantissa < 3 ? 2.5 : 2.0);
    if (i > 60) return {lo, hi};
  }
}

std::vector<double> log_ticks(double lo, double hi, int max_ticks) {
  max_ticks = std::max(max_ticks, 2);
  int first = static_cast<int>(std::floor(std::log10(lo) + 1e-9));
  int last = static_cast<int>(std::ceil(std::log10(hi) - 1e-9));
  if (last <= first) {  // a single power of ten: a decade on either side of it
    --first;
    ++last;
  }
  const int decades = last - first;
  int stride = 1;
  while (decades / stride + 1 > max_ticks) ++stride;
  // Align on multiples of the stride, so 1e-6, 1e-4, 1e-2, 1 rather than odd offsets.
  const int start = static_cast<int>(std::floor(static_cast<double>(first) / stride)) * stride;
  const int end = static_cast<int>(std::ceil(static_cast<double>(last) / stride)) * stride;
  std::vector<double> ticks;
  for (int e = start; e <= end; e += stride) ticks.push_back(std::pow(10.0, e));
  return ticks;
}

std::string format_tick(double value, double step) {
  if (value == 0) return "0";
  const double mag = std::abs(value);
  const int exp = static_cast<int>(std::floor(std::log10(mag) + 1e-9));
  // Powers of ten and very large/small values in short scientific form.
  if (exp < -3 || exp > 5) {
    const double mant = value / std::pow(10.0, exp);
    if (std::abs(mant - std::round(mant)) < 1e-6) return fmt::format("{}e{}", std::lround(mant), exp);
    return fmt::format("{:.1f}e{}", mant, exp);
  }
  const int step_exp = static_cast<int>(std::floor(std::log10(std::abs(step)) + 1e-9));
  const int decimals = std::max(0, -step_exp);
  return fmt::format("{:.{}f}", value, decimals);
}

const std::vector<std::string>& palette() {
  static const std::vector<std::string> colours = {
      "#0072B2",  // blue
      "#D55E00",  // vermillion
      "#009E73",  // bluish green
      "#CC79A7",  // reddish purple
      "#E69F00",  // orange
      "#56B4E9",  // sky blue
      "#000000",  // black
      "#F0E442",  // yellow
  };
  return colours;
}

std::string render(const Figure& fig) {
  const double W = fig.width;
  Grid grid = grid_for(fig.panels.size());
  if (fig.cols > 0) {
    grid.cols = fig.cols;
    grid.rows = std::max<int>(1, static_cast<int>((fig.panels.size() + fig.cols - 1) / fig.cols));
  }

  // --- header: title, subtitle, legend (wrapped into rows) ---
  std::vector<LegendEntry> legend;
  for (const auto& p : fig.panels)
    for (const auto& s : p.series)
      if (!s.name.empty() && std::none_of(legend.begin(), legend.end(), [&](const auto& e) { return e.name == s.name; }))
        legend.push_back({s.name, s.color, s.dashed});
  constexpr double kSwatch = 26, kSwatchGap = 6, kEntryGap = 22, kLegendRow = 22;
  std::vector<std::vector<std::pair<LegendEntry, double>>> legend_rows(1);
  {
    double x = kOuterLeft;
    for (const auto& e : legend) {
      const double w = kSwatch + kSwatchGap + text_width(e.name, kLegendFont);
      if (x + w > W - kOuterRight && !legend_rows.back().empty()) {
        legend_rows.emplace_back();
        x = kOuterLeft;
      }
      legend_rows.back().emplace_back(e, x);
      x += w + kEntryGap;
    }
  }
  double y_cursor = 10 + kTitleFont;  // title baseline
  const double title_y = y_cursor;
  double subtitle_y = 0;
  if (!fig.subtitle.empty()) {
    y_cursor += 6 + kSubtitleFont;
    subtitle_y = y_cursor;
  }
  const double legend_y0 = y_cursor + 8;  // top of the first legend row
  if (!legend.empty()) y_cursor = legend_y0 + kLegendRow * static_cast<double>(legend_rows.size());
  const double header = y_cursor + 6;

  // --- shared scales ---
  Extent ex, ey;
  for (const auto& p : fig.panels)
    for (const auto& s : p.series) {
      for (double v : s.x) ex.add(v, fig.x.log);
      for (double v : s.y) ey.add(v, fig.y.log);
      for (double v : s.lo) ey.add(v, fig.y.log);
      for (double v : s.hi) ey.add(v, fig.y.log);
    }

  const double cell_w = (W - kOuterLeft - kOuterRight) / grid.cols;
  const double cell_h = std::clamp(cell_w * 0.62, 190.0, 340.0);
  const double title_band = kPanelTitleFont + 10;
  const double x_tick_band = kTickFont + 10;
  const double plot_h = cell_h - title_band - x_tick_band - 8;
  // y ticks at least two label heights apart.
  Scale ys = make_scale(fig.y, ey, std::max(2, static_cast<int>(plot_h / (kTickFont * 2.6))));
  const double y_label_w = widest(ys.labels, kTickFont);
  const double pad_left = y_label_w + 12;
  // x ticks: guess with the plot width, then make sure the labels fit with a gap.
  double pad_right = 14;
  double plot_w = cell_w - pad_left - pad_right;
  Scale xs;
  for (int max_ticks = std::max(2, static_cast<int>(plot_w / 50));; --max_ticks) {
    xs = make_scale(fig.x, ex, max_ticks);
    const double label_w = widest(xs.labels, kTickFont);
    pad_right = std::max(14.0, label_w / 2 + 6);  // the last label is centred on the right edge
    plot_w = cell_w - pad_left - pad_right;
    const double spacing = xs.ticks.size() > 1 ? plot_w / static_cast<double>(xs.ticks.size() - 1) : plot_w;
    if (spacing >= label_w + 12 || max_ticks <= 2) break;
  }

  const double H = header + cell_h * grid.rows + kFooter;
  std::string out;
  out += fmt::format(
      R"(<svg xmlns="http://www.w3.org/2000/svg" width="{0}" height="{1}" viewBox="0 0 {0} {1}" font-family="{2}">)"
      "\n",
      num(W), num(H), kFont);
  out += fmt::format(R"(<rect width="{}" height="{}" fill="#ffffff"/>)"
                     "\n",
                     num(W), num(H));
  out += fmt::format(R"(<text x="{}" y="{}" font-size="{}" font-weight="bold" fill="#111">{}</text>)"
                     "\n",
                     num(kOuterLeft), num(title_y), kTitleFont,
                     escape(fit(fig.title, kTitleFont, W - kOuterLeft - kOuterRight)));
  if (!fig.subtitle.empty())
    out += fmt::format(R"(<text x="{}" y="{}" font-size="{}" fill="#444">{}</text>)"
                       "\n",
                       num(kOuterLeft), num(subtitle_y), kSubtitleFont,
                       escape(fit(fig.subtitle, kSubtitleFont, W - kOuterLeft - kOuterRight)));

  // Legend.
  if (!legend.empty()) {
    out += "<g class=\"legend\">\n";
    for (std::size_t r = 0; r < legend_rows.size(); ++r) {
      const double cy = legend_y0 + kLegendRow * (static_cast<double>(r) + 0.5);
      for (const auto& [e, x] : legend_rows[r]) {
        out += fmt::format(R"(<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="3"{}/>)",
                           num(x), num(cy), num(x + kSwatch), num(cy), stroke_of(e.color),
                           e.dashed ? R"( stroke-dasharray="6 4")" : "");
        // Baseline at centre + 0.35 em puts the x-height on the swatch; more
        // portable than dominant-baseline, which renderers treat differently.
        out += fmt::format(R"(<text x="{}" y="{}" font-size="{}" fill="#222">{}</text>)"
                           "\n",
                           num(x + kSwatch + kSwatchGap), num(cy + kLegendFont * 0.35), kLegendFont, escape(e.name));
      }
    }
    out += "</g>\n";
  }

  // Shared axis labels, once per figure.
  const double grid_top = header;
  const double grid_h = cell_h * grid.rows;
  if (!fig.y.label.empty())
    out += fmt::format(
        R"~(<text class="axis-label" x="{0}" y="{1}" font-size="{2}" text-anchor="middle" fill="#222" transform="rotate(-90 {0} {1})">{3}</text>)~"
        "\n",
        num(kOuterLeft / 2 + 4), num(grid_top + grid_h / 2), kAxisFont, escape(fit(fig.y.label, kAxisFont, grid_h)));
  if (!fig.x.label.empty())
    out += fmt::format(R"(<text class="axis-label" x="{}" y="{}" font-size="{}" text-anchor="middle" fill="#222">{}</text>)"
                       "\n",
                       num(kOuterLeft + (W - kOuterLeft - kOuterRight) / 2), num(H - 10), kAxisFont,
                       escape(fig.x.label));

  for (std::size_t pi = 0; pi < fig.panels.size(); ++pi) {
    const Panel& panel = fig.panels[pi];
    const int row = static_cast<int>(pi) / grid.cols;
    const int col = static_cast<int>(pi) % grid.cols;
    const double cx = kOuterLeft + cell_w * col;
    const double cy = grid_top + cell_h * row;
    const double px = cx + pad_left;  // plot area
    const double py = cy + title_band;
    auto sx = [&](double v) { return px + xs.fraction(v) * plot_w; };
    auto sy = [&](double v) { return py + (1 - ys.fraction(v)) * plot_h; };

    out += fmt::format(R"(<g class="panel" data-index="{}">)"
                       "\n",
                       pi);
    if (!panel.title.empty())
      out += fmt::format(R"(<text x="{}" y="{}" font-size="{}" font-weight="bold" text-anchor="middle" fill="#111">{}</text>)"
                         "\n",
                         num(px + plot_w / 2), num(cy + kPanelTitleFont + 2), kPanelTitleFont,
                         escape(fit(panel.title, kPanelTitleFont, cell_w - 8)));
    // Grid lines and ticks.
    for (std::size_t i = 0; i < ys.ticks.size(); ++i) {
      const double y = sy(ys.ticks[i]);
      out += fmt::format(R"(<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#e4e4e4" stroke-width="1"/>)", num(px),
                         num(y), num(px + plot_w), num(y));
      out += fmt::format(R"(<text class="ytick" x="{}" y="{}" font-size="{}" text-anchor="end" fill="#333">{}</text>)"
                         "\n",
                         num(px - 6), num(y + kTickFont * 0.35), kTickFont, escape(ys.labels[i]));
    }
    for (std::size_t i = 0; i < xs.ticks.size(); ++i) {
      const double x = sx(xs.ticks[i]);
      out += fmt::format(R"(<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#e4e4e4" stroke-width="1"/>)", num(x),
                         num(py), num(x), num(py + plot_h));
      out += fmt::format(R"(<text class="xtick" x="{}" y="{}" font-size="{}" text-anchor="middle" fill="#333">{}</text>)"
                         "\n",
                         num(x), num(py + plot_h + kTickFont + 5), kTickFont, escape(xs.labels[i]));
    }
    out += fmt::format(R"(<rect x="{}" y="{}" width="{}" height="{}" fill="none" stroke="#888" stroke-width="1"/>)"
                       "\n",
                       num(px), num(py), num(plot_w), num(plot_h));
    // Data, clipped to the plot area (fixed axis ends may cut it).
    out += fmt::format(R"(<clipPath id="clip-{0}"><rect x="{1}" y="{2}" width="{3}" height="{4}"/></clipPath>)"
                       "\n"
                       R"~(<g clip-path="url(#clip-{0})">)~"
                       "\n",
                       pi, num(px), num(py), num(plot_w), num(plot_h));
    bool any_point = false;
    // Bands first, so every line is drawn over every band.
    for (const auto& s : panel.series) {
      if (s.lo.size() != s.x.size() || s.hi.size() != s.x.size()) continue;
      auto drawable = [&](std::size_t i) { return xs.usable(s.x[i]) && ys.usable(s.lo[i]) && ys.usable(s.hi[i]); };
      for (const auto& run : runs_of(s.x.size(), drawable)) {
        // Along the top edge, then back along the bottom edge.
        std::string pts;
        for (std::size_t i : run) pts += num(sx(s.x[i])) + "," + num(sy(s.hi[i])) + " ";
        for (auto it = run.rbegin(); it != run.rend(); ++it) pts += num(sx(s.x[*it])) + "," + num(sy(s.lo[*it])) + " ";
        pts.pop_back();
        out += fmt::format(R"(<polygon class="band" points="{}" fill="{}" fill-opacity="0.18" stroke="none"/>)"
                           "\n",
                           pts, stroke_of(s.color));
      }
    }
    for (const auto& s : panel.series) {
      const std::size_t n = std::min(s.x.size(), s.y.size());
      auto drawable = [&](std::size_t i) { return xs.usable(s.x[i]) && ys.usable(s.y[i]); };
      std::string d;
      for (const auto& run : runs_of(n, drawable)) {
        any_point = true;
        for (std::size_t k = 0; k < run.size(); ++k)
          d += fmt::format("{}{},{} ", k == 0 ? 'M' : 'L', num(sx(s.x[run[k]])), num(sy(s.y[run[k]])));
        // A lone point has no length; a zero-length segment with round caps shows it as a dot.
        if (run.size() == 1) d += fmt::format("L{},{} ", num(sx(s.x[run[0]])), num(sy(s.y[run[0]])));
      }
      if (d.empty()) continue;
      d.pop_back();
      out += fmt::format(
          R"(<path class="series" d="{}" fill="none" stroke="{}" stroke-width="2" stroke-linejoin="round" stroke-linecap="round"{}/>)"
          "\n",
          d, stroke_of(s.color), s.dashed ? R"( stroke-dasharray="6 4")" : "");
    }
    out += "</g>\n";
    if (!any_point)
      out += fmt::format(R"(<text x="{}" y="{}" font-size="{}" text-anchor="middle" fill="#777">no data</text>)"
                         "\n",
                         num(px + plot_w / 2), num(py + plot_h / 2), kAxisFont);
    out += "</g>\n";
  }
  out += "</svg>\n";
  return out;
}

}  // namespace lrbench::report::svg
