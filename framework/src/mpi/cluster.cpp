// The MPI side of lrbench run --mpi (cluster.hpp): the MPI C API, point to point.
#include "mpi/cluster.hpp"

#include <mpi.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "mpi/dispatch.hpp"
#include "shard/cost.hpp"
#include "util/json_input.hpp"

namespace lrbench::mpi {
namespace {

enum Tag : int { kGo = 1, kReady, kResult, kFailed, kWork, kStop };

constexpr int kCoordinator = 0;

void check(int code, const char* what) {
  if (code == MPI_SUCCESS) return;
  char text[MPI_MAX_ERROR_STRING];
  int length = 0;
  MPI_Error_string(code, text, &length);
  throw std::runtime_error(fmt::format("MPI: {} failed: {}", what, std::string_view(text, static_cast<std::size_t>(length))));
}

// Waits for a message from `source` (or any) with `tag` (or any) by probing
// and sleeping: a blocking MPI_Recv busy-polls in OpenMPI, taking a core from
// the runs of this machine.
MPI_Status wait_for(int source, int tag) {
  auto pause = std::chrono::microseconds(50);
  while (true) {
    int arrived = 0;
    MPI_Status status;
    check(MPI_Iprobe(source, tag, MPI_COMM_WORLD, &arrived, &status), "MPI_Iprobe");
    if (arrived != 0) return status;
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, std::chrono::microseconds(2000));
  }
}

std::string receive_bytes(const MPI_Status& status) {
  int count = 0;
  check(MPI_Get_count(&status, MPI_CHAR, &count), "MPI_Get_count");
  std::string bytes(static_cast<std::size_t>(count), '\0');
  check(MPI_Recv(bytes.data(), count, MPI_CHAR, status.MPI_SOURCE, status.MPI_TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE),
        "MPI_Recv");
  return bytes;
}

std::vector<std::int64_t> receive_ints(const MPI_Status& status) {
  int count = 0;
  check(MPI_Get_count(&status, MPI_INT64_T, &count), "MPI_Get_count");
  std::vector<std::int64_t> values(static_cast<std::size_t>(count));
  check(MPI_Recv(values.data(), count, MPI_INT64_T, status.MPI_SOURCE, status.MPI_TAG, MPI_COMM_WORLD,
                 MPI_STATUS_IGNORE),
        "MPI_Recv");
  return values;
}

void send_bytes(int dest, int tag, std::string_view bytes) {
  if (bytes.size() > static_cast<std::size_t>(INT32_MAX)) throw std::runtime_error("MPI: a message over 2 GiB");
  check(MPI_Send(bytes.data(), static_cast<int>(bytes.size()), MPI_CHAR, dest, tag, MPI_COMM_WORLD), "MPI_Send");
}

void send_ints(int dest, int tag, const std::vector<std::int64_t>& values) {
  check(MPI_Send(values.data(), static_cast<int>(values.size()), MPI_INT64_T, dest, tag, MPI_COMM_WORLD), "MPI_Send");
}

enum class Worker : std::uint8_t { loading, idle, busy, gone };

}  // namespace

struct Cluster::State {
  int rank = 0;
  int size = 1;
  bool released = false;
  // Rank 0: each worker's state and in-flight chunk (plan indices), index = rank.
  std::vector<Worker> workers;
  std::vector<std::vector<std::size_t>> chunks;

  [[nodiscard]] std::size_t live() const {
    return static_cast<std::size_t>(std::count_if(workers.begin() + 1, workers.end(),
                                                  [](Worker w) { return w != Worker::gone; }));
  }
};

bool available() noexcept { return true; }

Cluster::Cluster() : state_(std::make_unique<State>()) {
  int provided = 0;
  check(MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided), "MPI_Init_thread");
  MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
  MPI_Comm_rank(MPI_COMM_WORLD, &state_->rank);
  MPI_Comm_size(MPI_COMM_WORLD, &state_->size);
  state_->workers.assign(static_cast<std::size_t>(state_->size), Worker::loading);
  state_->chunks.resize(static_cast<std::size_t>(state_->size));
}

Cluster::~Cluster() {
  State& s = *state_;
  try {
    if (s.rank == kCoordinator) {
      if (!s.released) {
        for (int w = 1; w < s.size; ++w) send_ints(w, kGo, {2});
      } else {
        // Workers still loading or running (rank 0 stopped early: an error,
        // Ctrl-C) send one more message: take it, so no send is left hanging.
        for (int w = 1; w < s.size; ++w) {
          Worker& state = s.workers[static_cast<std::size_t>(w)];
          if (state == Worker::loading || state == Worker::busy) {
            const MPI_Status status = wait_for(w, MPI_ANY_TAG);
            static_cast<void>(receive_bytes(status));
            if (status.MPI_TAG == kFailed) state = Worker::gone;
          }
          if (state != Worker::gone) send_bytes(w, kStop, {});
        }
      }
    }
  } catch (const std::exception& e) {
    std::cerr << "lrbench: warning: rank " << s.rank << ": " << e.what() << '\n';
  }
  MPI_Finalize();
}

