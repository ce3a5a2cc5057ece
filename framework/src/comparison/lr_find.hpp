// The learning-rate range test (Smith 2017; `lrbench lr-find`,
// docs/comparisons.md "lr-find"): train a scenario's model on its data with
// the lr rising exponentially, one step per lr,
//   lrₜ = lr_min · (lr_max / lr_min)^(t / (steps − 1)),   t = 0 … steps − 1,
// record the loss of every step, and let stats::lr_range_suggestion smooth
// it, cut it at divergence and take the steepest descent.
//
// The loss of step t is the training batch's mean cross-entropy before the
// update (the batches cycle through the training rows in the trainer's
// shuffled order), or with `on_validation` the validation split's loss after
// the update; for a function task, f − f* at the point the step starts from.
// The ramp stops early once stats::lr_range_suggestion reports divergence
// (smoothed loss above 4 × its minimum, or a non-finite loss).
//
// Every seed starts from a fresh model (initialised from the seed, as a run
// is), a fresh optimizer instance and a fresh constant schedule: nothing
// leaks into the next seed or into later runs. The result is the median of
// the seeds' suggestions with their range (min, max).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include <nlohmann/json.hpp>

#include "data/dataset.hpp"
#include "plugins/registry.hpp"
#include "scenario/scenario.hpp"
#include "stats/lr_range_test.hpp"

namespace lrbench::comparison {

struct LrFindOptions {
  double lr_min = 1e-7;
  double lr_max = 10.0;
  int steps = 100;
  bool on_validation = false;
  std::vector<std::uint64_t> seeds{0, 1, 2};
};

struct LrFindSeed {
  std::uint64_t seed = 0;
  std::vector<double> lrs;     // the steps taken (up to the early stop)
  std::vector<double> losses;
  stats::LrRangeResult result;
};

struct LrFindResult {
  std::vector<LrFindSeed> seeds;
  std::optional<double> median;  // of the suggestions (lower median: one of them); none when no seed suggests
  std::optional<double> lowest;
  std::optional<double> highest;
};

// `data` is null for a function task. Throws std::invalid_argument on bad
// options (lr_min ≥ lr_max, steps < 2, no seed, on_validation without a
// validation split).
[[nodiscard]] LrFindResult lr_find(const scenario::RunConfig& config, const data::Dataset* data,
                                   const plugins::Registry& registry, const LrFindOptions& options);

// The result as JSON (schema "lrbench.lr_find/1", docs/comparisons.md).
[[nodiscard]] nlohmann::json to_json(const LrFindResult& result, const LrFindOptions& options);

// An SVG of smoothed loss against lr, one line per seed, the median
// suggestion marked.
[[nodiscard]] std::string lr_find_svg(const LrFindResult& result, const std::string& title);

}  // namespace lrbench::comparison
