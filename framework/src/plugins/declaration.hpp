// Checks of what a plugin declares about itself, shared by the loader (which
// refuses a library with a broken declaration) and `lrbench describe`.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "lrbench/plugin.hpp"
#include "util/range.hpp"

namespace lrbench::plugins {

// Plugin and parameter names: [a-z][a-z0-9_]*.
[[nodiscard]] bool is_valid_name(std::string_view name) noexcept;

// The spec's declared bounds as an interval (util/range.hpp): for a list,
// the bounds of each element.
[[nodiscard]] util::Range range_of(const ParamSpec& spec) noexcept;

// Whether a number lies within the spec's declared range.
[[nodiscard]] bool in_range(const ParamSpec& spec, double value) noexcept;

// The words of a choice declaration: "cos|linear" -> {"cos", "linear"}.
[[nodiscard]] std::vector<std::string> choice_words(std::string_view choices);

// The range in interval notation: "[0, 1)", "> 0", "any"; for choices the set.
[[nodiscard]] std::string describe_range(const ParamSpec& spec);

// The default as YAML would write it: 0.9, true, cos, [30, 80], null.
[[nodiscard]] std::string describe_default(const ParamSpec& spec);

// How the library was built, for reports and warnings: "optimised, GCC
// 12.2.0" or "not optimised, GCC 12.2.0".
[[nodiscard]] std::string describe_build(const BuildInfo& build);

// Empty when the declaration is sound, else the first problem found: an
// invalid or duplicate name, a missing factory, a default outside its range
// or choice set.
[[nodiscard]] std::string check_declaration(const PluginInfo& info);

}  // namespace lrbench::plugins
