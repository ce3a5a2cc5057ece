// Pieces every sub-command shares: exit statuses, the plugin folders, and
// loading the registry with its warnings.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "plugins/registry.hpp"

namespace lrbench::cli {

// Exit statuses, the same for every sub-command.
enum ExitStatus : int {
  kSuccess = 0,
  kFailure = 1,     // some runs failed, a conformance case failed, a regression
  kBadInput = 2,    // the input could not be used: nothing was run
  kUndecided = 3,   // compare: too few repetitions to decide (not measured, not a pass)
};

struct GlobalOptions {
  std::vector<std::filesystem::path> plugin_dirs;  // --plugin-dir, in order
  bool quiet = false;
};

// Loads the plugins from the search path. Refused libraries are printed as
// warnings ("FILE: reason") unless `quiet`; the rest keep loading.
[[nodiscard]] std::unique_ptr<plugins::Registry> load_registry(const GlobalOptions& options);

// "lrbench: error: MESSAGE" on stderr.
void print_error(const std::string& message);
void print_warning(const std::string& message);

}  // namespace lrbench::cli
