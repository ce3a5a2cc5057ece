// Reading JSON that lrbench did not necessarily write itself: size and
// nesting depth are limited before nlohmann::json sees the text.
//
// Why the depth: nlohmann's parser keeps its own stack, but copying, dumping
// and comparing a value recurse once per level, so a document nested 200,000
// levels deep (a few hundred kilobytes of "[[[[...") overflows the thread's
// stack as soon as anything touches it. lrbench's own files nest at most 8
// levels; the limit leaves room for what others may add.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "util/files.hpp"

namespace lrbench::util {

inline constexpr std::size_t kMaxJsonDepth = 64;

// The limits on the files lrbench reads back; the CLI's --max-input-mb and
// --max-json-depth override them.
struct InputLimits {
  std::uintmax_t max_bytes = kMaxInputBytes;
  std::size_t max_json_depth = kMaxJsonDepth;
};

// The byte offset of the bracket that opens level max_depth + 1 of `text`,
// or npos when the text nests no deeper than max_depth. Brackets inside
// strings do not count. Linear, no recursion; the text need not be valid.
[[nodiscard]] std::size_t find_excess_depth(std::string_view text, std::size_t max_depth) noexcept;

// Parses `text`. Throws BadFile "SOURCE: nested deeper than N levels (line L)"
// or "SOURCE: not valid JSON (line L, column C: what was expected)".
[[nodiscard]] nlohmann::json parse_json(std::string_view text, const std::string& source,
                                        const InputLimits& limits = {});

// read_file_limited, then parse_json, naming the file in every error.
[[nodiscard]] nlohmann::json read_json_file(const std::filesystem::path& file, const InputLimits& limits = {});

// The 1-based line of byte `offset` in `text`.
[[nodiscard]] std::size_t line_of(std::string_view text, std::size_t offset) noexcept;

}  // namespace lrbench::util
