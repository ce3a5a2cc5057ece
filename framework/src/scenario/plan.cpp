// The run plan: variants × seeds with stable ids.
#include <fmt/format.h>

#include "scenario/loader.hpp"
#include "scenario/scenario.hpp"
#include "util/hash.hpp"

namespace lrbench::scenario {

std::vector<Run> plan(const Scenario& scenario) {
  std::vector<Run> runs;
  runs.reserve(scenario.variants.size() * scenario.seeds.size());
  for (std::size_t v = 0; v < scenario.variants.size(); ++v) {
    // The id covers the whole resolved configuration, not the label: a label
    // is presentation, and two scenarios running the same setting and seed
    // share results (and baselines) whatever they call it.
    const std::string config = scenario.variants[v].config.resolved.dump();
    for (const std::uint64_t seed : scenario.seeds) {
      const std::uint64_t hash = util::fnv1a64(config + "/" + std::to_string(seed));
      runs.push_back(Run{fmt::format("{:016x}", hash), v, seed});
    }
  }
  return runs;
}

}  // namespace lrbench::scenario
