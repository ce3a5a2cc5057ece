// Golden data-generator cases (tests/data/golden/blobs.json, circles.json,
// moons.json; docs/conformance.md): a case names its scikit-learn generator
// (`generator`, absent = blobs) and the arguments it was called with
// (`params`, sklearn's names); this regenerates the points lrbench makes for
// them, for `lrbench conformance` to compare with the case's X and y.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "data/generators.hpp"

namespace lrbench::data {

struct ReferenceRun {
  std::string subject;  // "make_blobs", "make_circles", ...
  std::string name;     // the case's `name`, or its parameters
  Points points;
};

// Throws std::runtime_error naming `where` and the field for a malformed
// case or an unknown generator, std::invalid_argument for parameters the
// generator refuses.
[[nodiscard]] ReferenceRun run_reference_case(const nlohmann::json& c, const std::string& where);

// The generators a case may name.
[[nodiscard]] std::vector<std::string> reference_generators();

}  // namespace lrbench::data
