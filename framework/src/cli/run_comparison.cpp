#include "cli/run_comparison.hpp"

#include <algorithm>
#include <chrono>
#include <optional>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <set>

#include <fmt/format.h>

#include "cli/common.hpp"
#include "comparison/analyse.hpp"
#include "comparison/figures.hpp"
#include "comparison/lr_find.hpp"
#include "comparison/markdown.hpp"
#include "comparison/stages.hpp"
#include "run/jsonl.hpp"
#include "util/files.hpp"
#include "util/output_names.hpp"

namespace lrbench::cli {

namespace fs = std::filesystem;

namespace {

using Records = std::map<std::string, run::RunRecord>;

// Runs the plan's runs that `records` lacks, appending each to runs.jsonl and
// to `records`. Returns whether every planned run is now recorded.
bool run_stage(const char* stage, const scenario::Scenario& s, const std::vector<scenario::Run>& plan,
               const plugins::Registry& registry, const ComparisonRunOptions& options, run::RunsFile& file,
               Records& records, run::RunCounts& total) {
  std::vector<scenario::Run> todo;
  for (const scenario::Run& r : plan) {
    if (records.count(r.id) == 0) todo.push_back(r);
  }
  if (!options.quiet) {
    std::cerr << fmt::format("{}: {} stage: {} runs ({} already recorded)\n", s.name, stage, plan.size(),
                             plan.size() - todo.size());
  }
  std::mutex mutex;
  const run::RunnerOptions runner{options.jobs, options.stop, options.isolate, options.timeout};
  const run::RunCounts counts = run::run_all(s, todo, registry, runner, [&](const run::RunRecord& r) {
    file.append(r);
    const std::lock_guard lock(mutex);
    records.emplace(r.id, r);
  });
  total.ok += counts.ok;
  total.diverged += counts.diverged;
  total.failed += counts.failed;
  total.not_started += counts.not_started;
  return counts.not_started == 0;
}

// Each contender's LR range test (comparison/lr_find.hpp) at its selected
// configuration, into result's "lr_find" fields; the
// README shows it beside the selected lr.
void attach_lr_find(nlohmann::json& result, const comparison::Comparison& c, const plugins::Registry& registry) {
  // Five seeds of its own: the test is a diagnostic beside the selection,
  // not part of it, and a median of five is steadier than of two.
  comparison::LrFindOptions options;
  options.seeds = {0, 1, 2, 3, 4};
  for (std::size_t t = 0; t < c.tasks.size(); ++t) {
    nlohmann::json& contenders = result["tasks"][t]["contenders"];
    std::optional<data::Dataset> data;  // built once per task
    for (std::size_t k = 0; k < c.contenders.size(); ++k) {
      const nlohmann::json& selected = contenders[k]["selected"];
      if (selected.is_null()) continue;
      const auto trial = std::find_if(c.trials.begin(), c.trials.end(), [&](const comparison::Trial& x) {
        return x.task == t && x.contender == k && x.label == selected["label"].get<std::string>();
      });
      const scenario::RunConfig& config = c.tune.variants[static_cast<std::size_t>(trial - c.trials.begin())].config;
      if (!data && !data::is_function(config.data.source)) data = data::load(config.data);
      const comparison::LrFindResult r = comparison::lr_find(config, data ? &*data : nullptr, registry, options);
      nlohmann::json j = {{"seeds", options.seeds.size()}, {"lr_min", options.lr_min}, {"lr_max", options.lr_max},
                          {"steps", options.steps}};
      j["suggestion"] = r.median ? nlohmann::json(*r.median) : nlohmann::json(nullptr);
      j["lowest"] = r.lowest ? nlohmann::json(*r.lowest) : nlohmann::json(nullptr);
      j["highest"] = r.highest ? nlohmann::json(*r.highest) : nlohmann::json(nullptr);
      contenders[k]["lr_find"] = j;
    }
  }
}

}  // namespace

run::RunCounts run_comparison(const comparison::Comparison& c, const plugins::Registry& registry,
                              const ComparisonRunOptions& options) {
  const fs::path dir = options.out / c.name;
  fs::create_directories(dir);
  const fs::path runs_path = dir / util::kRunsFile;
  Records records;
  if (options.resume && fs::exists(runs_path)) {
    std::vector<std::string> warnings;
    for (run::RunRecord& r : run::read_runs(runs_path, warnings)) records.emplace(r.id, std::move(r));
    for (const auto& w : warnings) print_warning(w);
  } else {
    fs::remove(runs_path);
  }
  for (const char* derived : {"comparison.json", "README.md", "lr_sensitivity.svg", "convergence.svg", "budget.svg", "profile.svg"}) {
    fs::remove(dir / derived);
  }

  run::RunsFile file(runs_path);
  run::RunCounts total;
  const auto start = std::chrono::steady_clock::now();
  bool complete = run_stage("tune", c.tune, comparison::tune_plan(c), registry, options, file, records, total);
  // The confirm stage depends on every tune result: it starts only when the
  // tune stage is complete (comparison/stages.hpp).
  if (complete) {
    const comparison::ConfirmStage confirm =
        comparison::confirm_stage(c, comparison::select(c, comparison::tuning_scores(c, records)));
    complete = run_stage("confirm", confirm.scenario, confirm.runs, registry, options, file, records, total);
  }
  nlohmann::json result = comparison::analyse(c, records, !complete);
  attach_lr_find(result, c, registry);
  util::write_file_atomically(dir / "comparison.json", result.dump(2) + "\n");
  const std::vector<std::string> figures = comparison::write_figures(result, c, records, dir);
  util::write_file_atomically(dir / "README.md", comparison::render_readme(result, figures));
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!options.quiet) {
    std::cout << fmt::format("{}: comparison, {} runs ({} ok, {} diverged, {} failed{}) in {:.2f} s -> {}\n", c.name,
                             total.ok + total.diverged + total.failed, total.ok, total.diverged, total.failed,
                             total.not_started > 0 ? fmt::format(", {} not started", total.not_started) : "",
                             seconds, (dir / "README.md").string());
  }
  return total;
}

}  // namespace lrbench::cli
