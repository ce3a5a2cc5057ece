// `extends: FILE`: a scenario built on a shared base file.
#pragma once

#include <string>
#include <vector>

#include "scenario/diagnostics.hpp"
#include "scenario/tree.hpp"

namespace lrbench::scenario {

// `root` with its `extends` chain resolved: the named file (relative to the
// folder of `file`) is loaded, its own `extends` resolved the same way, and
// `root` merged over it (tree::merge). The base's `name` is dropped: a name
// defaults to the file name, and inheriting it would give every scenario
// extending one base the same name (and output folder). Cycles are refused.
// nullptr after appending diagnostics.
[[nodiscard]] tree::NodePtr resolve_extends(const tree::NodePtr& root, const std::string& file,
                                            std::vector<Diagnostic>& diagnostics);

}  // namespace lrbench::scenario
