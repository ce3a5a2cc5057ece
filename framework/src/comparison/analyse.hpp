// From a comparison's run records to comparison.json (schema in
// docs/comparisons.md, "comparison.json"; schema id "lrbench.comparison/1").
//
// Everything a reader needs to check a verdict is in the file: the final
// seeds' scores, the tuning scores of every trial, the tests' p-values and
// the intervals. The README section is rendered from this JSON alone
// (markdown.hpp), so the report and the file cannot disagree.
//
// Scores. A run's score is its metric at the last epoch. A final run that
// diverged scores the metric's worst value (accuracy 0, loss +inf): it did
// run, and a diverging optimizer must not look better by dropping the seed.
// A final run that is missing (stopped early, or failed) leaves its
// contender without verdicts; the task's verdicts need every contender's
// full set of final seeds.
#pragma once

#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "comparison/comparison.hpp"
#include "run/record.hpp"

namespace lrbench::comparison {

inline constexpr const char* kSchema = "lrbench.comparison/1";
inline constexpr int kBootstrapResamples = 10'000;
inline constexpr double kProfileTauMax = 4.0;

// `partial`: the run was stopped before every planned run finished.
[[nodiscard]] nlohmann::json analyse(const Comparison& comparison, const std::map<std::string, run::RunRecord>& records,
                                     bool partial);

}  // namespace lrbench::comparison
