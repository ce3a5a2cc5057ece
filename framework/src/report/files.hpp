// Writing report files so that a reader (or a crash) never sees half a file.
#pragma once

#include <filesystem>
#include <string_view>

namespace lrbench::report {

// Writes `content` to `path.tmp-<pid>` in the same folder, flushes it and
// renames it over `path` (rename within one file system is atomic). Creates
// missing folders. Throws std::runtime_error naming the path on failure.
void write_file_atomically(const std::filesystem::path& path, std::string_view content);

}  // namespace lrbench::report
