// A contender's search space: per hyperparameter, the values a trial may take.
//
//   lr: {log_grid: [1e-4, 1, 9]}      9 points evenly spaced in log10 lr, ends included
//   lr: {log_uniform: [1e-5, 1]}      random budgets only: 10^U(log10 lo, log10 hi)
//   momentum: [0, 0.9]                a list (any values, as a sweep takes them)
//
// Keys: `lr` is optimizer.lr; a bare name is one of the optimizer's
// parameters (optimizer.params.NAME, checked by the plugin parameter
// resolver when the trials are read); a dotted key is a path in the
// configuration, as in a sweep (`schedule.params.gamma`).
//
// Generated values are written with 4 significant digits ("0.0001",
// "0.03162"), so what runs is exactly what the label and the report say.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "scenario/reader.hpp"
#include "scenario/tree.hpp"
#include "util/random.hpp"

namespace lrbench::comparison {

struct Dimension {
  std::string key;                      // as written
  std::vector<std::string> path;        // in the configuration
  scenario::tree::Mark key_mark;
  std::vector<scenario::tree::NodePtr> values;  // list or log_grid: the values
  std::optional<std::pair<double, double>> log_uniform;  // random budgets only
};

// Reads `search` (a map) of one contender; problems go to `reader`.
[[nodiscard]] std::vector<Dimension> read_search_space(scenario::Reader& reader, const scenario::tree::Node& search,
                                                       const std::string& path);

// A scalar node holding `value` with 4 significant digits, at `mark`.
[[nodiscard]] scenario::tree::NodePtr number_node(double value, const scenario::tree::Mark& mark);

// One random draw of a dimension: log_uniform by 10^(lo' + (hi' − lo')·u),
// u = util::Rng::uniform() (the logs in base 10), else a uniform pick among
// the values (util::Rng::bounded).
[[nodiscard]] scenario::tree::NodePtr draw(const Dimension& dimension, util::Rng& rng);

}  // namespace lrbench::comparison
