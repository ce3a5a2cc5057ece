// Pieces every sub-command shares: exit statuses, the plugin folders, and
// loading the registry with its warnings.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "plugins/registry.hpp"
#include "util/json_input.hpp"

namespace lrbench::cli {

// Exit statuses, the same for every sub-command.
// Exit statuses, the same for every sub-command (docs/robustness.md).
enum ExitStatus : int {
  kSuccess = 0,
  kFailure = 1,      // some runs failed, a conformance case failed, a regression
  kBadInput = 2,     // the input could not be used: nothing was run
  kIoFailure = 4,    // an output could not be written (disk full, read-only, permissions)
  kInterrupted = 130,  // Ctrl-C (128 + SIGINT, as shells report it)
};

struct GlobalOptions {
  std::vector<std::filesystem::path> plugin_dirs;  // --plugin-dir, in order
  bool quiet = false;
  util::InputLimits limits;  // --max-input-mb, --max-json-depth
};

// Loads the plugins from the search path. Refused libraries are printed as
// warnings ("FILE: reason") unless `quiet`; the rest keep loading. With
// `probe_in_child`, each library is first loaded and checked in a child
// process, so that one that crashes while loading is refused instead of
// taking lrbench down (plugins/probe.hpp).
[[nodiscard]] std::unique_ptr<plugins::Registry> load_registry(const GlobalOptions& options,
                                                               bool probe_in_child = false);

// Warns (unless `quiet`) that a plugin was built without optimisation: its
// runs are slow and its throughput figures mislead.
void warn_if_unoptimised(const plugins::Registry& registry, const PluginInfo& info, const GlobalOptions& options);

// "lrbench: error: MESSAGE" on stderr.
void print_error(const std::string& message);
void print_warning(const std::string& message);

}  // namespace lrbench::cli