int Cluster::rank() const noexcept { return state_->rank; }
int Cluster::size() const noexcept { return state_->size; }

void Cluster::release() {
  for (int w = 1; w < state_->size; ++w) send_ints(w, kGo, {0});
  state_->released = true;
}

int Cluster::wait_for_release() {
  const std::vector<std::int64_t> go = receive_ints(wait_for(kCoordinator, kGo));
  return go.empty() ? 2 : static_cast<int>(go.front());
}

void Cluster::report_failure(const std::string& reason) { send_bytes(kCoordinator, kFailed, reason); }

run::RunCounts Cluster::run(std::size_t scenario_index, const scenario::Scenario& scenario,
                            const std::vector<scenario::Run>& runs, const plugins::Registry& registry,
                            const run::RunnerOptions& options, const run::RunSink& sink, bool quiet) {
  State& s = *state_;
  run::RunCounts counts;
  const auto take = [&](const run::RunRecord& record) {
    sink(record);
    switch (record.status) {
      case run::RunStatus::ok: ++counts.ok; break;
      case run::RunStatus::diverged: ++counts.diverged; break;
      case run::RunStatus::failed: ++counts.failed; break;
    }
  };
  const auto run_here = [&](const std::vector<scenario::Run>& here) {
    const run::RunCounts c = run::run_all(scenario, here, registry, options, sink);
    counts.ok += c.ok;
    counts.diverged += c.diverged;
    counts.failed += c.failed;
  };
  if (s.live() == 0) {  // one rank, or every worker gone: rank 0 runs them
    run_here(runs);
    counts.not_started = runs.size() - counts.ok - counts.diverged - counts.failed;
    return counts;
  }

  const std::vector<scenario::Run> plan = scenario::plan(scenario);
  std::unordered_map<std::string, std::size_t> index_of;
  for (std::size_t k = 0; k < plan.size(); ++k) index_of.emplace(plan[k].id, k);
  const std::vector<double> variant_cost = shard::variant_costs(scenario);
  std::vector<std::size_t> todo;
  std::vector<double> cost;
  for (const scenario::Run& r : runs) {
    todo.push_back(index_of.at(r.id));
    cost.push_back(variant_cost.at(r.variant));
  }
  Dispatch queue(todo, cost, s.live(), static_cast<std::size_t>(std::max(1, options.jobs)));
  const auto stopping = [&] { return options.stop != nullptr && options.stop->load(); };
  // Who lost a run first: named when it is lost again.
  std::unordered_map<std::size_t, std::string> first_loss;

  // Runs of worker `w` that came back without a record: back in the queue
  // once, else recorded as failed. `retire`: the worker failed and gets no
  // more work.
  const auto lose = [&](int w, const std::vector<std::size_t>& lost, const std::string& reason, bool retire) {
    if (retire) {
      s.workers[static_cast<std::size_t>(w)] = Worker::gone;
      s.chunks[static_cast<std::size_t>(w)].clear();
      queue.set_workers(s.live());
    }
    const std::string who = fmt::format("rank {} ({})", w, reason);
    const std::vector<std::size_t> for_good = queue.requeue(lost);
    if (!quiet) {
      std::cerr << fmt::format("lrbench: warning: {}: worker {} failed; {} in-flight run{} {}\n", scenario.name, who,
                               lost.size(), lost.size() == 1 ? "" : "s",
                               for_good.empty() ? "put back to run again"
                                                : fmt::format("({} of them lost for the second time, recorded as "
                                                              "failed)",
                                                              for_good.size()));
    }
    for (const std::size_t k : lost) first_loss.try_emplace(k, who);
    for (const std::size_t k : for_good) {
      run::RunRecord failed = run::base_record(scenario, plan[k]);
      failed.status = run::RunStatus::failed;
      failed.error = fmt::format("lost: both ranks that ran it failed, {} and then {}", first_loss.at(k), who);
      take(failed);
    }
  };

  const auto hand_out = [&] {
    // The first chunks go out once every worker has loaded (or failed to):
    // they all start within milliseconds, and the largest runs then go to
    // ranks 1, 2, ... in order, the same in every job.
    const bool loading = std::any_of(s.workers.begin() + 1, s.workers.end(), [](Worker w) { return w == Worker::loading; });
    for (int w = 1; w < s.size && !loading && !queue.empty() && !stopping(); ++w) {
      if (s.workers[static_cast<std::size_t>(w)] != Worker::idle) continue;
      std::vector<std::size_t> chunk = queue.next_chunk();
      std::vector<std::int64_t> message{static_cast<std::int64_t>(scenario_index)};
      for (const std::size_t k : chunk) message.push_back(static_cast<std::int64_t>(k));
      send_ints(w, kWork, message);
      s.workers[static_cast<std::size_t>(w)] = Worker::busy;
      s.chunks[static_cast<std::size_t>(w)] = std::move(chunk);
    }
  };

  while (true) {
    hand_out();
    const bool busy = std::any_of(s.workers.begin() + 1, s.workers.end(), [](Worker w) { return w == Worker::busy; });
    if (!busy && (queue.empty() || stopping())) break;
    if (!busy && s.live() == 0) {  // every worker failed: rank 0 runs the rest
      std::vector<scenario::Run> rest;
      for (const std::size_t k : queue.take_all()) rest.push_back(plan[k]);
      run_here(rest);
      break;
    }
    const MPI_Status status = wait_for(MPI_ANY_SOURCE, MPI_ANY_TAG);
    const int w = status.MPI_SOURCE;
    const std::string message = receive_bytes(status);
    if (status.MPI_TAG == kReady) {
      s.workers[static_cast<std::size_t>(w)] = Worker::idle;
    } else if (status.MPI_TAG == kFailed) {
      const std::vector<std::size_t> lost = std::move(s.chunks[static_cast<std::size_t>(w)]);
      lose(w, lost, message, /*retire=*/true);
    } else if (status.MPI_TAG == kResult) {
      // The worker's next chunk goes out before this one's records are
      // written, so that it does not wait for rank 0's writing.
      std::vector<std::size_t> chunk = std::move(s.chunks[static_cast<std::size_t>(w)]);
      s.chunks[static_cast<std::size_t>(w)].clear();
      s.workers[static_cast<std::size_t>(w)] = Worker::idle;
      hand_out();
      // One JSON line per run of the chunk, as the worker's runner made it.
      std::unordered_map<std::string, std::size_t> in_chunk;
      for (const std::size_t k : chunk) in_chunk.emplace(plan[k].id, k);
      std::size_t start = 0;
      while (start < message.size()) {
        std::size_t end = message.find('\n', start);
        if (end == std::string::npos) end = message.size();
        const std::string_view line(message.data() + start, end - start);
        start = end + 1;
        const nlohmann::json j = util::find_excess_depth(line, util::kMaxJsonDepth) != std::string::npos
                                     ? nlohmann::json(nlohmann::json::value_t::discarded)
                                     : nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
        try {
          run::RunRecord record = run::record_from_json(j);
          const auto it = in_chunk.find(record.id);
          if (it == in_chunk.end()) continue;  // not one of its runs: ignored
          in_chunk.erase(it);
          take(record);
        } catch (const std::exception&) {
          // a line that is not a record: its run counts as lost below
        }
      }
      std::erase_if(chunk, [&](std::size_t k) { return in_chunk.count(plan[k].id) == 0; });
      if (!chunk.empty()) lose(w, chunk, fmt::format("sent no valid record of {} of its runs", chunk.size()), false);
    }
  }
  counts.not_started = runs.size() - counts.ok - counts.diverged - counts.failed;
  return counts;
}

