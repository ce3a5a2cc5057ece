// Data-generator golden cases (make_blobs, make_circles, ...): the
// generator's whole output, compared value by value. A case's `generator`
// picks the function (absent: blobs); data/references.cpp regenerates it.
// The generators are the real algorithms (numpy's legacy RandomState), so
// any parameters pass, not only the file's.
#include <cmath>
#include <stdexcept>
#include <string>

#include <fmt/format.h>

#include "conformance/conformance.hpp"
#include "data/references.hpp"

namespace lrbench::conformance {
namespace {

[[noreturn]] void bad(const std::string& where, const std::string& what) {
  throw std::runtime_error(where + ": " + what);
}

CaseResult check_case(const nlohmann::json& c, std::size_t index, const Tolerance& tolerance) {
  const std::string where = "cases[" + std::to_string(index) + "]";
  if (!c.is_object()) bad(where, "expected an object");
  CaseResult result;
  if (!c.contains("X") || !c["X"].is_array() || !c.contains("y") || !c["y"].is_array()) {
    bad(where, "expected arrays 'X' and 'y'");
  }
  const nlohmann::json& want_x = c["X"];
  const nlohmann::json& want_y = c["y"];
  data::Points got;
  try {
    data::ReferenceRun run = data::run_reference_case(c, where);
    result.subject = run.subject;
    result.name = run.name;
    got = std::move(run.points);
  } catch (const std::invalid_argument& e) {  // parameters the generator refuses
    result.subject = "data generator";
    result.name = c.value("name", where);
    result.detail = e.what();
    return result;
  }
  if (want_x.size() != static_cast<std::size_t>(got.n_samples) || want_y.size() != want_x.size()) {
    result.detail = fmt::format("expected {} rows, generated {}", want_x.size(), got.n_samples);
    return result;
  }
  result.passed = true;
  for (int i = 0; i < got.n_samples; ++i) {
    const nlohmann::json& row = want_x[static_cast<std::size_t>(i)];
    if (!row.is_array() || row.size() != static_cast<std::size_t>(got.n_features)) {
      bad(where + ".X[" + std::to_string(i) + "]", "expected " + std::to_string(got.n_features) + " numbers");
    }
    for (int f = 0; f < got.n_features; ++f) {
      const double want = row[static_cast<std::size_t>(f)].get<double>();
      const double value = got.X[static_cast<std::size_t>(i * got.n_features + f)];
      const double error = std::abs(value - want);
      if (!(error <= result.max_abs_error)) {
        result.max_abs_error = std::isnan(error) ? INFINITY : error;
        result.detail = fmt::format("worst at X[{}][{}]: got {}, want {}", i, f, value, want);
      }
      if (!tolerance.accepts(value, want)) result.passed = false;
    }
    if (want_y[static_cast<std::size_t>(i)].get<int>() != got.y[static_cast<std::size_t>(i)]) {
      if (result.passed) {
        result.detail = fmt::format("y[{}]: got {}, want {}", i, got.y[static_cast<std::size_t>(i)],
                                    want_y[static_cast<std::size_t>(i)].get<int>());
      }
      result.passed = false;
    }
  }
  return result;
}

}  // namespace

std::vector<CaseResult> check_blobs_cases(const nlohmann::json& file, const Tolerance& tolerance) {
  std::vector<CaseResult> results;
  const nlohmann::json& cases = file.at("cases");
  for (std::size_t i = 0; i < cases.size(); ++i) results.push_back(check_case(cases[i], i, tolerance));
  return results;
}

}  // namespace lrbench::conformance
