// `lrbench plan SCENARIO... [--shards N] [--json]`: the runs `lrbench run`
// would run, with their stable ids and estimated costs, and with --shards N
// the shard of each; for sizing a job array before submitting it.
#include <algorithm>
#include <iostream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/scenario_set.hpp"
#include "cli/values.hpp"
#include "shard/cost.hpp"
#include "shard/split.hpp"

namespace lrbench::cli {

namespace {

using nlohmann::json;

constexpr std::string_view kCostUnit =
    "multiply-adds, estimated as epochs x parameters x (4 x train rows + test rows)";

struct PlanArgs {
  ScenarioSelection selection;
  std::size_t shards = 0;  // 0: no shard column
  bool json = false;
};

struct ScenarioPlan {
  std::string name;
  std::string file;
  std::string hash;
  std::vector<std::string> labels;
  std::vector<std::uint64_t> seeds;
  std::vector<shard::PlannedRun> runs;
};

ScenarioPlan plan_of(const scenario::Scenario& s, std::size_t shards) {
  const report::ScenarioMeta meta = plan_meta(s, scenario::plan(s));
  return {s.name,        s.file.string(), shard::plan_hash(meta), meta.variants,
          meta.seeds, shard::planned_runs(meta, shard::variant_costs(s), std::max<std::size_t>(shards, 1))};
}

json to_json(const std::vector<ScenarioPlan>& plans, std::size_t shards) {
  json scenarios = json::array();
  std::size_t total = 0;
  for (const ScenarioPlan& p : plans) {
    json runs = json::array();
    for (const shard::PlannedRun& r : p.runs) {
      json run = {{"id", r.id}, {"variant", r.variant}, {"label", p.labels[r.variant]},
                  {"seed", p.seeds[r.seed_index]}, {"cost", r.cost}};
      if (shards > 0) run["shard"] = r.shard;
      runs.push_back(std::move(run));
    }
    total += p.runs.size();
    scenarios.push_back({{"name", p.name}, {"file", p.file}, {"plan_hash", p.hash}, {"runs", std::move(runs)}});
  }
  return {{"format", 1},
          {"cost_unit", kCostUnit},
          {"shards", shards > 0 ? json(shards) : json(nullptr)},
          {"total_runs", total},
          {"scenarios", std::move(scenarios)}};
}

void print_text(const std::vector<ScenarioPlan>& plans, std::size_t shards) {
  std::size_t total = 0;
  std::vector<double> load(std::max<std::size_t>(shards, 1), 0.0);
  std::vector<std::size_t> count(load.size(), 0);
  for (const ScenarioPlan& p : plans) {
    double cost = 0;
    for (const auto& r : p.runs) cost += r.cost;
    std::cout << fmt::format("{}: {} runs ({} variants x {} seeds), plan {}, estimated cost {:.3g}\n", p.name,
                             p.runs.size(), p.labels.size(), p.seeds.size(), p.hash, cost);
    std::cout << fmt::format("  {:<16}  {:>9}{}  {:>6}  {}\n", "run id", "cost", shards > 0 ? "  shard" : "", "seed",
                             "variant");
    for (const auto& r : p.runs) {
      std::cout << fmt::format("  {:<16}  {:>9.3g}{}  {:>6}  {}\n", r.id, r.cost,
                               shards > 0 ? fmt::format("  {:>5}", r.shard) : "", p.seeds[r.seed_index],
                               p.labels[r.variant]);
      load[r.shard] += r.cost;
      ++count[r.shard];
    }
    total += p.runs.size();
  }
  std::cout << fmt::format("total: {} runs; cost in {}\n", total, kCostUnit);
  if (shards == 0) return;
  double all = 0;
  for (const double l : load) all += l;
  for (std::size_t s = 0; s < shards; ++s)
    std::cout << fmt::format("shard {}/{}: {} runs, {:.1f} % of the cost\n", s, shards, count[s],
                             all > 0 ? 100.0 * load[s] / all : 0.0);
}

}  // namespace

Command add_plan_command(CLI::App& app, const GlobalOptions& global) {
  auto args = std::make_shared<PlanArgs>();
  add_selection_options(app, args->selection);
  app.add_option("--shards", args->shards, "Show which of N shards (lrbench run --shard I/N) runs each run")
      ->check(integer_in(1, shard::kMaxShards))
      ->type_name("N");
  app.add_flag("--json", args->json, "Print the plan as JSON");
  return [args, &global] {
    const auto registry = load_registry(global);
    const auto scenarios = load_selection(args->selection, *registry, /*dry_construct=*/true);
    if (!scenarios) return static_cast<int>(kBadInput);
    std::vector<ScenarioPlan> plans;
    for (const scenario::Scenario& s : *scenarios) plans.push_back(plan_of(s, args->shards));
    if (args->json)
      std::cout << to_json(plans, args->shards).dump(2) << '\n';
    else
      print_text(plans, args->shards);
    return static_cast<int>(kSuccess);
  };
}

}  // namespace lrbench::cli