void Cluster::serve(const std::vector<scenario::Scenario>& scenarios, const plugins::Registry& registry,
                    const run::RunnerOptions& options) {
  const char* fail_rank = std::getenv(kFailRankVariable);
  const bool fail_after_first = fail_rank != nullptr && std::string(fail_rank) == std::to_string(state_->rank);
  send_bytes(kCoordinator, kReady, {});
  std::size_t planned_for = scenarios.size();
  std::vector<scenario::Run> plan;
  while (true) {
    const MPI_Status status = wait_for(kCoordinator, MPI_ANY_TAG);
    if (status.MPI_TAG != kWork) {
      static_cast<void>(receive_bytes(status));
      return;  // kStop
    }
    const std::vector<std::int64_t> work = receive_ints(status);
    std::string lines;
    try {
      const auto index = static_cast<std::size_t>(work.at(0));
      const scenario::Scenario& s = scenarios.at(index);
      if (planned_for != index) {
        plan = scenario::plan(s);
        planned_for = index;
      }
      std::vector<scenario::Run> chunk;
      for (std::size_t k = 1; k < work.size(); ++k) chunk.push_back(plan.at(static_cast<std::size_t>(work[k])));
      static_cast<void>(run::run_all(s, chunk, registry, options, [&](const run::RunRecord& record) {
        lines += run::to_json(record).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        lines.push_back('\n');
      }));
    } catch (const std::exception& e) {
      report_failure(e.what());
      return;
    }
    if (fail_after_first) {
      report_failure(fmt::format("{} is set to this rank", kFailRankVariable));
      return;
    }
    send_bytes(kCoordinator, kResult, lines);
  }
}

}  // namespace lrbench::mpi
