#include "scenario/source.hpp"

#include <fstream>
#include <sstream>
#include <system_error>

#include <fmt/format.h>

#include "scenario/limits.hpp"

namespace lrbench::scenario {

std::optional<std::string> read_source(const std::filesystem::path& file, std::string& why) {
  std::error_code ec;
  namespace fs = std::filesystem;
  const fs::file_status status = fs::status(file, ec);  // follows /dev/stdin to what it is
  if (fs::is_directory(status)) {
    why = "is a directory, not a scenario file";
    return std::nullopt;
  }
  if (!ec && !fs::is_regular_file(status)) {
    // A FIFO or a pipe (/dev/stdin in `... | lrbench run /dev/stdin`) has no
    // size to check and may never end; a device may never end either.
    const char* kind = fs::is_fifo(status)              ? "a FIFO or pipe"
                       : fs::is_character_file(status) ? "a character device"
                       : fs::is_block_file(status)     ? "a block device"
                       : fs::is_socket(status)         ? "a socket"
                                                       : "not a regular file";
    why = fmt::format("is {}, not a regular file; save the scenario to a file and run that", kind);
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
