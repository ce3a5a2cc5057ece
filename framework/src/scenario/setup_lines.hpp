// A run configuration in words, for the report's Setup section: written into
// scenario.json by the runner, so the report never has to rebuild it from the
// configuration's JSON.
#pragma once

#include <string>
#include <vector>

#include "scenario/scenario.hpp"

namespace lrbench::scenario {

// "**Data**: `make_blobs` (...): 1000 samples, ...; the first 500 rows train,
// the other 500 test." is {"Data", "`make_blobs` (...) ... 500 test"}: the
// report adds the bold topic and the full stop.
[[nodiscard]] std::vector<SetupLine> setup_lines(const RunConfig& config);

// The optimizer's line alone ("`sgd`, lr 0.01; momentum 0.9, ..."), which a
// report also uses when a variant swaps the optimizer.
[[nodiscard]] std::string optimizer_text(const OptimizerSpec& optimizer);

}  // namespace lrbench::scenario
