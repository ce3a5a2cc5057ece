// "Did you mean …?" lives in util (plugins use it too); the scenario module's
// names for it.
#pragma once

#include "util/suggest.hpp"

namespace lrbench::scenario {

using util::edit_distance;
using util::nearest;
using util::suggestion;

}  // namespace lrbench::scenario
