#include "scenario/source.hpp"

#include <fstream>
#include <sstream>
#include <system_error>

#include <fmt/format.h>

#include "scenario/limits.hpp"

namespace lrbench::scenario {

std::optional<std::string> read_source(const std::filesystem::path& file, std::string& why) {
  std::error_code ec;
  if (std::filesystem::is_directory(file, ec)) {
    why = "is a directory, not a scenario file";
    return std::nullopt;
  }
  const auto size = std::filesystem::file_size(file, ec);
  if (ec) {
    why = "cannot read the file: " + ec.message();
    return std::nullopt;
  }
  if (size > limits::kMaxFileBytes) {
    why = fmt::format("the file is {} bytes; scenarios are limited to {} bytes", size, limits::kMaxFileBytes);
    return std::nullopt;
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    why = "cannot open the file";
    return std::nullopt;
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) {
    why = "cannot read the file";
    return std::nullopt;
  }
  return text.str();
}

}  // namespace lrbench::scenario
