// `lrbench run SCENARIO.yaml...`: validate every scenario, then run them and
// write runs.jsonl, summary.json and the report of each.
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <limits>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include <fmt/format.h>

#include "cli/claimed_folders.hpp"
#include "cli/commands.hpp"
#include "cli/scenario_set.hpp"
#include "cli/run_comparison.hpp"
#include "cli/run_mpi.hpp"
#include "comparison/load.hpp"
#include "cli/values.hpp"
#include "plugins/declaration.hpp"
#include "provenance/context.hpp"
#include "report/report.hpp"
#include "report/summary.hpp"
#include "run/jsonl.hpp"
#include "run/runner.hpp"
#include "report/output_folder.hpp"
#include "scenario/estimate.hpp"
#include "scenario/loader.hpp"
#include "shard/cost.hpp"
#include "shard/merge.hpp"
#include "shard/split.hpp"
#include "util/files.hpp"
#include "util/number_text.hpp"
#include "util/output_names.hpp"
#include "util/text.hpp"

namespace lrbench::cli {
namespace {

namespace fs = std::filesystem;

struct RunOptions {
  ScenarioSelection selection;  // the files, --filter, --seeds, --max-runs
  fs::path out = "reports";
  int jobs = static_cast<int>(std::clamp(std::thread::hardware_concurrency(), 1U, 1024U));
  std::string shard;  // "I/N" (shard/split.hpp); empty = every run
  bool resume = false;
  bool wait = false;
  bool isolate = false;
  bool mpi = false;  // the ranks of an MPI job run the plan (mpi/cluster.hpp)
  double timeout = 0.0;  // seconds; 0 = no limit (needs isolate)
  // Caps on what a plan may cost (scenario/estimate.hpp); sizes as byte_size reads them.
  std::uint64_t max_parameters = scenario::Caps{}.max_parameters;
  std::string max_data_memory = "4G";
  std::string max_output = "1G";
};

// Bounds of the numbers the options take (docs/robustness.md lists them).
constexpr std::uint64_t kMaxJobs = 1024;
constexpr double kMaxTimeoutSeconds = 7 * 24 * 3600;  // a week

// Ctrl-C: the first stops starting new runs (running ones finish and are
// written); the handler then steps aside, so a second Ctrl-C ends the process.
std::atomic<bool> g_stop{false};
extern "C" void on_interrupt(int) {
  g_stop.store(true);
  std::signal(SIGINT, SIG_DFL);
  static constexpr char kMessage[] =
      "\nlrbench: interrupted: finishing the running runs; press Ctrl-C again to stop at once\n";
  [[maybe_unused]] const auto ignored = ::write(STDERR_FILENO, kMessage, sizeof kMessage - 1);
}

report::ScenarioMeta meta_of(const scenario::Scenario& s, const std::vector<scenario::Run>& plan,
                             const provenance::Context& context) {
  report::ScenarioMeta meta = plan_meta(s, plan);
  meta.context = context;
  return meta;
}

// The optimizers an `optimizer` parameter holds, at every depth.
void add_inner_optimizers(const ParamValues& values, std::set<std::pair<std::string, std::string>>& used) {
  for (const auto& [key, value] : values.entries()) {
    if (const auto* inner = std::get_if<InnerOptimizer>(&value)) {
      used.insert({"optimizer", inner->name});
      if (inner->params) add_inner_optimizers(*inner->params, used);
    }
  }
}

// Every plugin the scenarios use, with its build; warns about unoptimised ones.
std::vector<provenance::PluginVersion> plugin_versions(const plugins::Registry& registry,
                                                   const std::vector<scenario::Scenario>& scenarios,
                                                   const GlobalOptions& global) {
  std::set<std::pair<std::string, std::string>> used;  // (kind, name)
  for (const auto& s : scenarios) {
    for (const auto& v : s.variants) {
      used.insert({"optimizer", v.config.optimizer.name});
      add_inner_optimizers(v.config.optimizer.params, used);
      for (const auto& part : v.config.schedule.parts) used.insert({"schedule", part.name});
    }
  }
  std::vector<provenance::PluginVersion> out;
  for (const auto& [kind, name] : used) {
    const PluginInfo* info = registry.find(kind == "optimizer" ? PluginKind::optimizer : PluginKind::schedule, name);
    if (info == nullptr) continue;
    // A plugin's version and build strings go into scenario.json: valid UTF-8 only.
    out.push_back({name, kind, util::valid_utf8(info->meta.version), util::valid_utf8(plugins::describe_build(info->build))});
    warn_if_unoptimised(registry, *info, global);
  }
  return out;
}

class Progress {
 public:
  Progress(std::string scenario, std::size_t total)
      : scenario_(std::move(scenario)), total_(total), tty_(::isatty(STDERR_FILENO) == 1) {}
  void finished(const run::RunRecord& r) {
    ++done_;
    if (!tty_) return;
    std::cerr << fmt::format("\r\033[K{} [{}/{}] {} seed {}: {}", scenario_, done_, total_, r.label, r.seed,
                             run::to_string(r.status))
              << std::flush;
  }
  void close() const {
    if (tty_ && done_ > 0) std::cerr << "\r\033[K" << std::flush;
  }

