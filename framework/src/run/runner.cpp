#include "run/runner.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstring>
#include <exception>
#include <stdexcept>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <system_error>
#include <sstream>
#include <thread>

#include "plugins/sequence_schedule.hpp"
#include "run/dataset_cache.hpp"
#include "run/function_trainer.hpp"
#include "run/trainer.hpp"
#include "util/files.hpp"
#include "util/json_input.hpp"
#include "util/text.hpp"

namespace lrbench::run {

std::shared_ptr<Schedule> make_schedule(const plugins::Registry& registry, const scenario::ScheduleSpec& spec,
                                        double base_lr) {
  if (spec.parts.size() == 1 && !spec.parts.front().ticks) {
    return registry.make_schedule(spec.parts.front().name, spec.parts.front().params, base_lr);
  }
  std::vector<plugins::SequencePart> parts;
  for (const scenario::SchedulePart& part : spec.parts) {
    parts.push_back({registry.make_schedule(part.name, part.params, base_lr), part.ticks});
  }
  return std::make_shared<plugins::SequenceSchedule>(std::move(parts));
}

RunRecord base_record(const scenario::Scenario& scenario, const scenario::Run& run) {
  const scenario::Variant& variant = scenario.variants.at(run.variant);
  RunRecord record;
  record.id = run.id;
  record.scenario = scenario.name;
  record.label = variant.label;
  record.variant = run.variant;
  record.seed = run.seed;
  record.config = variant.config.resolved;
  return record;
}

RunRecord execute(const scenario::Scenario& scenario, const scenario::Run& run, const data::Dataset* data,
                  const plugins::Registry& registry) {
  const scenario::Variant& variant = scenario.variants.at(run.variant);
  RunRecord record = base_record(scenario, run);
  const auto start = std::chrono::steady_clock::now();
  try {
    std::shared_ptr<Optimizer> optimizer;
    std::shared_ptr<Schedule> schedule;
    try {
      optimizer = registry.make_optimizer(variant.config.optimizer.name, variant.config.optimizer.params);
      schedule = make_schedule(registry, variant.config.schedule, variant.config.optimizer.lr);
    } catch (const std::exception& e) {
      // With --isolate the loader does not construct plugins: a constructor's
      // objection to its parameters surfaces here, once per run.
      throw std::runtime_error(std::string("the optimizer or schedule could not be constructed: ") + e.what());
    }
    if (data::is_function(variant.config.data.source)) {
      train_function(variant.config, run.seed, *optimizer, *schedule, record);
    } else if (data != nullptr) {
      train(variant.config, *data, run.seed, *optimizer, *schedule, record);
    } else {
      throw std::logic_error("no dataset for the run");
    }
  } catch (const std::exception& e) {
    record.status = RunStatus::failed;
    record.error = util::valid_utf8(e.what());  // a plugin's bytes, bound for JSON
  } catch (...) {
    record.status = RunStatus::failed;
    record.error = "a plugin threw something that is not a std::exception";
  }
  record.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return record;
}


namespace {

using Clock = std::chrono::steady_clock;

// One run in a child process, seen from the parent.
struct Child {
  pid_t pid = -1;
  int fd = -1;              // the read end of the child's result pipe
  std::size_t run = 0;      // index into `runs`
  std::string output;       // what the child has written so far
  Clock::time_point start;
  std::optional<Clock::time_point> deadline;
};

// The child: train, send the record as one JSON line, leave without running
// the parent's atexit handlers or flushing its stdio buffers (_exit).
[[noreturn]] void child_main(int fd, pid_t parent, const scenario::Scenario& scenario, const scenario::Run& run,
                             const data::Dataset* data, const plugins::Registry& registry) {
  // Die with the parent: a `kill -9` of lrbench must not leave runs behind.
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (::getppid() != parent) ::_exit(120);
  int code = 0;
  try {
    const RunRecord record = execute(scenario, run, data, registry);
    std::string line = to_json(record).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    line.push_back('\n');
    code = util::write_all(fd, line) ? 0 : 121;
  } catch (...) {
    code = 122;
  }
  ::_exit(code);
}

std::string describe_signal(int signal) {
  const char* name = ::strsignal(signal);
  return "run crashed with signal " + std::to_string(signal) + " (" + (name != nullptr ? name : "unknown signal") +
         ")";
}

std::string seconds_text(double seconds) {
  std::ostringstream out;
  out << seconds;  // 5 → "5", 0.5 → "0.5"
  return out.str();
}

// The record of a finished child: the one it sent, or a failed one saying
// why there is none.
RunRecord child_record(const scenario::Scenario& scenario, const scenario::Run& run, const Child& child,
                       int wait_status, bool timed_out, double timeout_seconds) {
  const double wall = std::chrono::duration<double>(Clock::now() - child.start).count();
  RunRecord failed = base_record(scenario, run);
  failed.status = RunStatus::failed;
  failed.wall_seconds = wall;
  if (timed_out) {
    failed.error = "run exceeded --timeout " + seconds_text(timeout_seconds) + " s and was killed";
    return failed;
  }
  if (WIFSIGNALED(wait_status)) {
    failed.error = describe_signal(WTERMSIG(wait_status));
    return failed;
  }
  const int code = WIFEXITED(wait_status) ? WEXITSTATUS(wait_status) : -1;
  if (code == 0) {
    // The child ran plugin code: its line is checked as any input would be.
    const bool too_deep = util::find_excess_depth(child.output, util::kMaxJsonDepth) != std::string::npos;
    const nlohmann::json j =
        too_deep ? nlohmann::json(nlohmann::json::value_t::discarded)
                 : nlohmann::json::parse(child.output, nullptr, /*allow_exceptions=*/false);
    if (!j.is_discarded()) {
      try {
        RunRecord record = record_from_json(j);
        if (record.id == run.id && record.seed == run.seed) return record;
      } catch (const std::exception&) {
        // reported below
      }
    }
    failed.error = "run process exited without a valid result";
    return failed;
  }
  failed.error = "run process exited with status " + std::to_string(code) + " without a result";
  return failed;
}

// A run whose dataset could not be built fails with the reason.
RunRecord data_failure(const scenario::Scenario& scenario, const scenario::Run& run, const std::exception& e) {
  RunRecord failed = base_record(scenario, run);
  failed.status = RunStatus::failed;
  failed.error = util::valid_utf8(std::string("data: ") + e.what());
  return failed;
}

// `abandon`: set when the sink failed; the running children are killed.
void run_isolated(const scenario::Scenario& scenario, const std::vector<scenario::Run>& runs, DatasetCache& datasets,
                  const plugins::Registry& registry, const RunnerOptions& options,
                  const std::function<void(RunRecord)>& finish, const std::atomic<bool>& abandon) {
  const auto jobs = static_cast<std::size_t>(std::max(1, options.jobs));
  const pid_t parent = ::getpid();
  std::vector<Child> running;
  std::size_t next = 0;
  const auto stopping = [&] { return (options.stop != nullptr && options.stop->load()) || abandon.load(); };

  const auto reap = [&](std::size_t k, bool timed_out) {
    Child child = std::move(running[k]);
    running.erase(running.begin() + static_cast<std::ptrdiff_t>(k));
    if (timed_out) ::kill(child.pid, SIGKILL);
    if (child.fd >= 0) ::close(child.fd);
    int status = 0;
    while (::waitpid(child.pid, &status, 0) < 0 && errno == EINTR) {
    }
    datasets.release(child.run);
    finish(child_record(scenario, runs[child.run], child, status, timed_out, options.timeout_seconds));
  };

  while (true) {
    while (!stopping() && running.size() < jobs && next < runs.size()) {
      const std::size_t i = next++;
      const scenario::Run& run = runs[i];
      // Built here, before the fork: the child inherits it (copy-on-write).
      std::shared_ptr<const data::Dataset> data;
      try {
        data = datasets.acquire(i);
      } catch (const std::exception& e) {
        datasets.release(i);
        finish(data_failure(scenario, run, e));
        continue;
      }
      int fds[2];
      if (::pipe2(fds, O_CLOEXEC) != 0) {
        RunRecord failed = base_record(scenario, run);
        failed.status = RunStatus::failed;
        failed.error = std::string("cannot create a pipe for the run: ") + std::strerror(errno);
        datasets.release(i);
        finish(std::move(failed));
        continue;
      }
      const Clock::time_point start = Clock::now();
      const pid_t pid = ::fork();
      if (pid == 0) {
        ::close(fds[0]);
        child_main(fds[1], parent, scenario, run, data.get(), registry);
      }
      ::close(fds[1]);
      if (pid < 0) {
        ::close(fds[0]);
        RunRecord failed = base_record(scenario, run);
        failed.status = RunStatus::failed;
        failed.error = std::string("cannot start a process for the run: ") + std::strerror(errno);
        datasets.release(i);
        finish(std::move(failed));
        continue;
      }
      Child child;
      child.pid = pid;
      child.fd = fds[0];
      child.run = i;
      child.start = start;
      if (options.timeout_seconds > 0) {
        child.deadline = start + std::chrono::duration_cast<Clock::duration>(
                                     std::chrono::duration<double>(options.timeout_seconds));
      }
      running.push_back(std::move(child));
    }
    if (running.empty()) break;
    // The sink failed: no record can be written any more, so the running
    // children are stopped (their pipes close and they are reaped below).
    if (abandon.load())
      for (const Child& c : running) ::kill(c.pid, SIGKILL);

    // Wait for output, an exit (the pipe closes) or the nearest deadline.
    int wait_ms = -1;
    const Clock::time_point now = Clock::now();
    for (const Child& c : running) {
      if (!c.deadline) continue;
      const auto left = std::chrono::ceil<std::chrono::milliseconds>(*c.deadline - now).count();
      const int ms = static_cast<int>(std::clamp<long long>(left, 0, 60'000));
      wait_ms = wait_ms < 0 ? ms : std::min(wait_ms, ms);
    }
    std::vector<pollfd> fds;
    fds.reserve(running.size());
    for (const Child& c : running) fds.push_back(pollfd{c.fd, POLLIN, 0});
    const int ready = ::poll(fds.data(), fds.size(), wait_ms);
    if (ready < 0 && errno != EINTR) throw std::system_error(errno, std::generic_category(), "poll");
    // A signal (Ctrl-C) interrupts poll: loop to look at `stop` again.

    // Back to front, so that reaping (erasing) keeps the other indices valid.
    for (std::size_t k = running.size(); k-- > 0;) {
      Child& c = running[k];
      bool eof = false;
      if (ready > 0 && (fds[k].revents & (POLLIN | POLLHUP | POLLERR)) != 0) {
        char buffer[65536];
        const ssize_t n = ::read(c.fd, buffer, sizeof buffer);
        if (n > 0) {
          c.output.append(buffer, static_cast<std::size_t>(n));
          // One record is far smaller; a child writing without end is
          // stopped rather than allowed to fill the parent's memory.
          if (c.output.size() > util::kMaxInputBytes) ::kill(c.pid, SIGKILL);
        } else if (n == 0 || (errno != EINTR && errno != EAGAIN)) {
          eof = true;
        }
      }
      if (eof) {
        reap(k, false);
      } else if (c.deadline && Clock::now() >= *c.deadline) {
        reap(k, true);
      }
    }
  }
}

}  // namespace

RunCounts run_all(const scenario::Scenario& scenario, const std::vector<scenario::Run>& runs,
                  const plugins::Registry& registry, const RunnerOptions& options, const RunSink& sink) {
  if (!(options.timeout_seconds >= 0 && options.timeout_seconds <= kMaxTimeoutSeconds)) {
    throw std::invalid_argument("run timeout must be from 0 to " + seconds_text(kMaxTimeoutSeconds) +
                                " seconds, not " + seconds_text(options.timeout_seconds));
  }
  // Variants that differ only in optimizer or schedule share their dataset.
  DatasetCache datasets(scenario, runs);

  RunCounts counts;
  std::mutex sink_mutex;
  std::exception_ptr sink_failure;  // the sink's first exception (under sink_mutex)
  std::atomic<bool> abandon{false};  // set with it
  const auto finish = [&](RunRecord record) {
    const std::lock_guard lock(sink_mutex);
    if (sink_failure) return;  // the sweep is stopping: nothing more can be recorded
    try {
      sink(record);
    } catch (...) {
      sink_failure = std::current_exception();
      abandon.store(true);
      return;
    }
    switch (record.status) {
      case RunStatus::ok: ++counts.ok; break;
      case RunStatus::diverged: ++counts.diverged; break;
      case RunStatus::failed: ++counts.failed; break;
    }
  };
  if (options.isolate) {
    run_isolated(scenario, runs, datasets, registry, options, finish, abandon);
  } else {
    std::atomic<std::size_t> next{0};
    auto worker = [&] {
      while (true) {
        if ((options.stop != nullptr && options.stop->load()) || abandon.load()) return;
        const std::size_t i = next.fetch_add(1);
        if (i >= runs.size()) return;
        std::shared_ptr<const data::Dataset> data;
        try {
          data = datasets.acquire(i);
        } catch (const std::exception& e) {
          datasets.release(i);
          finish(data_failure(scenario, runs[i], e));
          continue;
        }
        RunRecord record = execute(scenario, runs[i], data.get(), registry);
        data.reset();
        datasets.release(i);
        finish(std::move(record));
      }
    };
    const auto jobs = static_cast<std::size_t>(std::max(1, options.jobs));
    if (jobs == 1 || runs.size() <= 1) {
      worker();
    } else {
      std::vector<std::jthread> pool;
      for (std::size_t t = 0; t < std::min(jobs, runs.size()); ++t) pool.emplace_back(worker);
    }
  }
  if (sink_failure) std::rethrow_exception(sink_failure);
  counts.not_started = runs.size() - counts.ok - counts.diverged - counts.failed;
  return counts;
}

}  // namespace lrbench::run
