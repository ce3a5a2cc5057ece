// Resolved parameters as JSON, one spelling everywhere they are written: the
// scenario's resolved configuration (runs.jsonl, run ids) and golden files.
#pragma once

#include <nlohmann/json.hpp>

#include "lrbench/params.hpp"

namespace lrbench::plugins {

// {"momentum": 0.9, "milestones": [30, 80], "beta3": null, "growth_rate": "inf",
//  "inner": {"name": "sgd", "params": {...}}}: null for unset, "inf"/"-inf"
// for infinite numbers (JSON has none), nested optimizers as name + params.
[[nodiscard]] nlohmann::json to_json(const ParamValues& values);

}  // namespace lrbench::plugins