 private:
  std::string scenario_;
  std::size_t total_;
  std::size_t done_ = 0;
  bool tty_;
};

// Prepares `runs_path` for a run of `plan`: with --resume, moves aside
// records of another plan to `stale_path` and leaves out the runs already
// recorded; otherwise removes the old file. Returns the runs still to do.
std::vector<scenario::Run> resume_or_restart(const scenario::Scenario& s, const std::vector<scenario::Run>& plan,
                                             const fs::path& runs_path, const fs::path& stale_path,
                                             const RunOptions& options, const GlobalOptions& global) {
  const fs::path dir = runs_path.parent_path();
  std::vector<scenario::Run> todo = plan;
  std::error_code ec;
  if (options.resume && fs::exists(runs_path, ec)) {
    std::set<std::string> ids;
    for (const scenario::Run& r : plan) ids.insert(r.id);
    const run::ResumeSplit split =
        run::set_aside_stale(runs_path, stale_path, ids, global.limits);
    for (const auto& w : split.warnings) print_warning(fmt::format("{}: {}", dir.string(), w));
    std::erase_if(todo, [&](const scenario::Run& r) { return split.recorded.count(r.id) > 0; });
    if (!global.quiet) {
      std::cerr << fmt::format("{}: resuming: {} of {} runs already recorded", s.name, split.recorded.size(),
                               plan.size());
      if (split.stale > 0) {
        std::cerr << fmt::format("; {} stale record{} (of runs not in this plan: the scenario or its seeds "
                                 "changed) moved to {}",
                                 split.stale, split.stale == 1 ? "" : "s", stale_path.string());
      }
      std::cerr << '\n';
    }
  } else {
    fs::remove(runs_path, ec);
    if (ec) throw util::IoError(util::os_failure("remove", runs_path, ec.value()));
  }
  return todo;
}

// Prepares `dir` for a run of `plan`: runs.jsonl (resume_or_restart), the
// old report removed, scenario.json written. Returns the runs still to do.
std::vector<scenario::Run> prepare_folder(const scenario::Scenario& s, const std::vector<scenario::Run>& plan,
                                          const fs::path& dir, const report::ScenarioMeta& meta,
                                          const RunOptions& options, const GlobalOptions& global) {
  std::vector<scenario::Run> todo =
      resume_or_restart(s, plan, dir / util::kRunsFile, dir / util::kStaleRunsFile, options, global);
  // The old report describes other runs: gone before the first append, so a
  // sweep killed from here on leaves no stale summary for compare or the
  // index to read.
  report::remove_derived_files(dir);
  report::write_scenario_meta(dir / util::kScenarioFile, meta);
  return todo;
}

// Prepares `dir` for shard `spec` of `plan`: its meta file written (the plan,
// its hash and costs, for merge), its runs file resumed or restarted. The
// folder's runs.jsonl, scenario.json and report are not touched: other
// shards may share the folder. Returns the shard's runs still to do.
std::vector<scenario::Run> prepare_shard_files(const scenario::Scenario& s, const std::vector<scenario::Run>& plan,
                                               const fs::path& dir, const report::ScenarioMeta& meta,
                                               const shard::ShardSpec& spec, const RunOptions& options,
                                               const GlobalOptions& global) {
  const shard::ShardMeta shard_meta = shard::make_shard_meta(meta, shard::variant_costs(s), spec);
  shard::write_shard_meta(dir / shard::meta_file_name(spec), shard_meta);
  return resume_or_restart(s, shard::runs_of_shard(plan, shard_meta), dir / shard::runs_file_name(spec),
                           dir / shard::stale_file_name(spec), options, global);
}

int run_scenarios(const RunOptions& options, const GlobalOptions& global) {
  // --mpi: rank 0 goes on as a local run that hands its runs to the other
  // ranks; they serve it (cli/run_mpi.hpp).
  std::optional<mpi::Cluster> cluster;
  if (options.mpi) {
    if (!mpi::available()) {
      print_error(mpi::kNotBuilt);
      return kBadInput;
    }
    cluster.emplace();
    if (cluster->rank() > 0) {
      return serve_as_worker(*cluster, options.selection,
                             run::RunnerOptions{options.jobs, nullptr, options.isolate, options.timeout}, global);
    }
  }
  // With --isolate, a library is tried in a child process before it is loaded
  // here, and plugins are constructed only in the runs' child processes.
  const auto registry = load_registry(global, /*probe_in_child=*/options.isolate);

  // Validate everything before running anything.
  auto loaded = load_selection(options.selection, *registry, /*dry_construct=*/!options.isolate);
  if (!loaded) return kBadInput;
  std::vector<scenario::Scenario>& scenarios = *loaded;
  std::optional<shard::ShardSpec> shard;
  if (!options.shard.empty()) {
    std::string problem;
    shard = shard::parse_shard(options.shard, problem);  // checked by the option's validator
    if (!shard) return kBadInput;
  }
  bool bad = false;
  std::vector<comparison::Comparison> comparisons;  // `compare:` scenarios (cli/run_comparison.hpp)
  for (const std::string& file : options.selection.files) {
    if (!comparison::declares_comparison(file)) continue;
    try {
      comparisons.push_back(comparison::load_comparison(file, *registry, options.selection.max_runs, !options.isolate));
    } catch (const scenario::ScenarioError& e) {
      for (const auto& d : e.diagnostics) std::cerr << scenario::format(d) << '\n';
      bad = true;
      continue;
    }
    const comparison::Comparison& c = comparisons.back();
    if (std::any_of(scenarios.begin(), scenarios.end(), [&](const scenario::Scenario& s) { return s.name == c.name; }) ||
        std::count_if(comparisons.begin(), comparisons.end(), [&](const auto& o) { return o.name == c.name; }) > 1) {
      print_error(fmt::format("{}: two scenarios are named '{}'; their outputs would overwrite each other", file, c.name));
      bad = true;
    }
    if (cluster) {
      print_error(fmt::format("{}: --mpi does not apply to a comparison; run it without --mpi", file));
      bad = true;
    }
    if (!options.selection.filter.empty() || !options.selection.seeds.empty() || shard) {
      print_error(fmt::format("{}: --filter, --seeds and --shard do not apply to a comparison (its seeds are `seeds` "
                              "and compare.final_seeds)",
                              file));
      bad = true;
    }
  }
  // What each plan will cost, refused before anything trains when it is over a cap.
  scenario::Caps caps;
  caps.max_parameters = options.max_parameters;
  caps.max_data_bytes = util::parse_bytes(options.max_data_memory).value_or(caps.max_data_bytes);
  caps.max_output_bytes = util::parse_bytes(options.max_output).value_or(caps.max_output_bytes);
  for (const scenario::Scenario& s : scenarios) {
    const std::size_t runs = s.variants.size() * std::max<std::size_t>(1, s.seeds.size());
    const scenario::PlanEstimate cost =
        scenario::estimate(s, runs, static_cast<std::size_t>(std::max(1, options.jobs)));
    for (const std::string& message : scenario::exceeded_caps(s, cost, caps)) {
      print_error(message);
      bad = true;
    }
  }
  for (const comparison::Comparison& c : comparisons) {
    // Both stages: every trial on the tuning seeds, every contender on the final seeds.
    const std::size_t runs = c.trials.size() * c.tuning_seeds.size() +
                             c.tasks.size() * c.contenders.size() * c.final_seeds.size();
    const scenario::PlanEstimate cost =
        scenario::estimate(c.tune, runs, static_cast<std::size_t>(std::max(1, options.jobs)));
    for (const std::string& message : scenario::exceeded_caps(c.tune, cost, caps)) {
      print_error(message);
      bad = true;
    }
  }
  if (cluster && shard) {
    print_error("--mpi and --shard do not go together: the ranks of one MPI job share the whole plan");
    bad = true;
  }
  if (bad) return kBadInput;
  if (options.timeout > 0 && !options.isolate) {
    print_error("--timeout needs --isolate: a run inside this process cannot be stopped safely");
    return kBadInput;
  }

  // The output folders: checked (nothing foreign, no symlink out of --out)
  // and locked against another lrbench before anything is written.
  std::vector<fs::path> dirs;
  for (const scenario::Scenario& s : scenarios) dirs.push_back(options.out / s.name);
  for (const comparison::Comparison& c : comparisons) dirs.push_back(options.out / c.name);
  // Shards of one sweep share the scenario folders: each locks its own files.
  const ClaimedFolders claimed(options.out, dirs, options.wait, global.quiet,
                               shard ? shard::lock_file_name(*shard) : std::string(util::kLockFile));
  if (cluster) cluster->release();  // the workers load the scenarios and wait for runs

  std::signal(SIGINT, on_interrupt);
  const provenance::Context context = provenance::collect_context(options.jobs, plugin_versions(*registry, scenarios, global));
  run::RunCounts total;
  for (std::size_t index = 0; index < scenarios.size(); ++index) {
    const scenario::Scenario& s = scenarios[index];
    if (g_stop.load()) break;
    const fs::path dir = options.out / s.name;
    const std::vector<scenario::Run> plan = scenario::plan(s);
    report::ScenarioMeta meta = meta_of(s, plan, context);
    // A shard runs its part of the plan into its own files and renders no
    // report: `lrbench merge` does, from all of them.
    const std::vector<scenario::Run> runs =
        shard ? prepare_shard_files(s, plan, dir, meta, *shard, options, global)
              : prepare_folder(s, plan, dir, meta, options, global);

    run::RunsFile runs_file(dir / (shard ? shard::runs_file_name(*shard) : std::string(util::kRunsFile)));
    Progress progress(s.name, runs.size());
    const auto start = std::chrono::steady_clock::now();
    run::RunnerOptions runner_options{options.jobs, &g_stop, options.isolate, options.timeout};
    run::RunCounts counts;
    try {
      const run::RunSink sink = [&](const run::RunRecord& r) {
        runs_file.append(r);
        progress.finished(r);
      };
      if (cluster) {
        counts = cluster->run(index, s, runs, *registry, runner_options, sink, global.quiet);
        // Records came in as ranks finished them; the file goes in plan order,
        // as a local --jobs 1 run writes it (and merge does).
        std::vector<std::string> ids;
        for (const scenario::Run& r : plan) ids.push_back(r.id);
        shard::write_runs_in_plan_order(runs_file.path(), ids, global.limits);
      } else {
        counts = run::run_all(s, runs, *registry, runner_options, sink);
      }
    } catch (const util::IoError& e) {
      progress.close();
      print_error(e.what());
      print_error(fmt::format("the sweep stopped; every run that finished is recorded in {}: make room, then run "
                              "again with --resume to complete it",
                              runs_file.path().string()));
      return kIoFailure;
    }
    progress.close();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (counts.not_started > 0 && !shard) {
      meta.partial = true;
      report::write_scenario_meta(dir / util::kScenarioFile, meta);
    }
    if (!shard) {
      for (const std::string& note : report::write_report(dir, global.limits))
        print_warning(fmt::format("{}: {}", dir.string(), note));
    }
    total.ok += counts.ok;
    total.diverged += counts.diverged;
    total.failed += counts.failed;
    total.not_started += counts.not_started;
    if (!global.quiet) {
      std::cout << fmt::format("{}: {} runs ({} ok, {} diverged, {} failed{}) in {:.2f} s -> {}\n", s.name,
                               counts.ok + counts.diverged + counts.failed, counts.ok, counts.diverged, counts.failed,
                               counts.not_started > 0 ? fmt::format(", {} not started", counts.not_started) : "",
                               seconds, (shard ? runs_file.path() : dir / util::kReadmeFile).string());
    }
  }
  for (const comparison::Comparison& c : comparisons) {
    if (g_stop.load()) break;
    const ComparisonRunOptions comparison_options{options.out,     options.jobs, options.resume, options.isolate,
                                                  options.timeout, &g_stop,      global.quiet};
    const run::RunCounts counts = run_comparison(c, *registry, comparison_options);
    total.failed += counts.failed;
  }
  // The index lists scenario reports; a run of comparisons only (their own
  // README each) leaves it alone rather than write an empty one.
  if (!shard && !scenarios.empty()) {
    for (const std::string& note : report::write_index(options.out, global.limits)) print_warning(note);
  }
  if (g_stop.load()) {
    print_warning("interrupted: the reports cover the runs that finished and are marked partial");
    return kInterrupted;
  }
  return total.failed > 0 ? kFailure : kSuccess;
}

}  // namespace

Command add_run_command(CLI::App& app, const GlobalOptions& global) {
  auto options = std::make_shared<RunOptions>();
  add_selection_options(app, options->selection);
  app.add_option("-o,--out", options->out, "Output folder; each scenario writes to OUT/<name>/")
      ->capture_default_str()
      ->check(text_of_length(4096))
      ->type_name("DIR");
  app.add_option("-j,--jobs", options->jobs, "Runs in parallel (results do not depend on it)")
      ->capture_default_str()
      ->check(integer_in(1, kMaxJobs));
  app.add_option("--shard", options->shard,
                 "Run only shard I of N (counted from 0) into OUT/<name>/runs.shard-I-of-N.jsonl, without a "
                 "report; lrbench merge OUT combines the shards")
      ->check(CLI::Validator(
          [](std::string& text) {
            std::string problem;
            return shard::parse_shard(text, problem) ? std::string() : problem;
          },
          "I/N"))
      ->type_name("I/N");
  app.add_flag("--mpi", options->mpi,
               "Run under mpirun: rank 0 writes the outputs and hands the runs to the other ranks (--jobs threads "
               "each)");
  app.add_option("--max-parameters", options->max_parameters,
                 "Refuse a model with more parameters than this (weights and biases)")
      ->capture_default_str()
      ->check(integer_in(1, std::numeric_limits<std::uint64_t>::max()));
  app.add_option("--max-data-memory", options->max_data_memory,
                 "Refuse a scenario whose datasets would hold more memory than this at once (512M, 4G, ...)")
      ->capture_default_str()
      ->check(byte_size());
  app.add_option("--max-output", options->max_output,
                 "Refuse a scenario whose runs would write more than this to runs.jsonl (512M, 1G, ...)")
      ->capture_default_str()
      ->check(byte_size());
  app.add_flag("--resume", options->resume,
               "Keep runs.jsonl and skip the runs it already records (records of runs no longer in the plan are "
               "moved to runs.stale.jsonl)");
  app.add_flag("--wait", options->wait, "When another lrbench is writing a scenario folder, wait for it to finish");
  app.add_flag("--isolate", options->isolate,
               "Run every run in its own child process: a crash or a hang fails that run alone");
  app.add_option("--timeout", options->timeout,
                 "With --isolate: kill a run after this many seconds and record it as failed (0 = no limit)")
      ->capture_default_str()
      ->check(number_in(0, kMaxTimeoutSeconds))
      ->type_name("SECONDS");
  return [options, &global] { return run_scenarios(*options, global); };
}

}  // namespace lrbench::cli
