// The scenario's YAML tree as the parameter resolver's input
// (plugins/value_tree.hpp), positions included.
#pragma once

#include "plugins/value_tree.hpp"
#include "scenario/tree.hpp"

namespace lrbench::scenario {

[[nodiscard]] plugins::ValueTree to_value_tree(const tree::Node& node);

}  // namespace lrbench::scenario
