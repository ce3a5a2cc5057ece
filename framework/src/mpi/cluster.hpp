// lrbench run --mpi: the ranks of an MPI job (mpirun -n P lrbench run ... --mpi)
// as one executor. Rank 0 is the coordinator: it validates, locks the output
// folders, writes runs.jsonl and the reports exactly as a local run, and
// hands the runs out; the other ranks (workers) run what they are given on
// --jobs threads and send each record back. With one rank, rank 0 runs
// everything itself.
//
// Protocol (MPI_COMM_WORLD, point to point, rank 0 and each worker):
//   rank 0 -> worker  kGo      int: 0 = go on, else the exit status to leave with
//   worker -> rank 0  kReady   nothing: loaded, waiting for work
//                     kResult  the chunk's records, one JSON line each (runs.jsonl's)
//                     kFailed  why this worker gives up; its chunk is in flight
//   rank 0 -> worker  kWork    int64 [scenario index, plan index...]
//                     kStop    nothing: finished, leave
// Waiting is done by probing and sleeping (50 µs growing to 2 ms), not in a
// blocking receive: OpenMPI spins in one, taking a core from the runs.
//
// What a failing worker costs (docs/scale-out.md, "MPI"):
// - a worker that reports a failure (it cannot load the scenarios, its
//   runner threw) loses only its in-flight chunk: rank 0 puts those runs
//   back once (mpi/dispatch.hpp) and a run lost twice is recorded as failed
//   ("lost: ..."). With no worker left, rank 0 runs the rest itself;
// - a crash or hang inside a plugin is contained by --isolate as locally:
//   that run fails, the worker goes on;
// - a worker process that dies (kill -9, a segfault without --isolate):
//   OpenMPI ends the whole job; every record rank 0 received is in
//   runs.jsonl, and `--resume` runs the rest.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "plugins/registry.hpp"
#include "run/runner.hpp"
#include "scenario/scenario.hpp"

namespace lrbench::mpi {

// Whether this lrbench was built with MPI (CMake option LRBENCH_MPI).
[[nodiscard]] bool available() noexcept;

// The error --mpi gives when it was not.
inline constexpr const char* kNotBuilt =
    "this lrbench was built without MPI (LRBENCH_MPI=OFF); install libopenmpi-dev and reconfigure";

// The test hook (tests/mpi): the worker of this rank fails after running its
// first chunk, reporting the failure instead of the records.
inline constexpr const char* kFailRankVariable = "LRBENCH_MPI_TEST_FAIL_RANK";

class Cluster {
 public:
  // MPI_Init (threads: funneled, only this thread talks MPI). Throws
  // std::runtime_error when built without MPI.
  Cluster();
  // Rank 0: sends kGo with status 2 when release() was never called (the
  // workers leave quietly), else kStop to the workers still there. Then
  // MPI_Finalize.
  ~Cluster();
  Cluster(const Cluster&) = delete;
  Cluster& operator=(const Cluster&) = delete;

  [[nodiscard]] int rank() const noexcept;
  [[nodiscard]] int size() const noexcept;

  // Rank 0: the input is valid and the folders are locked; the workers load
  // the scenarios and wait for work.
  void release();

  // Rank 0: runs `runs` (a subset of scenario::plan(scenario), which every
  // rank computes alike) of scenario number `scenario_index` on the workers,
  // calling `sink` on this thread for every record, in arrival order.
  // `options.jobs` is each worker's thread count. Prints (unless `quiet`)
  // which worker failed and which runs were lost.
  run::RunCounts run(std::size_t scenario_index, const scenario::Scenario& scenario,
                     const std::vector<scenario::Run>& runs, const plugins::Registry& registry,
                     const run::RunnerOptions& options, const run::RunSink& sink, bool quiet);

  // A worker: waits for rank 0's verdict. Returns 0 to go on, else the exit
  // status rank 0 stopped with.
  [[nodiscard]] int wait_for_release();
  // A worker that could not load what rank 0 loaded: tells rank 0, which
  // gives it no work.
  void report_failure(const std::string& reason);
  // A worker: runs the chunks it is sent until kStop.
  void serve(const std::vector<scenario::Scenario>& scenarios, const plugins::Registry& registry,
             const run::RunnerOptions& options);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace lrbench::mpi
