// `lrbench run SCENARIO.yaml...`: validate every scenario, then run them and
// write runs.jsonl, summary.json and the report of each.
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <regex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/run_comparison.hpp"
#include "comparison/load.hpp"
#include "report/report.hpp"
#include "report/summary.hpp"
#include "run/jsonl.hpp"
#include "run/runner.hpp"
#include "scenario/loader.hpp"

namespace lrbench::cli {
namespace {

namespace fs = std::filesystem;

struct RunOptions {
  std::vector<std::string> files;
  fs::path out = "reports";
  int jobs = static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
  std::string filter;
  std::vector<std::uint64_t> seeds;
  std::size_t max_runs = 10000;
  bool resume = false;
  bool isolate = false;
  double timeout = 0.0;  // seconds; 0 = no limit (needs isolate)
};

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

std::vector<report::SetupLine> lines_of(const std::vector<scenario::SetupLine>& lines) {
  std::vector<report::SetupLine> out;
  for (const auto& l : lines) out.push_back({l.topic, l.text});
  return out;
}

report::ScenarioMeta meta_of(const scenario::Scenario& s, const report::Context& context) {
  report::ScenarioMeta meta;
  meta.name = s.name;
  meta.description = s.description;
  meta.setup = s.setup;
  meta.setup_lines = lines_of(s.setup_lines);
  if (s.target) meta.target = report::Target{s.target->metric, s.target->value};
  for (const auto& v : s.variants) {
    meta.variants.push_back(v.label);
    meta.configs.push_back(v.config.resolved);
    meta.variant_setup.push_back(lines_of(v.setup));
  }
  if (!s.variants.empty() && data::is_function(s.variants.front().config.data.source)) meta.task = "function";
  meta.seeds = s.seeds;
  meta.context = context;
  return meta;
}

std::vector<report::PluginVersion> plugin_versions(const plugins::Registry& registry,
                                                   const std::vector<scenario::Scenario>& scenarios) {
  std::set<std::pair<std::string, std::string>> used;  // (kind, name)
  for (const auto& s : scenarios) {
    for (const auto& v : s.variants) {
      used.insert({"optimizer", v.config.optimizer.name});
      for (const auto& part : v.config.schedule.parts) used.insert({"schedule", part.name});
    }
  }
  std::vector<report::PluginVersion> out;
  for (const auto& [kind, name] : used) {
    const PluginInfo* info = registry.find(kind == "optimizer" ? PluginKind::optimizer : PluginKind::schedule, name);
    if (info != nullptr) out.push_back({name, kind, std::string(info->meta.version)});
  }
  return out;
}

// Keeps the variants whose label the regular expression matches anywhere.
void apply_filter(scenario::Scenario& s, const std::regex& pattern) {
  std::erase_if(s.variants, [&](const scenario::Variant& v) { return !std::regex_search(v.label, pattern); });
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

int run_scenarios(const RunOptions& options, const GlobalOptions& global) {
  const auto registry = load_registry(global);

  // Validate everything before running anything.
  std::optional<std::regex> filter;
  if (!options.filter.empty()) {
    try {
      filter.emplace(options.filter, std::regex::ECMAScript);
    } catch (const std::regex_error& e) {
      print_error(fmt::format("--filter '{}' is not a valid regular expression: {}", options.filter, e.what()));
      return kBadInput;
    }
  }
  scenario::LoadOptions load_options;
  load_options.max_runs = options.max_runs;
  if (!options.seeds.empty()) load_options.seeds_override = options.seeds;
  std::vector<scenario::Scenario> scenarios;
  std::vector<comparison::Comparison> comparisons;  // `compare:` scenarios (cli/run_comparison.hpp)
  bool bad = false;
  std::set<std::string> names;
  for (const std::string& file : options.files) {
    if (comparison::declares_comparison(file)) {
      try {
        comparisons.push_back(comparison::load_comparison(file, *registry, options.max_runs));
      } catch (const scenario::ScenarioError& e) {
        for (const auto& d : e.diagnostics) std::cerr << scenario::format(d) << '\n';
        bad = true;
        continue;
      }
      if (!names.insert(comparisons.back().name).second) {
        print_error(fmt::format("{}: two scenarios are named '{}'; their outputs would overwrite each other", file,
                                comparisons.back().name));
        bad = true;
      }
      if (filter || !options.seeds.empty()) {
        print_error(fmt::format("{}: --filter and --seeds do not apply to a comparison (its seeds are `seeds` and "
                                "compare.final_seeds)",
                                file));
        bad = true;
      }
      continue;
    }
    try {
      scenarios.push_back(scenario::load_scenario(file, *registry, load_options));
    } catch (const scenario::ScenarioError& e) {
      for (const auto& d : e.diagnostics) std::cerr << scenario::format(d) << '\n';
      bad = true;
      continue;
    }
    scenario::Scenario& s = scenarios.back();
    if (!names.insert(s.name).second) {
      print_error(fmt::format("{}: two scenarios are named '{}'; their outputs would overwrite each other", file, s.name));
      bad = true;
    }
    if (filter) {
      apply_filter(s, *filter);
      if (s.variants.empty()) {
        print_error(fmt::format("{}: no variant label matches --filter '{}'", file, options.filter));
        bad = true;
      }
    }
  }
  if (bad) return kBadInput;
  if (options.timeout > 0 && !options.isolate) {
    print_error("--timeout needs --isolate: a run inside this process cannot be stopped safely");
    return kBadInput;
  }

  std::signal(SIGINT, on_interrupt);
  const report::Context context = report::collect_context(options.jobs, plugin_versions(*registry, scenarios));
  run::RunCounts total;
  for (const scenario::Scenario& s : scenarios) {
    if (g_stop.load()) break;
    const fs::path dir = options.out / s.name;
    fs::create_directories(dir);
    const fs::path runs_path = dir / "runs.jsonl";
    std::vector<scenario::Run> runs = scenario::plan(s);
    if (options.resume && fs::exists(runs_path)) {
      std::vector<std::string> warnings;
      std::set<std::string> done;
      for (const run::RunRecord& r : run::read_runs(runs_path, warnings)) done.insert(r.id);
      for (const auto& w : warnings) print_warning(w);
      std::erase_if(runs, [&](const scenario::Run& r) { return done.count(r.id) > 0; });
      if (!global.quiet) std::cerr << fmt::format("{}: resuming, {} runs already recorded\n", s.name, done.size());
    } else {
      fs::remove(runs_path);
    }
    report::ScenarioMeta meta = meta_of(s, context);
    report::write_scenario_meta(dir / "scenario.json", meta);

    run::RunsFile runs_file(runs_path);
    Progress progress(s.name, runs.size());
    const auto start = std::chrono::steady_clock::now();
    run::RunnerOptions runner_options{options.jobs, &g_stop, options.isolate, options.timeout};
    const run::RunCounts counts = run::run_all(s, runs, *registry, runner_options, [&](const run::RunRecord& r) {
      runs_file.append(r);
      progress.finished(r);
    });
    progress.close();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (counts.not_started > 0) {
      meta.partial = true;
      report::write_scenario_meta(dir / "scenario.json", meta);
    }
    for (const std::string& note : report::write_report(dir)) print_warning(fmt::format("{}: {}", dir.string(), note));
    total.ok += counts.ok;
    total.diverged += counts.diverged;
    total.failed += counts.failed;
    total.not_started += counts.not_started;
    if (!global.quiet) {
      std::cout << fmt::format("{}: {} runs ({} ok, {} diverged, {} failed{}) in {:.2f} s -> {}\n", s.name,
                               counts.ok + counts.diverged + counts.failed, counts.ok, counts.diverged, counts.failed,
                               counts.not_started > 0 ? fmt::format(", {} not started", counts.not_started) : "",
                               seconds, (dir / "README.md").string());
    }
  }
  for (const comparison::Comparison& c : comparisons) {
    if (g_stop.load()) break;
    const ComparisonRunOptions comparison_options{options.out,     options.jobs, options.resume, options.isolate,
                                                  options.timeout, &g_stop,      global.quiet};
    const run::RunCounts counts = run_comparison(c, *registry, comparison_options);
    total.failed += counts.failed;
  }
  report::write_index(options.out);
  if (g_stop.load()) {
    print_warning("interrupted: the reports cover the runs that finished and are marked partial");
    return 130;
  }
  return total.failed > 0 ? kFailure : kSuccess;
}

}  // namespace

Command add_run_command(CLI::App& app, const GlobalOptions& global) {
  auto options = std::make_shared<RunOptions>();
  app.add_option("scenarios", options->files, "Scenario files (YAML)")->required()->check(CLI::ExistingFile);
  app.add_option("-o,--out", options->out, "Output folder; each scenario writes to OUT/<name>/")
      ->capture_default_str()
      ->type_name("DIR");
  app.add_option("-j,--jobs", options->jobs, "Runs in parallel (results do not depend on it)")
      ->capture_default_str()
      ->check(CLI::Range(1, 1024));
  app.add_option("--filter", options->filter, "Run only the variants whose label matches this regular expression")
      ->type_name("REGEX");
  app.add_option("--seeds", options->seeds, "Replace the scenarios' seeds: 0,1,2")->delimiter(',')->type_name("LIST");
  app.add_option("--max-runs", options->max_runs, "Refuse scenarios with more runs than this")->capture_default_str();
  app.add_flag("--resume", options->resume, "Keep runs.jsonl and skip the runs it already records");
  app.add_flag("--isolate", options->isolate,
               "Run every run in its own child process: a crash or a hang fails that run alone");
  app.add_option("--timeout", options->timeout,
                 "With --isolate: kill a run after this many seconds and record it as failed (0 = no limit)")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber)
      ->type_name("SECONDS");
  return [options, &global] { return run_scenarios(*options, global); };
}

}  // namespace lrbench::cli
