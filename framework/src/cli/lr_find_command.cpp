// `lrbench lr-find SCENARIO.yaml`: the learning-rate range test
// (comparison/lr_find.hpp) for every variant of a scenario, from its model,
// data and optimizer; variants that differ only in their lr are tested once
// (the ramp replaces the lr). Writes OUT/<name>/lr_find.json and
// lr_find-N.svg, N = 1, 2, … in the order of lr_find.json's variants.
#include <fstream>
#include <iostream>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "comparison/lr_find.hpp"
#include "scenario/loader.hpp"
#include "util/files.hpp"

namespace lrbench::cli {
namespace {

namespace fs = std::filesystem;

struct LrFindCli {
  std::string file;
  fs::path out = "reports";
  std::string on = "train";
  comparison::LrFindOptions options;
};

int lr_find_command(LrFindCli& cli, const GlobalOptions& global) {
  const auto registry = load_registry(global);
  scenario::Scenario s;
  try {
    s = scenario::load_scenario(cli.file, *registry);
  } catch (const scenario::ScenarioError& e) {
    for (const auto& d : e.diagnostics) std::cerr << scenario::format(d) << '\n';
    return kBadInput;
  }
  cli.options.on_validation = cli.on == "validation";
  if (!(cli.options.lr_min < cli.options.lr_max)) {
    print_error(fmt::format("--min-lr {} must be below --max-lr {}", cli.options.lr_min, cli.options.lr_max));
    return kBadInput;
  }
  const fs::path dir = cli.out / s.name;
  fs::create_directories(dir);
  nlohmann::json variants = nlohmann::json::array();
  std::set<std::string> tested;  // configurations without their lr: the ramp replaces it
  std::size_t figure = 0;
  for (std::size_t v = 0; v < s.variants.size(); ++v) {
    const scenario::RunConfig& config = s.variants[v].config;
    nlohmann::json key = config.resolved;
    if (key.contains("optimizer") && key["optimizer"].is_object()) key["optimizer"].erase("lr");
    if (!tested.insert(key.dump()).second) continue;
    if (cli.options.on_validation && config.rows.validation == 0) {
      print_error(fmt::format("{}: variant '{}' has no validation split; use --on train or add data.split.validation",
                              cli.file, s.variants[v].label));
      return kBadInput;
    }
    std::optional<data::Dataset> data;
    if (!data::is_function(config.data.source)) data = data::load(config.data);
    const comparison::LrFindResult result =
        comparison::lr_find(config, data ? &*data : nullptr, *registry, cli.options);
    const std::string svg = fmt::format("lr_find-{}.svg", ++figure);
    util::write_file_atomically(dir / svg, comparison::lr_find_svg(result, fmt::format("LR range test: {}", s.variants[v].label)));
    nlohmann::json j = comparison::to_json(result, cli.options);
    j["label"] = s.variants[v].label;
    j["optimizer"] = config.optimizer.name;
    j["figure"] = svg;
    variants.push_back(std::move(j));
    if (!global.quiet) {
      std::cout << fmt::format("{}: {}: suggested lr {}\n", s.name, s.variants[v].label,
                               result.median ? fmt::format("{:.3g} (seeds: {:.3g} … {:.3g})", *result.median,
                                                           *result.lowest, *result.highest)
                                             : std::string("none (no seed's loss descended)"));
    }
  }
  util::write_file_atomically(dir / "lr_find.json",
             nlohmann::json{{"schema", "lrbench.lr_find/1"}, {"scenario", s.name}, {"variants", variants}}.dump(2) +
                 "\n");
  return kSuccess;
}

}  // namespace

Command add_lr_find_command(CLI::App& app, const GlobalOptions& global) {
  auto cli = std::make_shared<LrFindCli>();
  app.add_option("scenario", cli->file, "A scenario file (YAML): its model, data and optimizer")
      ->required()
      ->check(CLI::ExistingFile);
  app.add_option("-o,--out", cli->out, "Output folder; results go to OUT/<name>/")->capture_default_str();
  app.add_option("--min-lr", cli->options.lr_min, "The ramp's first lr")->capture_default_str()->check(CLI::PositiveNumber);
  app.add_option("--max-lr", cli->options.lr_max, "The ramp's last lr")->capture_default_str()->check(CLI::PositiveNumber);
  app.add_option("--steps", cli->options.steps, "Steps of the ramp, one lr each")
      ->capture_default_str()
      ->check(CLI::Range(2, 100000));
  app.add_option("--seeds", cli->options.seeds, "Seeds to repeat the test on: 0,1,2")
      ->delimiter(',')
      ->capture_default_str();
  app.add_option("--on", cli->on, "The loss recorded: the training batch's, or the validation split's")
      ->capture_default_str()
      ->check(CLI::IsMember({"train", "validation"}));
  return [cli, &global] { return lr_find_command(*cli, global); };
}

}  // namespace lrbench::cli
