// An estimate of what one run costs, known before it runs: what the shard
// split balances and what `lrbench plan` shows.
//
// The unit is multiply-adds of the dense layers, the bulk of a run's work:
//   cost = epochs × parameters × (3 × n_train + n_train + n_validation + n_test)
// (a function task: epochs × steps_per_epoch × dimensions)
// where `parameters` is the model's weight and bias count (the input width is
// the data's feature count), 3 × n_train is one forward and one backward pass
// (about twice the forward) over the training rows per epoch, and
// n_train + n_test is the per-epoch evaluation of both sets. Optimizer
// updates, data generation and a second gradient (SAM) are not counted: only
// the ratio between runs matters to the split, and it is dominated by the
// model and data sizes and the epochs.
#pragma once

#include <vector>

#include "scenario/scenario.hpp"

namespace lrbench::shard {

// The run's estimated cost in multiply-adds (>= 1).
[[nodiscard]] double estimated_cost(const scenario::RunConfig& config);

// estimated_cost of every variant, in order.
[[nodiscard]] std::vector<double> variant_costs(const scenario::Scenario& scenario);

// The training rows a config's split gives (the rest are test rows).
[[nodiscard]] long long train_rows(const scenario::RunConfig& config);

}  // namespace lrbench::shard
