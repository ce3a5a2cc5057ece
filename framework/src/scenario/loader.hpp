// Loading a scenario file: YAML → a validated Scenario, with every problem
// reported as file:line:col before any run starts.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "plugins/catalog.hpp"
#include "scenario/diagnostics.hpp"
#include "scenario/scenario.hpp"

namespace lrbench::scenario {

struct LoadOptions {
  // Refuse plans with more runs than this (variants × seeds): a sweep of five
  // keys with ten values each is 100,000 runs, almost always a mistake.
  std::size_t max_runs = 10000;
  // Replaces the scenario's `seeds` (the CLI's --seeds).
  std::optional<std::vector<std::uint64_t>> seeds_override;
  // Construct every optimizer and schedule once while validating, so that a
  // plugin's cross-parameter checks (an exception from its constructor)
  // surface with a position. Off with `run --isolate`: plugin code then runs
  // only in the runs' child processes, and a constructor that throws or
  // crashes fails the variant's runs instead of lrbench.
  bool dry_construct = true;
};

// Reads, parses and validates `file` against the loaded plugins. Throws
// ScenarioError listing every problem; never crashes on malformed input.
[[nodiscard]] Scenario load_scenario(const std::filesystem::path& file, const plugins::PluginCatalog& catalog,
                                     const LoadOptions& options = {});

// The same from text; `file_name_for_messages` is used in diagnostics and its
// stem is the default scenario name.
[[nodiscard]] Scenario load_scenario_text(std::string_view yaml, std::string file_name_for_messages,
                                          const plugins::PluginCatalog& catalog, const LoadOptions& options = {});

}  // namespace lrbench::scenario
