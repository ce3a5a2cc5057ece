// The SVG plotting module: layout, ticks, ranges, gaps.
#include <cmath>
#include <limits>
#include <regex>

#include <gtest/gtest.h>

#include "report/svg.hpp"
#include "test_util.hpp"

namespace lrbench {
namespace {

namespace svg = report::svg;
using testing::count;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

svg::Series line(std::vector<double> x, std::vector<double> y, std::string name = "s", int color = 0) {
  svg::Series s;
  s.name = std::move(name);
  s.x = std::move(x);
  s.y = std::move(y);
  s.color = color;
  return s;
}

svg::Figure figure_of(int panels) {
  svg::Figure f;
  f.title = "figure";
  f.x.label = "epoch";
  f.y.label = "accuracy";
  for (int p = 0; p < panels; ++p) {
    svg::Panel panel;
    panel.title = "lr=1e-" + std::to_string(p);
    panel.series.push_back(line({1, 2, 3}, {0.1 * p, 0.2, 0.3}, "train", 0));
    panel.series.push_back(line({1, 2, 3}, {0.3, 0.2, 0.1}, "test", 1));
    f.panels.push_back(panel);
  }
  return f;
}

std::vector<std::string> all(const std::string& text, const std::regex& re, int group = 1) {
  std::vector<std::string> out;
  for (std::sregex_iterator it(text.begin(), text.end(), re), end; it != end; ++it) out.push_back((*it)[group]);
  return out;
}

TEST(SvgGrid, ShapeFollowsThePanelCount) {
  EXPECT_EQ(svg::grid_for(1).rows, 1);
  EXPECT_EQ(svg::grid_for(1).cols, 1);
  EXPECT_EQ(svg::grid_for(2).rows, 1);
  EXPECT_EQ(svg::grid_for(2).cols, 2);
  EXPECT_EQ(svg::grid_for(4).rows, 2);
  EXPECT_EQ(svg::grid_for(4).cols, 2);
  EXPECT_EQ(svg::grid_for(8).rows, 4);  // the study's 4×2
  EXPECT_EQ(svg::grid_for(8).cols, 2);
  EXPECT_EQ(svg::grid_for(9).cols, 3);
}

TEST(SvgTicks, NiceLinearTicks) {
  const auto unit = svg::nice_ticks(0, 1, 6);
  ASSERT_EQ(unit.size(), 6u);
  for (std::size_t i = 0; i < unit.size(); ++i) EXPECT_NEAR(unit[i], 0.2 * static_cast<double>(i), 1e-12);
  const auto epochs = svg::nice_ticks(1, 200, 6);
  EXPECT_EQ(epochs.front(), 0);
  EXPECT_EQ(epochs.back(), 200);
  EXPECT_LE(epochs.size(), 6u);
  // Every step is 1, 2 or 5 × 10^k.
  for (auto [lo, hi, n] : std::vector<std::tuple<double, double, int>>{{0, 1, 6}, {1, 200, 6}, {-3, 17, 5}, {0.001, 0.0042, 8}}) {
    const auto t = svg::nice_ticks(lo, hi, n);
    ASSERT_GE(t.size(), 2u);
    EXPECT_LE(static_cast<int>(t.size()), n);
    EXPECT_LE(t.front(), lo);
    EXPECT_GE(t.back(), hi);
    const double step = t[1] - t[0];
    const double mant = step / std::pow(10.0, std::floor(std::log10(step) + 1e-9));
    EXPECT_TRUE(std::abs(mant - 1) < 1e-6 || std::abs(mant - 2) < 1e-6 || std::abs(mant - 5) < 1e-6) << step;
  }
}

TEST(SvgTicks, LogTicksAreDecades) {
  const auto t = svg::log_ticks(1e-7, 1, 10);
  ASSERT_EQ(t.size(), 8u);
  EXPECT_NEAR(t.front(), 1e-7, 1e-20);
  EXPECT_EQ(t.back(), 1);
  const auto thinned = svg::log_ticks(1e-7, 1, 5);
  EXPECT_LE(thinned.size(), 5u);
  EXPECT_LE(thinned.front(), 1e-7);
  EXPECT_GE(thinned.back(), 1);
  // A single value gets the decade on either side.
  const auto one = svg::log_ticks(0.01, 0.01, 5);
  EXPECT_LT(one.front(), 0.01);
  EXPECT_GT(one.back(), 0.01);
}

TEST(SvgTicks, Labels) {
  EXPECT_EQ(svg::format_tick(0.2, 0.2), "0.2");
  EXPECT_EQ(svg::format_tick(200, 50), "200");
  EXPECT_EQ(svg::format_tick(0.05, 0.05), "0.05");
  EXPECT_EQ(svg::format_tick(1e-7, 1e-7), "1e-7");
  EXPECT_EQ(svg::format_tick(0, 0.1), "0");
}

TEST(SvgRender, OnePanelPerVariantAndOneLegend) {
  const std::string out = svg::render(figure_of(8));
  EXPECT_EQ(count(out, "<g class=\"panel\""), 8u);
  EXPECT_EQ(count(out, "<g class=\"legend\""), 1u);
  // Legend entries appear once, not once per panel.
  EXPECT_EQ(count(out, ">train</text>"), 1u);
  EXPECT_EQ(count(out, ">test</text>"), 1u);
  EXPECT_EQ(count(out, "class=\"axis-label\""), 2u);
  EXPECT_EQ(out.rfind("<svg", 0), 0u);
  EXPECT_NE(out.find("</svg>"), std::string::npos);
}

TEST(SvgRender, FontsAreLegible) {
  const std::string out = svg::render(figure_of(8));
  const auto sizes = all(out, std::regex(R"re(font-size="([0-9.]+)")re"));
  ASSERT_FALSE(sizes.empty());
  for (const auto& s : sizes) EXPECT_GE(std::stod(s), 11.0);
}

// Every drawn point lies inside its panel's plot rectangle: the shared
// ranges cover the data of every panel.
TEST(SvgRender, AxisRangesCoverTheData) {
  svg::Figure f;
  f.y.label = "loss";
  for (double scale : {1.0, 37.0, 0.01}) {
    svg::Panel p;
    p.series.push_back(line({3, 50, 117}, {-2 * scale, 5 * scale, 13 * scale}));
    f.panels.push_back(p);
  }
  const std::string out = svg::render(f);
  const std::regex clip(R"re(<clipPath id="clip-(\d+)"><rect x="([-0-9.]+)" y="([-0-9.]+)" width="([0-9.]+)" height="([0-9.]+)")re");
  const std::regex path(R"re(<path class="series" d="([^"]+)")re");
  const std::regex pt(R"re([ML]([-0-9.]+),([-0-9.]+))re");
  std::vector<std::array<double, 4>> rects;
  for (std::sregex_iterator it(out.begin(), out.end(), clip), end; it != end; ++it)
    rects.push_back({std::stod((*it)[2]), std::stod((*it)[3]), std::stod((*it)[4]), std::stod((*it)[5])});
  const auto paths = all(out, path);
  ASSERT_EQ(rects.size(), 3u);
  ASSERT_EQ(paths.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    const auto [x, y, w, h] = rects[i];
    int points = 0;
    for (std::sregex_iterator it(paths[i].begin(), paths[i].end(), pt), end; it != end; ++it) {
      const double px = std::stod((*it)[1]), py = std::stod((*it)[2]);
      EXPECT_GE(px, x - 0.05);
      EXPECT_LE(px, x + w + 0.05);
      EXPECT_GE(py, y - 0.05);
      EXPECT_LE(py, y + h + 0.05);
      ++points;
    }
    EXPECT_EQ(points, 3);
  }
  // The largest value (13·37 = 481) is inside the y ticks' span.
  const auto yt = all(out, std::regex(R"re(class="ytick"[^>]*>([^<]+)<)re"));
  ASSERT_FALSE(yt.empty());
  EXPECT_LE(std::stod(yt.front()), -74);  // ticks run bottom to top
  EXPECT_GE(std::stod(yt.back()), 481);
}

TEST(SvgRender, LogAxisHasDecadeTicks) {
  svg::Figure f;
  f.y.log = true;
  svg::Panel p;
  p.series.push_back(line({1, 2, 3, 4}, {0.8, 0.05, 0.004, 0.002}));
  f.panels.push_back(p);
  const std::string out = svg::render(f);
  const auto yt = all(out, std::regex(R"re(class="ytick"[^>]*>([^<]+)<)re"));
  EXPECT_EQ(yt, (std::vector<std::string>{"0.001", "0.01", "0.1", "1"}));

  // Once one tick needs scientific notation, every tick but 1 uses it.
  svg::Figure g;
  g.y.log = true;
  svg::Panel q;
  q.series.push_back(line({1, 2}, {2e-4, 5}));
  g.panels.push_back(q);
  const auto gt = all(svg::render(g), std::regex(R"re(class="ytick"[^>]*>([^<]+)<)re"));
  EXPECT_EQ(gt, (std::vector<std::string>{"1e-4", "1e-3", "1e-2", "1e-1", "1", "1e1"}));
}

TEST(SvgRender, NonFiniteAndNonPositiveOnLogBreakTheLine) {
  svg::Figure f;
  svg::Panel p;
  p.series.push_back(line({1, 2, 3, 4, 5}, {1, 2, kNaN, 3, 4}));
  f.panels.push_back(p);
  const auto d = all(svg::render(f), std::regex(R"re(<path class="series" d="([^"]+)")re"));
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(count(d[0], "M"), 2u);
  EXPECT_EQ(count(d[0], "L"), 2u);

  svg::Figure g;
  g.y.log = true;
  svg::Panel q;
  q.series.push_back(line({1, 2, 3, 4}, {1, 0, 0.5, 0.25}));
  g.panels.push_back(q);
  const auto e = all(svg::render(g), std::regex(R"re(<path class="series" d="([^"]+)")re"));
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(count(e[0], "M"), 2u);
}

TEST(SvgRender, BandsAreDrawnAndBrokenByGaps) {
  svg::Figure f;
  svg::Panel p;
  auto s = line({1, 2, 3, 4, 5}, {1, 2, 3, 4, 5});
  s.lo = {0.5, 1.5, kNaN, 3.5, 4.5};
  s.hi = {1.5, 2.5, kNaN, 4.5, 5.5};
  p.series.push_back(s);
  f.panels.push_back(p);
  const std::string out = svg::render(f);
  EXPECT_EQ(count(out, "<polygon class=\"band\""), 2u);
  EXPECT_NE(out.find("fill-opacity"), std::string::npos);
}

TEST(SvgRender, TextIsEscapedAndEmptyPanelsSayNoData) {
  svg::Figure f;
  f.title = "a<b & c";
  f.panels.push_back(svg::Panel{"empty", {}});
  const std::string out = svg::render(f);
  EXPECT_NE(out.find("a&lt;b &amp; c"), std::string::npos);
  EXPECT_EQ(out.find("a<b"), std::string::npos);
  EXPECT_NE(out.find("no data"), std::string::npos);
}

TEST(SvgRender, PaletteIsOkabeIto) {
  const auto& p = svg::palette();
  EXPECT_EQ(p.size(), 8u);
  EXPECT_EQ(p[0], "#0072B2");
  EXPECT_EQ(p[1], "#D55E00");
}

}  // namespace
}  // namespace lrbench
