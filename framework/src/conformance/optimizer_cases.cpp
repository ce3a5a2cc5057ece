// Optimizer golden files: every case parsed first (a malformed file is
// reported before anything runs), then each replayed through its plugin,
// made with the case's parameters by the one parameter resolver.
#include <exception>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "conformance/conformance.hpp"
#include "conformance/isolate.hpp"
#include "conformance/json_params.hpp"
#include "conformance/optimizer_cases.hpp"
#include "plugins/construct.hpp"

namespace lrbench::conformance {

int file_format(const nlohmann::json& file) {
  if (!file.contains("format")) return 1;
  if (file["format"] == 1) return 1;
  if (file["format"] == 2) return 2;
  throw std::runtime_error("expected \"format\": 1 or 2, found " + file["format"].dump());
}

std::vector<OptimizerCase> parse_optimizer_cases(const nlohmann::json& file) {
  if (!file.is_object() || !file.contains("cases") || !file["cases"].is_array()) {
    throw std::runtime_error("optimizer golden file: expected an object with a 'cases' list");
  }
  const int format = file_format(file);
  std::vector<OptimizerCase> cases;
  for (std::size_t i = 0; i < file["cases"].size(); ++i) cases.push_back(parse_optimizer_case(file["cases"][i], i, format));
  return cases;
}

CaseResult run_optimizer_case(const OptimizerCase& c, const ParamValues* values, const Tolerance& file_tolerance,
                              const plugins::PluginCatalog& catalog) {
  CaseResult failed;
  failed.name = c.name;
  failed.subject = c.optimizer;
  const PluginInfo* info = catalog.find(PluginKind::optimizer, c.optimizer);
  if (info == nullptr) {
    failed.detail = plugins::not_found(catalog, PluginKind::optimizer, c.optimizer);
    return failed;
  }
  std::shared_ptr<Optimizer> optimizer;
  try {
    const ParamValues resolved = values != nullptr ? *values : params_from_json(*info, c.params, catalog);
    optimizer = plugins::make_optimizer(catalog, c.optimizer, resolved);
  } catch (const std::exception& e) {
    failed.detail = "plugin '" + c.optimizer + "' cannot be made with these parameters: " + e.what();
    return failed;
  }
  return replay(c, *optimizer, c.tolerance.value_or(file_tolerance));
}

std::vector<CaseResult> check_optimizer_cases(const nlohmann::json& file, const Tolerance& tolerance,
                                              const plugins::PluginCatalog& catalog, const CheckOptions& options) {
  const std::vector<OptimizerCase> cases = parse_optimizer_cases(file);
  std::vector<CaseResult> results;
  results.reserve(cases.size());
  for (const OptimizerCase& c : cases) {
    CaseResult identity;
    identity.name = c.name;
    identity.subject = c.optimizer;
    results.push_back(
        run_case(options, identity, [&] { return run_optimizer_case(c, nullptr, tolerance, catalog); }));
  }
  return results;
}

}  // namespace lrbench::conformance
