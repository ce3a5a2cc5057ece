// One run of a function task (data kind `function`): an optimizer and a
// schedule on a test function, no samples and no model.
#pragma once

#include <cstdint>

#include "lrbench/optimizer.hpp"
#include "lrbench/schedule.hpp"
#include "run/record.hpp"
#include "scenario/scenario.hpp"

namespace lrbench::run {

// x starts at the function's start point for `seed` (data/functions.hpp)
// and is the parameter buffer the optimizer updates (float32, as for a
// model). Each epoch makes training.steps_per_epoch updates: the schedule's
// lr at tick = updates so far (tick: step) or epochs so far (tick: epoch),
// the gradient at x (with the noisy quadratic's noise, from the stream of
// (random_state, seed, shuffle)), the update numbered from 1. After each
// epoch the run records
//   train_loss  f(x) − f*   (the optimality gap; also what a schedule observes)
//   distance    ‖x − x*‖
//   lr          the lr of the epoch's first update
// and leaves the accuracy and test series empty. A non-finite f stops the
// run as diverged. Exceptions from the plugins are not caught here.
void train_function(const scenario::RunConfig& config, std::uint64_t seed, Optimizer& optimizer, Schedule& schedule,
                    RunRecord& record);

}  // namespace lrbench::run
