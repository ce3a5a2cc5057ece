// Plugin parameters given in a golden file (JSON), checked against the
// plugin's declaration and completed with its defaults.
#pragma once

#include <span>

#include <nlohmann/json.hpp>

#include "lrbench/params.hpp"

namespace lrbench::conformance {

// Throws std::runtime_error naming the parameter for an undeclared key or a
// value of the wrong type (null is accepted where the spec is nullable).
[[nodiscard]] ParamValues params_from_json(std::span<const ParamSpec> specs, const nlohmann::json& given);

}  // namespace lrbench::conformance
