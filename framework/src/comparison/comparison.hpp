// A comparison scenario (`compare:`, docs/comparisons.md): contenders, each an
// optimizer (plus optional schedule) with a search space, tuned on tuning
// seeds and confirmed on fresh final seeds, on one or several tasks.
//
// Loaded and validated before anything runs (load.cpp): every trial is a
// whole configuration read by the scenario module, so a bad search value is
// reported with file:line:col like any sweep value.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "scenario/scenario.hpp"
#include "stats/direction.hpp"

namespace lrbench::comparison {

// A per-epoch metric of a run record, read at its last epoch.
struct Metric {
  std::string name;  // "validation_accuracy", "test_loss", "train_loss", ...
  stats::Direction direction = stats::Direction::higher_is_better;
};

// How each contender's trials are drawn from its search space.
struct Budget {
  bool random = false;     // false: the full grid
  std::size_t trials = 0;  // random: K trials per contender and task
  std::uint64_t seed = 0;  // random: the draws' seed
};

struct Contender {
  std::string name;       // unique, as in the report
  std::string optimizer;  // plugin name
  std::string schedule;   // first schedule part's plugin name
  std::vector<std::string> searched;  // the search-space keys, as written ("lr", "momentum")
};

// One trial: a point of a contender's search space on one task.
struct Trial {
  std::size_t task = 0;
  std::size_t contender = 0;
  std::string label;         // "lr=0.01, momentum=0.9"
  double lr = 0.0;
  nlohmann::json point;      // searched key -> value (as resolved)
};

struct Task {
  std::string name;             // the task file's stem, or the scenario's name
  bool has_validation = false;  // the data keeps a validation split
  bool function = false;        // a test function (no data, no accuracy)
};

struct Comparison {
  std::string name;
  std::string description;
  std::filesystem::path file;
  std::vector<Task> tasks;
  std::vector<Contender> contenders;
  Budget budget;
  Metric select_on;            // the tuning score
  bool optimistic = false;     // select_on reads the test split (no validation split exists)
  Metric final_metric;         // what the confirm stage reports: test_accuracy, or train_loss (f − f*)
  std::vector<std::uint64_t> tuning_seeds;
  std::vector<std::uint64_t> final_seeds;  // disjoint from tuning_seeds
  double epsilon = 0.01;        // LR sensitivity: within ε of the best tuning score
  double alpha = 0.05;          // family-wise, Holm over all pairs of a task
  std::optional<scenario::Target> target;  // epochs to target
  // The tune stage: one variant per trial (tune.variants[i] is trials[i]);
  // its seeds are the tuning seeds. Confirm variants are copies of selected
  // tune variants (stages.hpp).
  scenario::Scenario tune;
  std::vector<Trial> trials;
};

}  // namespace lrbench::comparison
