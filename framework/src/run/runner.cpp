#include "run/runner.hpp"

#include <chrono>
#include <exception>
#include <map>
#include <mutex>
#include <string>
#include <thread>

#include "plugins/sequence_schedule.hpp"
#include "run/trainer.hpp"

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

RunRecord execute(const scenario::Scenario& scenario, const scenario::Run& run, const data::TrainTest& data,
                  const plugins::Registry& registry) {
  const scenario::Variant& variant = scenario.variants.at(run.variant);
  RunRecord record;
  record.id = run.id;
  record.scenario = scenario.name;
  record.label = variant.label;
  record.variant = run.variant;
  record.seed = run.seed;
  record.config = variant.config.resolved;
  const auto start = std::chrono::steady_clock::now();
  try {
    auto optimizer = registry.make_optimizer(variant.config.optimizer.name, variant.config.optimizer.params);
    auto schedule = make_schedule(registry, variant.config.schedule, variant.config.optimizer.lr);
    train(variant.config, data, run.seed, *optimizer, *schedule, record);
  } catch (const std::exception& e) {
    record.status = RunStatus::failed;
    record.error = e.what();
  } catch (...) {
    record.status = RunStatus::failed;
    record.error = "a plugin threw something that is not a std::exception";
  }
  record.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return record;
}

RunCounts run_all(const scenario::Scenario& scenario, const std::vector<scenario::Run>& runs,
                  const plugins::Registry& registry, const RunnerOptions& options, const RunSink& sink) {
  // Variants that differ only in optimizer or schedule share their dataset.
  std::map<std::string, data::TrainTest> datasets;
  std::vector<const data::TrainTest*> data_of(scenario.variants.size());
  for (std::size_t v = 0; v < scenario.variants.size(); ++v) {
    const scenario::RunConfig& config = scenario.variants[v].config;
    const std::string key = config.resolved.at("data").dump();
    auto it = datasets.find(key);
    if (it == datasets.end()) {
      const data::Blobs blobs = data::make_blobs(config.data);
      it = datasets.emplace(key, data::split(blobs, config.data.centers, config.split)).first;
    }
    data_of[v] = &it->second;
  }

  RunCounts counts;
  std::mutex sink_mutex;
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    while (true) {
      if (options.stop != nullptr && options.stop->load()) return;
      const std::size_t i = next.fetch_add(1);
      if (i >= runs.size()) return;
      RunRecord record = execute(scenario, runs[i], *data_of[runs[i].variant], registry);
      const std::lock_guard lock(sink_mutex);
      switch (record.status) {
        case RunStatus::ok: ++counts.ok; break;
        case RunStatus::diverged: ++counts.diverged; break;
        case RunStatus::failed: ++counts.failed; break;
      }
      sink(record);
    }
  };
  const auto jobs = static_cast<std::size_t>(std::max(1, options.jobs));
  if (jobs == 1 || runs.size() <= 1) {
    worker();
  } else {
    std::vector<std::jthread> pool;
    for (std::size_t t = 0; t < std::min(jobs, runs.size()); ++t) pool.emplace_back(worker);
  }
  counts.not_started = runs.size() - counts.ok - counts.diverged - counts.failed;
  return counts;
}

}  // namespace lrbench::run
