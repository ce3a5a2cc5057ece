// The comparison's README.md, rendered from comparison.json alone.
//
// Section "Optimizers compared", per task: a table ordered by rank (then by
// the input order), with the selected configuration, the final seeds' mean,
// standard deviation and 95 % bootstrap interval of the test metric, epochs
// and seconds to the target, the LR sensitivity width and the verdict
// counts; then the findings sentences and the pairwise table with p-values
// and effect sizes. A contender that shares rank 1 with another is reported
// as tied: the findings never call anything "best" unless it beat every other
// contender.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace lrbench::comparison {

[[nodiscard]] std::string render_readme(const nlohmann::json& comparison, const std::vector<std::string>& figures);

// The findings sentences of one task (of comparison.json's "tasks").
[[nodiscard]] std::vector<std::string> findings(const nlohmann::json& comparison, const nlohmann::json& task);

}  // namespace lrbench::comparison
