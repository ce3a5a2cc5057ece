// Numbers into JSON. JSON has no NaN or infinity: a non-finite value is
// written as null (runs.jsonl, summary.json, comparison.json read it back as
// NaN).
#pragma once

#include <cmath>
#include <vector>

#include <nlohmann/json.hpp>

namespace lrbench::util {

[[nodiscard]] inline nlohmann::json number_or_null(double v) {
  return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr);
}

[[nodiscard]] inline nlohmann::json numbers_or_nulls(const std::vector<double>& values) {
  nlohmann::json out = nlohmann::json::array();
  for (double v : values) out.push_back(number_or_null(v));
  return out;
}

}  // namespace lrbench::util
