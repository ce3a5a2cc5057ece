// Running the lrbench executable from a test, as a user runs it, and the
// scratch folders and files such tests need.
#pragma once

#include <filesystem>
#include <string>

namespace lrbench::testing {

struct CommandResult {
  int status = -1;     // the exit status, or -1 when the process died from a signal
  std::string output;  // stdout and stderr together
};

// `lrbench ARGS`, run through the shell (ARGS may hold quotes and
// redirections) in `cwd` when given; waits for it.
[[nodiscard]] CommandResult run_lrbench(const std::string& args, const std::filesystem::path& cwd = {});

// Any shell command, the same way.
[[nodiscard]] CommandResult run_command(const std::string& command, const std::filesystem::path& cwd = {});

// `text` quoted for the shell: 'it'\''s'.
[[nodiscard]] std::string shell_quote(const std::string& text);

// An empty folder under the system's temp folder, unique to this process and
// `name`; emptied if it existed.
[[nodiscard]] std::filesystem::path fresh_dir(const std::string& name);

[[nodiscard]] std::string read_file(const std::filesystem::path& path);
void write_file(const std::filesystem::path& path, const std::string& content);

}  // namespace lrbench::testing
