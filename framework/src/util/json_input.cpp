#include "util/json_input.hpp"

#include <algorithm>

namespace lrbench::util {

std::size_t find_excess_depth(std::string_view text, std::size_t max_depth) noexcept {
  std::size_t depth = 0;
  bool in_string = false;
  bool escaped = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    switch (c) {
      case '"': in_string = true; break;
      case '[':
      case '{':
        if (++depth > max_depth) return i;
        break;
      case ']':
      case '}':
        if (depth > 0) --depth;  // unbalanced text is the parser's to report
        break;
      default: break;
    }
  }
  return std::string_view::npos;
}

std::size_t line_of(std::string_view text, std::size_t offset) noexcept {
  const auto end = text.begin() + static_cast<std::ptrdiff_t>(std::min(offset, text.size()));
  return 1 + static_cast<std::size_t>(std::count(text.begin(), end, '\n'));
}

nlohmann::json parse_json(std::string_view text, const std::string& source, const InputLimits& limits) {
  if (const std::size_t at = find_excess_depth(text, limits.max_json_depth); at != std::string_view::npos) {
    throw BadFile(source + ": nested deeper than " + std::to_string(limits.max_json_depth) + " levels (line " +
                  std::to_string(line_of(text, at)) + "); raise the limit with --max-json-depth");
  }
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    // A parse_error, or out_of_range for a number like 1e999. e.what() is
    // "[json.exception.parse_error.101] parse error at line 1, column 2:
    // syntax error while parsing value - ..."; keep what follows the tag.
    std::string what = e.what();
    if (const auto tag = what.find("] "); tag != std::string::npos) what.erase(0, tag + 2);
    throw BadFile(source + ": not valid JSON (" + what + ")");
  }
}

nlohmann::json read_json_file(const std::filesystem::path& file, const InputLimits& limits) {
  return parse_json(read_file_limited(file, limits.max_bytes), file.string(), limits);
}

}  // namespace lrbench::util
