// Numbers as people write them in scenario files and reports.
#pragma once

#include <string>

namespace lrbench::util {

// The shortest text that reads back as the same double, with the exponent as
// a scenario file writes it: 0.01, 2 (not 2.0), 1e-7 (not 1e-07), 1e+20 as 1e20.
[[nodiscard]] std::string short_number(double value);

}  // namespace lrbench::util
