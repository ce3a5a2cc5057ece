// Plugin parameters given in a golden file (JSON), resolved by the one
// parameter resolver (plugins/resolve.hpp) against the plugin's declaration:
// the same checks and defaults as a scenario's `params`.
//
// JSON spellings of golden format 2: `null` is "unset" (the plugin's
// documented default for a nullable parameter); the strings "inf" and "-inf"
// are infinite numbers; a nested optimizer is {"name": ..., "params": {...}}.
#pragma once

#include <nlohmann/json.hpp>

#include "lrbench/plugin.hpp"
#include "plugins/catalog.hpp"
#include "plugins/value_tree.hpp"

namespace lrbench::conformance {

// A JSON value as the resolver reads it: numbers as their shortest exact
// decimal, booleans as true/false, "inf"/"-inf" as .inf/-.inf, other strings
// as quoted scalars.
[[nodiscard]] plugins::ValueTree to_value_tree(const nlohmann::json& value);

// Every declared parameter of `info`: `given`'s value or the default. Throws
// std::runtime_error listing every problem ("params.momentum: expected a
// number in [0, 1), found 1.5").
[[nodiscard]] ParamValues params_from_json(const PluginInfo& info, const nlohmann::json& given,
                                           const plugins::PluginCatalog& catalog);

}  // namespace lrbench::conformance
