// The scenarios a command works on, as `run` and `plan` select them: the
// files, --filter, --seeds and --max-runs, registered and loaded in one place
// so that `lrbench plan` lists exactly the runs `lrbench run` would run.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "plugins/registry.hpp"
#include "report/summary.hpp"
#include "scenario/scenario.hpp"

namespace lrbench::cli {

struct ScenarioSelection {
  std::vector<std::string> files;
  std::string filter;  // a regular expression over variant labels; empty = all
  std::string seeds;   // "0,1,2" (cli/values.hpp checks it); empty = the scenarios' own
  std::size_t max_runs = 10000;
};

// Registers the scenario files (positional, required), --filter, --seeds and
// --max-runs on `app`.
void add_selection_options(CLI::App& app, ScenarioSelection& selection);

// Loads and validates every scenario, applies --filter, and checks that no two
// share a name. Prints every problem (diagnostics with file:line:col) and
// returns nullopt when there is any: exit status 2. `dry_construct`: construct
// each variant's plugins once (scenario::LoadOptions).
[[nodiscard]] std::optional<std::vector<scenario::Scenario>> load_selection(const ScenarioSelection& selection,
                                                                            const plugins::Registry& registry,
                                                                            bool dry_construct);

// What scenario.json says about `s` and its `plan` (scenario::plan's),
// without the context (machine, date): the plan `run`, `run --shard` and
// `plan` hash and write.
[[nodiscard]] report::ScenarioMeta plan_meta(const scenario::Scenario& s, const std::vector<scenario::Run>& plan);

}  // namespace lrbench::cli
