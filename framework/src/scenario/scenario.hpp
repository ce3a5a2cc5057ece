// A validated scenario: what to train, with which settings, how many times.
//
// Produced by load_scenario() (scenario/loader.hpp) from YAML; every value is
// resolved (defaults filled in) and validated, so downstream modules never
// see a malformed setting.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "data/dataset.hpp"
#include "lrbench/params.hpp"
#include "model/spec.hpp"
#include "util/names.hpp"

namespace lrbench::scenario {

struct TrainingSpec {
  int epochs = 0;
  int batch_size = 32;
  bool shuffle = true;  // reshuffle the training rows every epoch
  int steps_per_epoch = 0;  // function tasks only: optimizer steps in one epoch
};

struct OptimizerSpec {
  std::string name;
  double lr = 0.01;    // the scenario's, or the plugin's declared default_lr
  ParamValues params;  // every declared parameter, defaults filled in
  // The plugin sets its own step size (PluginMeta::adapts_step_size): lr and
  // the schedule's values multiply it.
  bool adapts_step_size = false;
};

enum class Tick : std::uint8_t { step, epoch };
inline constexpr util::NameTable<Tick, 2> kTickNames{{{{Tick::step, "step"}, {Tick::epoch, "epoch"}}}};

// One schedule of a sequence; `ticks` is how long it lasts (absent for the
// last part, which runs to the end). Each part sees ticks counted from its
// own start.
struct SchedulePart {
  std::string name;
  ParamValues params;
  std::optional<std::int64_t> ticks;
};

// A schedule is one part, or a sequence of parts joined at tick boundaries.
struct ScheduleSpec {
  Tick tick = Tick::step;
  std::vector<SchedulePart> parts;  // at least one
};

// What to record beyond the per-epoch metrics.
struct RecordSpec {
  int lr_per_update = 0;  // the lr of the first N updates (the decay study's curve)
};

// One fully resolved setting: everything one training run needs but the seed.
struct RunConfig {
  data::DataSpec data;
  data::Shape shape;    // what the data holds (from its spec, or its files' headers)
  data::PartRows rows;  // how many rows each part of the split takes
  model::ModelSpec model;
  TrainingSpec training;
  OptimizerSpec optimizer;
  ScheduleSpec schedule;
  RecordSpec record;
  // The same configuration as canonical JSON (keys sorted, every default
  // written out): recorded in runs.jsonl and hashed into run ids.
  nlohmann::json resolved;
};

// One line of a report's Setup section: "**{topic}**: {text}."
struct SetupLine {
  std::string topic;  // "Data", "Model", "Training", "Optimizer", "Schedule", "Recorded"
  std::string text;
};

struct Variant {
  std::string label;  // "lr=0.1", "opt=adam"
  RunConfig config;
  std::vector<SetupLine> setup;  // the configuration in words
};

// The accuracy a variant must reach; epochs-to-target is the first epoch
// (1-based) whose metric is >= value.
struct Target {
  std::string metric = "test_accuracy";  // test_accuracy | train_accuracy | validation_accuracy
  double value = 0.0;
};

struct Scenario {
  std::string name;         // safe as a folder name
  std::string description;  // the YAML's `description`
  std::filesystem::path file;
  std::vector<Variant> variants;    // in the order the YAML gives them
  std::vector<std::uint64_t> seeds;  // distinct
  std::optional<Target> target;
  nlohmann::json setup;  // the base (unswept) configuration, for the report
  // The base configuration in words; empty when only the sweep or variants
  // complete it (the report then lists `setup` as written).
  std::vector<SetupLine> setup_lines;
};

// One training run of the plan.
struct Run {
  std::string id;  // stable: hash of the variant's resolved config and the seed
  std::size_t variant = 0;
  std::uint64_t seed = 0;
};

// Variants × seeds, variant-major, in a fixed order.
[[nodiscard]] std::vector<Run> plan(const Scenario& scenario);

}  // namespace lrbench::scenario
