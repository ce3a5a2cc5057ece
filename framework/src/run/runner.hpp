// Runs a scenario's plan on a pool of threads.
//
// Each run is single-threaded and depends only on its config and seed, so
// the results are bit-identical for any number of jobs; only the order in
// which runs finish (and are reported to the sink) varies.
#pragma once

#include <atomic>
#include <cstddef>
#include <functional>
#include <vector>

#include "plugins/registry.hpp"
#include "data/dataset.hpp"
#include "run/record.hpp"
#include "scenario/scenario.hpp"

namespace lrbench::run {

struct RunnerOptions {
  int jobs = 1;
  // Set (e.g. by a SIGINT handler) to stop starting new runs; running ones finish.
  const std::atomic<bool>* stop = nullptr;
  // Every run in its own child process, forked after the plugins are loaded
  // and the datasets built; at most `jobs` children at a time. The child
  // trains and sends its RunRecord back as one JSON line over a pipe. A child
  // that dies (a signal, an exit without a result) or exceeds the timeout
  // fails that run alone ("run crashed with signal 11 (Segmentation fault)",
  // "run exceeded --timeout 5 s"); the other runs go on. Results are
  // bit-identical to in-process runs.
  bool isolate = false;
  // With `isolate`: a run still going after this many seconds is killed
  // (SIGKILL) and recorded as failed. 0 = no limit; at most
  // kMaxTimeoutSeconds (run_all throws std::invalid_argument otherwise).
  double timeout_seconds = 0.0;
};

// A week: far beyond any run, far below what a steady_clock duration holds
// (1e300 s would overflow the conversion and kill every run at once).
inline constexpr double kMaxTimeoutSeconds = 7.0 * 24 * 3600;

struct RunCounts {
  std::size_t ok = 0;
  std::size_t diverged = 0;
  std::size_t failed = 0;
  std::size_t not_started = 0;  // left when stopped
};

// Called once per finished run, from worker threads, one call at a time. If
// it throws (runs.jsonl cannot be written), no new run starts, the running
// ones are abandoned (killed, with `isolate`), the sink is not called again,
// and run_all rethrows the exception once every thread and child is gone:
// nothing escapes a worker thread.
using RunSink = std::function<void(const RunRecord&)>;

// Builds a schedule (one plugin, or a sequence of them) for a base lr.
[[nodiscard]] std::shared_ptr<Schedule> make_schedule(const plugins::Registry& registry,
                                                      const scenario::ScheduleSpec& spec, double base_lr);

// A run's record before it trains: who it is (id, scenario, label, variant,
// seed, config), no results yet. What a run that cannot train is recorded
// from (with status failed and the reason).
[[nodiscard]] RunRecord base_record(const scenario::Scenario& scenario, const scenario::Run& run);

// Executes one run: creates fresh optimizer and schedule instances, trains,
// and turns any exception from a plugin into a `failed` record with its
// message (made valid UTF-8: it goes into JSON). `data` is the run's dataset
// (null for a function task, which has none).
[[nodiscard]] RunRecord execute(const scenario::Scenario& scenario, const scenario::Run& run,
                                const data::Dataset* data, const plugins::Registry& registry);

// Executes `runs` on `options.jobs` threads (or, with `options.isolate`, in
// up to `options.jobs` child processes). Datasets are built when a run first
// needs them and freed after their last run (run/dataset_cache.hpp); a run
// whose dataset cannot be built fails with the reason. Counts only runs the
// sink took.
RunCounts run_all(const scenario::Scenario& scenario, const std::vector<scenario::Run>& runs,
                  const plugins::Registry& registry, const RunnerOptions& options, const RunSink& sink);

}  // namespace lrbench::run
