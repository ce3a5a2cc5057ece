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
#include "util/range.hpp"
#include "util/scalars.hpp"

namespace lrbench::scenario {

inline constexpr double kInf = std::numeric_limits<double>::infinity();

// Text quoted in a message, control characters escaped (util/scalars.hpp).
using util::printable;

// How a node reads in "found ...": 'word' for a plain scalar, the string "x"
// for a quoted one, "a list", "a map", "nothing (null)".
[[nodiscard]] std::string describe(const tree::Node& node);

// A numeric interval, and how it reads in messages: " in [0, 1)", " >= 1"
// (util/range.hpp, shared with the plugin-parameter resolver).
using util::above;
using util::at_least;
using util::Range;

// YAML 1.2 core-schema integers and floats (util/scalars.hpp, shared with the
// plugin-parameter resolver).
using util::IntParse;
using util::parse_integer;
using util::parse_real;

// YAML 1.2 core-schema booleans: true/True/TRUE, false/False/FALSE (yes/no/on/
// off are YAML 1.1 and ambiguous).
[[nodiscard]] std::optional<bool> parse_bool(std::string_view text);

}  // namespace lrbench::scenario
