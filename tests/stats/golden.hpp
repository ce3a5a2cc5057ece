// The golden statistics file, tests/data/golden/stats.json (written by
// tools/golden/stats/generate.py from numpy and scipy), and tolerances.
#pragma once

#include <cmath>
#include <fstream>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace lrbench::stats::testing {

inline const nlohmann::json& golden() {
  static const nlohmann::json doc = [] {
    const std::string path = std::string(LRBENCH_TEST_DATA_DIR) + "/golden/stats.json";
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot open " + path);
    return nlohmann::json::parse(in);
  }();
  return doc;
}

// A number, with the file's "nan", "inf" and "-inf" strings.
inline double number(const nlohmann::json& v) {
  if (v.is_number()) return v.get<double>();
  const std::string s = v.get<std::string>();
  if (s == "nan") return std::numeric_limits<double>::quiet_NaN();
  if (s == "inf") return std::numeric_limits<double>::infinity();
  if (s == "-inf") return -std::numeric_limits<double>::infinity();
  throw std::runtime_error("not a number: " + s);
}

inline std::vector<double> numbers(const nlohmann::json& v) {
  std::vector<double> out;
  for (const auto& x : v) out.push_back(number(x));
  return out;
}

// |actual − expected| ≤ rel·max(1, |expected|), NaN matching NaN and equal
// infinities matching.
inline ::testing::AssertionResult close(double actual, double expected, double rel) {
  if (std::isnan(expected) && std::isnan(actual)) return ::testing::AssertionSuccess();
  if (std::isinf(expected) && actual == expected) return ::testing::AssertionSuccess();
  if (std::abs(actual - expected) <= rel * std::max(1.0, std::abs(expected))) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "actual " << actual << " expected " << expected << " (rel " << rel << ")";
}

}  // namespace lrbench::stats::testing
