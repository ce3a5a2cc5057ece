// The keys that describe the experiment rather than one run: its name and
// description, the seeds, and the target accuracy.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "scenario/reader.hpp"
#include "scenario/scenario.hpp"

namespace lrbench::scenario {

// `name` (a safe folder name), or the file's stem when absent.
[[nodiscard]] std::string read_name(Reader& reader, const tree::Node& root, const std::string& file);

// `description`, "" when absent.
[[nodiscard]] std::string read_description(Reader& reader, const tree::Node& root);

// `seeds` (distinct integers >= 0; [0] when absent), or the command line's
// --seeds when given, which replaces them.
[[nodiscard]] std::vector<std::uint64_t> read_seeds(Reader& reader, const tree::Node& root,
                                                    const std::optional<std::vector<std::uint64_t>>& override_seeds);

// `target: {test_accuracy: V}` or `{train_accuracy: V}`, V in (0, 1].
[[nodiscard]] std::optional<Target> read_target(Reader& reader, const tree::Node& root);

}  // namespace lrbench::scenario
