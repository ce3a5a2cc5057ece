// Loading a comparison scenario: YAML with a `compare:` section → a validated
// Comparison whose tune stage is a plan of whole configurations.
//
// The document is an ordinary scenario (data, model, training, optional
// optimizer/schedule defaults, `extends`, `seeds` = the tuning seeds,
// `target`) without `sweep` or `variants`, plus:
//
//   compare:
//     tasks: [../tasks/moons.yaml]   # optional: scenario files giving data/model/training, or
//                                    #   inline {name, data?, model?, training?} merged over this
//                                    #   document; default: this document is the one task
//     contenders:
//       - {name: sgd+momentum, optimizer: sgd, search: {lr: {log_grid: [1e-3, 1, 7]}, momentum: [0.9]}}
//       - {optimizer: adam, search: {lr: {log_grid: [1e-4, 1e-1, 7]}}}
//     budget: grid                   # or {random: 20, seed: 0}
//     select_on: validation_accuracy # the tuning score (last epoch, mean over the tuning seeds)
//     final_seeds: 10                # or a list; never a tuning seed
//     epsilon: 0.01                  # LR sensitivity: within ε of the best tuning score
//     alpha: 0.05                    # Holm, over all pairs of one task
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "comparison/comparison.hpp"
#include "plugins/catalog.hpp"
#include "scenario/diagnostics.hpp"

namespace lrbench::comparison {

// Whether the YAML text's top level has a `compare` key (a cheap look for the
// CLI, which then loads it with load_comparison; malformed text is "no", and
// the scenario loader reports it).
[[nodiscard]] bool declares_comparison(const std::filesystem::path& file);

// Throws scenario::ScenarioError listing every problem. `dry_construct`:
// construct every trial's plugins once while reading (as
// scenario::LoadOptions::dry_construct; off with `run --isolate`).
[[nodiscard]] Comparison load_comparison(const std::filesystem::path& file, const plugins::PluginCatalog& catalog,
                                         std::size_t max_runs = 10000, bool dry_construct = true);
[[nodiscard]] Comparison load_comparison_text(std::string_view yaml, const std::string& file,
                                              const plugins::PluginCatalog& catalog, std::size_t max_runs = 10000,
                                              bool dry_construct = true);

}  // namespace lrbench::comparison
