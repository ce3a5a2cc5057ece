// The scenario's schema in one place: the document's top-level keys, the
// config sections that sweeps and variants may address, and the canonical
// JSON of a resolved configuration (recorded in runs.jsonl, hashed into run
// ids, so its spelling must stay stable).
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "scenario/scenario.hpp"

namespace lrbench::scenario {

// The config sections: what one run needs. Sweeps and variants may set keys
// under these, and only these.
[[nodiscard]] const std::vector<std::string>& config_sections();

// Every key a scenario document may hold at its top level.
[[nodiscard]] const std::vector<std::string>& top_level_keys();

// The canonical form of a resolved configuration: every default written out,
// object keys sorted (nlohmann::json's default object), schedules always as
// a sequence so "one schedule" has a single spelling.
[[nodiscard]] nlohmann::json canonical_json(const RunConfig& config);

}  // namespace lrbench::scenario
