#include "cli/common.hpp"

#include <fmt/format.h>
#include <fmt/ostream.h>

#include <iostream>

namespace lrbench::cli {

std::unique_ptr<plugins::Registry> load_registry(const GlobalOptions& options, bool probe_in_child) {
  auto registry = plugins::load_plugins(options.plugin_dirs, probe_in_child);
  if (!options.quiet) {
    for (const auto& refused : registry->refused()) {
      print_warning(fmt::format("{}: refused: {}", refused.file.string(), refused.reason));
    }
  }
  return registry;
}

void print_error(const std::string& message) { std::cerr << "lrbench: error: " << message << '\n'; }
void print_warning(const std::string& message) { std::cerr << "lrbench: warning: " << message << '\n'; }

}  // namespace lrbench::cli
