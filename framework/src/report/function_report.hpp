// The Results table and Findings of a function task's report (internal to
// the report module): f − f* and ‖x − x*‖ instead of accuracies.
#pragma once

#include <string>
#include <vector>

#include "report/summary.hpp"

namespace lrbench::report {

// The paragraph and table under "## Results" (without the heading).
[[nodiscard]] std::string function_results(const Summary& summary);

// Which variant gets closest to the minimum (and the runner-up, to judge the
// spread), which diverged, which failed.
[[nodiscard]] std::vector<std::string> function_findings(const Summary& summary);

}  // namespace lrbench::report
