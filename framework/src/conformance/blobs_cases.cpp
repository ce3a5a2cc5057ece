// make_blobs golden cases: the generator's whole output, compared value by
// value. The sklearn generator is the real algorithm (numpy's legacy
// RandomState), so any make_blobs parameters pass, not only the file's.
#include <cmath>
#include <stdexcept>
#include <string>

#include <fmt/format.h>

#include "conformance/conformance.hpp"
#include "data/generators.hpp"

namespace lrbench::conformance {
namespace {

[[noreturn]] void bad(const std::string& where, const std::string& what) {
  throw std::runtime_error(where + ": " + what);
}

int integer_field(const nlohmann::json& params, const char* key, const std::string& where) {
  if (!params.contains(key) || !params[key].is_number_integer()) bad(where + ".params." + key, "expected an integer");
  return params[key].get<int>();
}

data::BlobsSpec parse_spec(const nlohmann::json& c, const std::string& where) {
  if (!c.contains("params") || !c["params"].is_object()) bad(where, "missing 'params'");
  const nlohmann::json& p = c["params"];
  data::BlobsSpec spec;
  spec.generator = data::BlobsGenerator::sklearn;
  spec.n_samples = integer_field(p, "n_samples", where);
  spec.centers = integer_field(p, "centers", where);
  spec.n_features = integer_field(p, "n_features", where);
  if (!p.contains("cluster_std") || !p["cluster_std"].is_number()) bad(where + ".params.cluster_std", "expected a number");
  spec.cluster_std = p["cluster_std"].get<double>();
  const int random_state = integer_field(p, "random_state", where);
  if (random_state < 0) bad(where + ".params.random_state", "expected an integer >= 0");
  spec.random_state = static_cast<std::uint32_t>(random_state);
  if (c.contains("center_box")) {
    const auto& box = c["center_box"];
    if (!box.is_array() || box.size() != 2 || !box[0].is_number() || !box[1].is_number()) {
      bad(where + ".center_box", "expected two numbers");
    }
    spec.center_box_low = box[0].get<double>();
    spec.center_box_high = box[1].get<double>();
  }
  if (c.contains("shuffle")) {
    if (!c["shuffle"].is_boolean()) bad(where + ".shuffle", "expected true or false");
    spec.shuffle = c["shuffle"].get<bool>();
  }
  return spec;
}

CaseResult check_case(const nlohmann::json& c, std::size_t index, const Tolerance& tolerance) {
  const std::string where = "cases[" + std::to_string(index) + "]";
  if (!c.is_object()) bad(where, "expected an object");
  const data::BlobsSpec spec = parse_spec(c, where);
  CaseResult result;
  result.subject = "make_blobs";
  result.name = c.contains("name") && c["name"].is_string()
                    ? c["name"].get<std::string>()
                    : fmt::format("n_samples={} centers={} n_features={} cluster_std={} random_state={}",
                                  spec.n_samples, spec.centers, spec.n_features, spec.cluster_std, spec.random_state);
  if (!c.contains("X") || !c["X"].is_array() || !c.contains("y") || !c["y"].is_array()) {
    bad(where, "expected arrays 'X' and 'y'");
  }
  const nlohmann::json& want_x = c["X"];
  const nlohmann::json& want_y = c["y"];
  data::Points got;
  try {
    got = data::make_blobs(spec);
  } catch (const std::exception& e) {
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
