// Reading a scenario file from disk, within the size limit, before any YAML
// parsing: the scenario itself and every file it `extends`.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace lrbench::scenario {

// The file's bytes, or nullopt with `why` set ("is a directory, not a
// scenario file", "cannot read the file: No such file or directory", "the
// file is N bytes; scenarios are limited to M bytes", ...).
[[nodiscard]] std::optional<std::string> read_source(const std::filesystem::path& file, std::string& why);

}  // namespace lrbench::scenario
