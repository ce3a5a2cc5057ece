// One training run: a dataset, the MLP, an optimizer and a schedule.
#pragma once

#include <cstdint>

#include "data/dataset.hpp"
#include "lrbench/optimizer.hpp"
#include "lrbench/schedule.hpp"
#include "run/record.hpp"
#include "scenario/scenario.hpp"

namespace lrbench::run {

// Minibatch training as Keras's fit() does it: every epoch reshuffles the
// training rows (when training.shuffle), takes consecutive batches of
// batch_size (the last may be smaller), and makes one update per batch; after
// the epoch, loss and accuracy are measured on the full train and test sets,
// and on the validation set when the data has one.
//
// The schedule is asked for the lr of every update, at tick = updates so far
// (tick: step) or epochs so far (tick: epoch); the optimizer gets the update
// number from 1. Random streams (initialisation, batch order) derive from
// the run's seed and their purpose alone (util::Rng(0, seed, purpose)), so a
// run depends on nothing else, and not on the data's random_state.
//
// A non-finite train, test or validation loss stops the run as `diverged`, recording the
// 1-based epoch; the epochs before it are kept. Exceptions from the plugins
// are not caught here (see Runner).
void train(const scenario::RunConfig& config, const data::Dataset& data, std::uint64_t seed,
           Optimizer& optimizer, Schedule& schedule, RunRecord& record);

}  // namespace lrbench::run
