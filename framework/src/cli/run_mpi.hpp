// lrbench run --mpi on a worker rank (rank > 0): the part of `run` that is
// not rank 0's (run_command.cpp does rank 0's, mpi/cluster.hpp the talking).
#pragma once

#include "cli/common.hpp"
#include "cli/scenario_set.hpp"
#include "mpi/cluster.hpp"
#include "run/runner.hpp"

namespace lrbench::cli {

// Waits for rank 0 to validate the input and lock the folders, then loads
// the same scenarios (quietly: rank 0 reports every problem, once) and runs
// the chunks rank 0 sends until it says stop. Returns the exit status: 0, or
// rank 0's when it stopped before any run (bad input: 2).
int serve_as_worker(mpi::Cluster& cluster, const ScenarioSelection& selection, const run::RunnerOptions& options,
                    const GlobalOptions& global);

}  // namespace lrbench::cli
