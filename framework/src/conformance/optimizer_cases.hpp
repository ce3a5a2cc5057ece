// Optimizer golden files as lists of cases, and one case run through its
// plugin: shared by the check (conformance.hpp) and by --mutate.
#pragma once

#include <vector>

#include <nlohmann/json.hpp>

#include "conformance/optimizer_case.hpp"
#include "plugins/catalog.hpp"

namespace lrbench::conformance {

// The file's "format" (1 when absent); throws std::runtime_error for another.
[[nodiscard]] int file_format(const nlohmann::json& file);

// Every case of an optimizer golden file, parsed. Throws std::runtime_error
// for a malformed file.
[[nodiscard]] std::vector<OptimizerCase> parse_optimizer_cases(const nlohmann::json& file);

// Makes the case's plugin — with `values` when given, else with the case's
// own `params` — and replays the case at its tolerance (the case's own, else
// `file_tolerance`). A missing plugin, parameters it refuses or an exception
// during the replay fail the case.
[[nodiscard]] CaseResult run_optimizer_case(const OptimizerCase& c, const ParamValues* values,
                                            const Tolerance& file_tolerance, const plugins::PluginCatalog& catalog);

}  // namespace lrbench::conformance
