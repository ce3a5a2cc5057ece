#include "cli/scenario_set.hpp"

#include <iostream>
#include <limits>
#include <regex>
#include <set>

#include <fmt/format.h>

#include "cli/common.hpp"
#include "cli/values.hpp"
#include "comparison/load.hpp"
#include "data/spec.hpp"
#include "scenario/loader.hpp"

namespace lrbench::cli {

namespace {

// Bounds of the numbers the options take (docs/robustness.md lists them).
constexpr std::uint64_t kMaxRunsLimit = 1'000'000;
constexpr std::size_t kMaxFilterLength = 1000;  // std::regex compiles recursively

// Keeps the variants whose label the regular expression matches anywhere.
void apply_filter(scenario::Scenario& s, const std::regex& pattern) {
  std::erase_if(s.variants, [&](const scenario::Variant& v) { return !std::regex_search(v.label, pattern); });
}

}  // namespace

void add_selection_options(CLI::App& app, ScenarioSelection& selection) {
  app.add_option("scenarios", selection.files, "Scenario files (YAML)")->required()->check(CLI::ExistingFile);
  app.add_option("--filter", selection.filter, "Run only the variants whose label matches this regular expression")
      ->check(text_of_length(kMaxFilterLength))
      ->type_name("REGEX");
  app.add_option("--seeds", selection.seeds, "Replace the scenarios' seeds: 0,1,2")
      ->check(integer_list(0, std::numeric_limits<std::uint64_t>::max()))
      ->type_name("LIST");
  app.add_option("--max-runs", selection.max_runs, "Refuse scenarios with more runs than this")
      ->capture_default_str()
      ->check(integer_in(1, kMaxRunsLimit));
}

std::optional<std::vector<scenario::Scenario>> load_selection(const ScenarioSelection& selection,
                                                              const plugins::Registry& registry, bool dry_construct) {
  std::optional<std::regex> filter;
  if (!selection.filter.empty()) {
    try {
      filter.emplace(selection.filter, std::regex::ECMAScript);
    } catch (const std::regex_error& e) {
      print_error(fmt::format("--filter '{}' is not a valid regular expression: {}", selection.filter, e.what()));
      return std::nullopt;
    }
  }
  scenario::LoadOptions load_options;
  load_options.max_runs = selection.max_runs;
  load_options.dry_construct = dry_construct;
  if (!selection.seeds.empty()) load_options.seeds_override = parse_integer_list(selection.seeds);
  std::vector<scenario::Scenario> scenarios;
  bool bad = false;
  std::set<std::string> names;
  for (const std::string& file : selection.files) {
    // A `compare:` file is a comparison, loaded by comparison::load_comparison
    // (run_command.cpp), not a plain scenario.
    if (comparison::declares_comparison(file)) continue;
    try {
      scenarios.push_back(scenario::load_scenario(file, registry, load_options));
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
        print_error(fmt::format("{}: no variant label matches --filter '{}'", file, selection.filter));
        bad = true;
      }
    }
  }
  if (bad) return std::nullopt;
  return scenarios;
}

namespace {

std::vector<report::SetupLine> lines_of(const std::vector<scenario::SetupLine>& lines) {
  std::vector<report::SetupLine> out;
  for (const auto& l : lines) out.push_back({l.topic, l.text});
  return out;
}

}  // namespace

report::ScenarioMeta plan_meta(const scenario::Scenario& s, const std::vector<scenario::Run>& plan) {
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
  meta.run_ids.resize(s.variants.size());
  for (const scenario::Run& run : plan) meta.run_ids.at(run.variant).push_back(run.id);  // in seed order
  return meta;
}

}  // namespace lrbench::cli
