// The comparison's figures (SVG, through report/svg.hpp), one panel per task
// unless said otherwise, every contender on the same axes:
//   lr_sensitivity.svg  tuning score against lr (log axis): per lr the best
//                       trial's mean over the tuning seeds, the band its
//                       seeds' min–max; a short dashed vertical tick marks
//                       the selected lr
//   convergence.svg     the final seeds at the selected configuration: mean
//                       and min–max band per epoch, train and test (two
//                       panels per task; f − f* on a log axis for a function task)
//   budget.svg          expected best tuning score after k trials, k = 1 … K
//                       (Dodge et al. 2019), band ± one standard deviation
//   profile.svg         with ≥ 2 tasks and a target: the performance profile
//                       ρ(τ) of epochs to target, τ ∈ [1, 4]
// Colours: the palette in contender order; past the palette's size the lines
// are dashed, so ten contenders stay distinguishable.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "comparison/comparison.hpp"
#include "run/record.hpp"

namespace lrbench::comparison {

// Writes the figures into `dir` and returns their file names, in the order
// the README shows them.
std::vector<std::string> write_figures(const nlohmann::json& result, const Comparison& comparison,
                                       const std::map<std::string, run::RunRecord>& records,
                                       const std::filesystem::path& dir);

}  // namespace lrbench::comparison
