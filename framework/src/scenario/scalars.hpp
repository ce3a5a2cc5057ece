// YAML scalars as the scenario reads them: YAML 1.2 core-schema integers,
// floats and booleans (not yaml-cpp's looser YAML 1.1 rules), numeric ranges
// and how they read in messages, and how a found value is quoted back.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

#include "scenario/tree.hpp"
#include "util/scalars.hpp"

namespace lrbench::scenario {

inline constexpr double kInf = std::numeric_limits<double>::infinity();

// Text quoted in a message, control characters escaped (util/scalars.hpp).
using util::printable;

// How a node reads in "found ...": 'word' for a plain scalar, the string "x"
// for a quoted one, "a list", "a map", "nothing (null)".
[[nodiscard]] std::string describe(const tree::Node& node);

// A number as messages write it: 1e-07, 0.5, 100.
[[nodiscard]] std::string number_text(double value);

// A numeric interval, and how it reads in messages: "in [0, 1)", ">= 1".
struct Range {
  double lo = -kInf;
  double hi = kInf;
  bool lo_open = false;
  bool hi_open = false;

  [[nodiscard]] bool contains(double v) const;
  [[nodiscard]] std::string text() const;  // with a leading space; "" for (-inf, inf)
};

[[nodiscard]] inline Range at_least(double lo, double hi = kInf) { return Range{lo, hi, false, false}; }
[[nodiscard]] inline Range above(double lo) { return Range{lo, kInf, true, false}; }

// YAML 1.2 core-schema integers and floats (util/scalars.hpp, shared with the
// plugin-parameter resolver).
using util::IntParse;
using util::parse_integer;
using util::parse_real;

// YAML 1.2 core-schema booleans: true/True/TRUE, false/False/FALSE (yes/no/on/
// off are YAML 1.1 and ambiguous).
[[nodiscard]] std::optional<bool> parse_bool(std::string_view text);

}  // namespace lrbench::scenario
