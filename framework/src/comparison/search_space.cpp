#include "comparison/search_space.hpp"

#include <cmath>
#include <cstdlib>
#include <memory>

#include <fmt/format.h>

#include "lrbench/math.hpp"

#include "util/text.hpp"

namespace lrbench::comparison {

using scenario::Range;
using scenario::Reader;
using scenario::tree::Entry;
using scenario::tree::Mark;
using scenario::tree::Node;
using scenario::tree::NodePtr;

namespace {

// log10 from lrbench::math (the same bits on every CPU and libm).
double log10_of(double x) { return lrbench::math::log(x) / lrbench::math::log(10.0); }

// A search value rounded to 15 significant digits (fmt's shortest-exact
// formatting and strtod are correctly rounded everywhere): a grid point
// meant to be 0.001 is 0.001, not 0.0010000000000000002, in labels and configs.
double fifteen_digits(double x) { return std::strtod(fmt::format("{:.15g}", x).c_str(), nullptr); }

constexpr std::int64_t kMaxGridPoints = 1000;

std::vector<std::string> config_path(const std::string& key) {
  if (key == "lr") return {"optimizer", "lr"};
  if (key.find('.') == std::string::npos) return {"optimizer", "params", key};
  std::vector<std::string> parts = util::split(key, '.');
  return parts;
}

// [lo, hi] with 0 < lo < hi, both numbers; nullopt after an error.
std::optional<std::pair<double, double>> read_bounds(Reader& r, const Node& n, const std::string& path,
                                                     std::size_t extra) {
  if (!n.is_sequence() || n.items.size() != 2 + extra) {
    r.error(n.mark, path,
            fmt::format("expected [low, high{}], found {}", extra > 0 ? ", points" : "", scenario::describe(n)));
    return std::nullopt;
  }
  const auto lo = r.number(*n.items[0], path + ".0", scenario::above(0));
  const auto hi = r.number(*n.items[1], path + ".1", scenario::above(0));
  if (!lo || !hi) return std::nullopt;
  if (!(*lo < *hi)) {
    r.error(n.items[1]->mark, path + ".1", fmt::format("the high end {} must be above the low end {}", *hi, *lo));
    return std::nullopt;
  }
  return std::pair{*lo, *hi};
}

}  // namespace

NodePtr number_node(double value, const Mark& mark) {
  auto node = std::make_shared<Node>();
  node->kind = Node::Kind::scalar;
  node->mark = mark;
  node->text = fmt::format("{:.4g}", value);
  return node;
}

std::vector<Dimension> read_search_space(Reader& r, const Node& search, const std::string& path) {
  std::vector<Dimension> dims;
  for (const Entry& e : search.entries) {
    const std::string p = util::join_key(path, e.key);
    Dimension d{e.key, config_path(e.key), e.key_mark, {}, std::nullopt};
    const Node& v = *e.value;
    if (v.is_sequence()) {
      if (v.items.empty()) {
        r.error(v.mark, p, "expected a non-empty list of values, found an empty list");
        continue;
      }
      d.values = v.items;
    } else if (v.is_map() && v.entries.size() == 1 && v.entries[0].key == "log_grid") {
      const Node& spec = *v.entries[0].value;
      const auto bounds = read_bounds(r, spec, p + ".log_grid", 1);
      if (!bounds) continue;
      const auto points = r.integer(*spec.items[2], p + ".log_grid.2", scenario::at_least(2, kMaxGridPoints));
      if (!points) continue;
      // Evenly spaced in log10: 10^(a + i·(b − a)/(n − 1)), i = 0 … n − 1.
      const double a = log10_of(bounds->first);
      const double b = log10_of(bounds->second);
      for (std::int64_t i = 0; i < *points; ++i) {
        const double t = static_cast<double>(i) / static_cast<double>(*points - 1);
        d.values.push_back(number_node(fifteen_digits(lrbench::math::pow(10.0, a + t * (b - a))), spec.mark));
      }
    } else if (v.is_map() && v.entries.size() == 1 && v.entries[0].key == "log_uniform") {
      const auto bounds = read_bounds(r, *v.entries[0].value, p + ".log_uniform", 0);
      if (!bounds) continue;
      d.log_uniform = bounds;
    } else {
      r.error(v.mark, p,
              "expected a list of values, {log_grid: [low, high, points]} or {log_uniform: [low, high]}, found " +
                  scenario::describe(v));
      continue;
    }
    dims.push_back(std::move(d));
  }
  return dims;
}

NodePtr draw(const Dimension& d, util::Rng& rng) {
  if (d.log_uniform) {
    const double a = log10_of(d.log_uniform->first);
    const double b = log10_of(d.log_uniform->second);
    return number_node(fifteen_digits(lrbench::math::pow(10.0, a + (b - a) * rng.uniform())), d.key_mark);
  }
  return d.values[static_cast<std::size_t>(rng.bounded(d.values.size()))];
}

}  // namespace lrbench::comparison
