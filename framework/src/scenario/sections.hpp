// One reader per config section. Each reads its section of a (resolved)
// scenario tree, reports problems through the Reader, and returns what it
// found: the section's spec, or nullopt after an error. What a later section
// needs from an earlier one (the number of classes, the training rows) is
// passed in explicitly; a value the earlier section could not establish is
// nullopt, and the checks that depend on it are skipped rather than reported
// against a guess.
#pragma once

#include <cstdint>
#include <optional>

#include "data/dataset.hpp"
#include "model/spec.hpp"
#include "scenario/plugin_params.hpp"
#include "scenario/reader.hpp"
#include "scenario/scenario.hpp"

namespace lrbench::scenario {

// data: the dataset and its split, with the facts other sections check against.
struct DataSection {
  bool ok = false;  // no problem was reported in the section
  data::DataSpec spec;
  data::Shape shape;     // what the data holds
  data::PartRows rows;   // the rows of each part of the split
  std::optional<int> num_classes;          // when the kind's keys that set it are valid
  std::optional<std::int64_t> train_rows;  // when the data's size and the split are valid
  bool function = false;                   // a test function: no split, no model, no batches
};
[[nodiscard]] DataSection read_data(Reader& reader, const tree::Node& root);

// model: the layers; the last must have one unit per class (when known).
// A function task has no model: the section must be absent.
[[nodiscard]] std::optional<model::ModelSpec> read_model(Reader& reader, const tree::Node& root,
                                                        std::optional<int> num_classes, bool function);

// training: epochs, batch size (no larger than the training rows, when
// known); for a function task epochs and steps_per_epoch instead.
[[nodiscard]] std::optional<TrainingSpec> read_training(Reader& reader, const tree::Node& root,
                                                       std::optional<std::int64_t> train_rows, bool function);

// optimizer: a plugin, its lr (optional for a plugin that declares a
// default lr) and parameters, constructed once (with context.dry_construct)
// to surface the plugin's own cross-parameter checks.
[[nodiscard]] std::optional<OptimizerSpec> read_optimizer(Reader& reader, const PluginContext& context,
                                                         const tree::Node& root);

// schedule: one plugin or a sequence (absent: constant, per step). With the
// optimizer's `lr` known, each part is constructed once as above.
[[nodiscard]] std::optional<ScheduleSpec> read_schedule(Reader& reader, const PluginContext& context,
                                                       const tree::Node& root, std::optional<double> lr);

// record: what to record beyond the per-epoch metrics (optional section).
[[nodiscard]] std::optional<RecordSpec> read_record(Reader& reader, const tree::Node& root);

// Every section, in document order, and the canonical JSON of the result;
// nullopt when any section reported a problem.
[[nodiscard]] std::optional<RunConfig> read_config(Reader& reader, const PluginContext& context,
                                                   const tree::Node& root);

}  // namespace lrbench::scenario
