// Optimizer golden cases: a trajectory per case, replayed through the plugin.
//
// Step t (1-based) feeds grads[t-1] at lr[t-1] with step number t and must
// give expected[t-1] (tests/data/golden/README.md). The plugin works on
// float32 buffers, as in training; every coordinate after every step is
// compared, as a double, with the float64 reference.
#include <cmath>
#include <cstdint>
#include <exception>
#include <limits>
#include <memory>
#include <span>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "conformance/conformance.hpp"
#include "conformance/json_params.hpp"

namespace lrbench::conformance {
namespace {

struct OptimizerCase {
  std::string name;
  std::string optimizer;
  nlohmann::json params;
  std::vector<double> x0;
  std::vector<double> lr;
  std::vector<std::vector<double>> grads;
  std::vector<std::vector<double>> expected;
};

[[noreturn]] void bad(const std::string& where, const std::string& what) {
  throw std::runtime_error(where + ": " + what);
}

std::vector<double> numbers(const nlohmann::json& v, const std::string& where) {
  if (!v.is_array()) bad(where, "expected a list of numbers");
  std::vector<double> out;
  out.reserve(v.size());
  for (const auto& x : v) {
    if (!x.is_number()) bad(where, "expected a number, found " + x.dump());
    out.push_back(x.get<double>());
  }
  return out;
}

// Rows of exactly `width` numbers.
std::vector<std::vector<double>> rows(const nlohmann::json& v, std::size_t width, const std::string& where) {
  if (!v.is_array()) bad(where, "expected a list of rows");
  std::vector<std::vector<double>> out;
  for (std::size_t i = 0; i < v.size(); ++i) {
    const std::string at = where + "[" + std::to_string(i) + "]";
    out.push_back(numbers(v[i], at));
    if (out.back().size() != width) {
      bad(at, "has " + std::to_string(out.back().size()) + " values, x0 has " + std::to_string(width));
    }
  }
  return out;
}

OptimizerCase parse_case(const nlohmann::json& c, std::size_t index) {
  std::string where = "cases[" + std::to_string(index) + "]";
  if (!c.is_object()) bad(where, "expected an object");
  OptimizerCase out;
  out.name = c.contains("name") && c["name"].is_string() ? c["name"].get<std::string>() : "case " + std::to_string(index);
  where += " ('" + out.name + "')";
  for (const char* key : {"optimizer", "x0", "lr", "grads", "expected"}) {
    if (!c.contains(key)) bad(where, std::string("missing '") + key + "'");
  }
  if (!c["optimizer"].is_string()) bad(where + ".optimizer", "expected a plugin name");
  out.optimizer = c["optimizer"].get<std::string>();
  out.params = c.contains("params") ? c["params"] : nlohmann::json::object();
  out.x0 = numbers(c["x0"], where + ".x0");
  out.lr = numbers(c["lr"], where + ".lr");
  out.grads = rows(c["grads"], out.x0.size(), where + ".grads");
  out.expected = rows(c["expected"], out.x0.size(), where + ".expected");
  if (out.grads.size() != out.lr.size() || out.expected.size() != out.lr.size()) {
    bad(where, "lr, grads and expected have " + std::to_string(out.lr.size()) + ", " +
                   std::to_string(out.grads.size()) + " and " + std::to_string(out.expected.size()) +
                   " steps; they must agree");
  }
  return out;
}

std::string describe(const char* what, std::size_t step, std::size_t coord, double got, double want) {
  std::ostringstream s;
  s.precision(17);
  s << what << " at step " << step << ", coordinate " << coord << ": got " << got << ", expected " << want
    << " (|error| " << std::abs(got - want) << ")";
  return s.str();
}

CaseResult run_case(const OptimizerCase& c, const Tolerance& tolerance, const plugins::PluginCatalog& catalog) {
  CaseResult result;
  result.name = c.name;
  result.subject = c.optimizer;
  const PluginInfo* info = catalog.find(PluginKind::optimizer, c.optimizer);
  if (info == nullptr || info->make_optimizer == nullptr) {
    result.detail = "no optimizer plugin named '" + c.optimizer + "' is loaded";
    return result;
  }
  try {
    const ParamValues values = params_from_json(info->params, c.params);
    std::unique_ptr<Optimizer> optimizer = info->make_optimizer(values);
    const std::size_t n = c.x0.size();
    std::vector<float> weights(c.x0.begin(), c.x0.end());
    std::vector<float> grads(n);
    optimizer->reset(n);

    bool passed = true;
    double worst = -1.0;
    std::string worst_detail;
    std::string first_failure;
    std::size_t failures = 0;
    for (std::size_t t = 1; t <= c.lr.size(); ++t) {
      for (std::size_t i = 0; i < n; ++i) grads[i] = static_cast<float>(c.grads[t - 1][i]);
      optimizer->step(std::span<float>(weights), std::span<const float>(grads), c.lr[t - 1],
                      static_cast<std::int64_t>(t));
      for (std::size_t i = 0; i < n; ++i) {
        const double got = weights[i];
        const double want = c.expected[t - 1][i];
        double error = std::abs(got - want);
        if (std::isnan(error)) error = std::numeric_limits<double>::infinity();
        if (error > worst) {
          worst = error;
          worst_detail = describe("worst", t, i, got, want);
        }
        if (!tolerance.accepts(got, want)) {
          if (failures++ == 0) first_failure = describe("first value out of tolerance", t, i, got, want);
          passed = false;
        }
      }
    }
    result.passed = passed;
    result.max_abs_error = worst < 0.0 ? 0.0 : worst;
    result.detail = passed ? worst_detail
                           : std::to_string(failures) + " values out of tolerance; " + first_failure + "; " +
                                 worst_detail;
  } catch (const std::exception& e) {
    result.passed = false;
    result.detail = std::string("plugin '") + c.optimizer + "' failed: " + e.what();
  }
  return result;
}

}  // namespace

std::vector<CaseResult> check_optimizer_cases(const nlohmann::json& file, const Tolerance& tolerance,
                                              const plugins::PluginCatalog& catalog) {
  if (!file.is_object() || !file.contains("cases") || !file["cases"].is_array()) {
    throw std::runtime_error("optimizer golden file: expected an object with a 'cases' list");
  }
  // Parse every case first: a malformed file is reported before anything runs.
  std::vector<OptimizerCase> cases;
  for (std::size_t i = 0; i < file["cases"].size(); ++i) cases.push_back(parse_case(file["cases"][i], i));
  std::vector<CaseResult> results;
  results.reserve(cases.size());
  for (const OptimizerCase& c : cases) results.push_back(run_case(c, tolerance, catalog));
  return results;
}

}  // namespace lrbench::conformance
