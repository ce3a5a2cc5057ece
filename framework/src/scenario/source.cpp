#include "scenario/source.hpp"

#include <variant>

#include <fmt/format.h>

#include "scenario/limits.hpp"
#include "util/files.hpp"

namespace lrbench::scenario {

std::optional<std::string> read_source(const std::filesystem::path& file, std::string& why) {
  // The one size-limited reader (util/files.hpp): a FIFO or a pipe
  // (/dev/stdin in `... | lrbench run /dev/stdin`) or a device is refused
  // before a byte is read, as it may never end.
  auto read = util::read_file_or_problem(file, limits::kMaxFileBytes);
  if (auto* content = std::get_if<std::string>(&read)) return std::move(*content);
  const util::ReadProblem& problem = std::get<util::ReadProblem>(read);
  switch (problem.kind) {
    case util::ReadProblem::Kind::unreadable: why = "cannot read the file: " + problem.detail; break;
    case util::ReadProblem::Kind::folder: why = "is a directory, not a scenario file"; break;
    case util::ReadProblem::Kind::not_regular:
      why = fmt::format("is {}, not a regular file; save the scenario to a file and run that", problem.detail);
      break;
    case util::ReadProblem::Kind::too_large:
      why = fmt::format("the file is {} bytes; scenarios are limited to {} bytes", problem.detail, limits::kMaxFileBytes);
      break;
  }
  return std::nullopt;
}

}  // namespace lrbench::scenario
