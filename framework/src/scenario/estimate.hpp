// What a plan will cost, estimated from the validated scenario before
// anything trains, and the caps that refuse a plan which would exhaust the
// machine (issue 10, item 12): a model over 10^8 parameters, datasets over
// 4 GiB in memory at once, or an output over 1 GiB. Each cap has a flag that
// raises it (docs/robustness.md lists them).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "scenario/scenario.hpp"

namespace lrbench::scenario {

struct PlanEstimate {
  // The largest model of any variant: weights and biases, Σ (inputs + 1) × units.
  std::uint64_t largest_model_parameters = 0;
  std::string largest_model_variant;  // its label
  // Distinct datasets (one per data setting), and the memory of the
  // `concurrent` largest of them: the cache builds a dataset on first use and
  // frees it after its last run, so at most one per run in flight is held.
  std::size_t datasets = 0;
  std::size_t concurrent = 0;
  std::uint64_t dataset_bytes = 0;
  // runs.jsonl: per run, its configuration and every recorded number.
  std::uint64_t output_bytes = 0;
};

// `runs`: the plan's size (variants × seeds); `jobs`: runs in flight at once.
[[nodiscard]] PlanEstimate estimate(const Scenario& scenario, std::size_t runs, std::size_t jobs);

// Parameters of a dense network on `features` inputs, saturating at
// UINT64_MAX (a model that large is refused anyway).
[[nodiscard]] std::uint64_t model_parameters(std::int64_t features, const model::ModelSpec& model);

struct Caps {
  std::uint64_t max_parameters = 100'000'000;        // --max-parameters
  std::uint64_t max_data_bytes = 4ULL << 30;         // --max-data-memory (4 GiB)
  std::uint64_t max_output_bytes = 1ULL << 30;       // --max-output (1 GiB)
};

// One message per cap the estimate exceeds, each with the estimate, the cap
// and the flag that raises it; empty when the plan fits.
[[nodiscard]] std::vector<std::string> exceeded_caps(const Scenario& scenario, const PlanEstimate& estimate,
                                                     const Caps& caps);

}  // namespace lrbench::scenario
