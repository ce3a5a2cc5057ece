#include "cli/common.hpp"

#include <filesystem>

#include <fmt/format.h>
#include <fmt/ostream.h>

#include <iostream>

#include "model/isa.hpp"

namespace lrbench::cli {

namespace {

// The plugin builds for the model kernels' instruction set (LRBENCH_ISA, or
// the best this CPU runs), then the lower ones: a plugin with no build for
// the set in force falls back to the next one down, and last to its
// portable library.
std::vector<std::string> plugin_variant_folders() {
  std::vector<std::string> folders;
  const model::Isa selected = model::selected_isa();
  for (const model::Isa isa : {model::Isa::avx512, model::Isa::avx2}) {
    if (isa <= selected) folders.emplace_back(model::to_string(isa));
  }
  return folders;
}

}  // namespace

std::unique_ptr<plugins::Registry> load_registry(const GlobalOptions& options, bool probe_in_child) {
  auto registry = plugins::load_plugins(options.plugin_dirs, probe_in_child, plugin_variant_folders());
  if (!options.quiet) {
    for (const auto& dir : options.plugin_dirs) {
      std::error_code ec;
      if (!std::filesystem::is_directory(dir, ec)) {
        print_warning(fmt::format("--plugin-dir {}: {}", dir.string(),
                                  std::filesystem::exists(dir, ec) ? "not a folder" : "no such folder"));
      }
    }
    for (const auto& refused : registry->refused()) {
      print_warning(fmt::format("{}: refused: {}", refused.file.string(), refused.reason));
    }
  }
  return registry;
}

void warn_if_unoptimised(const plugins::Registry& registry, const PluginInfo& info, const GlobalOptions& options) {
  if (options.quiet || info.build.optimized) return;
  const auto* file = registry.file_of(&info);
  print_warning(fmt::format("{} '{}'{} was built without optimisation ({}): its runs are slow and its speed "
                            "figures misleading; rebuild it with -DCMAKE_BUILD_TYPE=Release",
                            to_string(info.kind), info.meta.name, file ? " (" + file->string() + ")" : std::string(),
                            info.build.compiler));
}

void print_error(const std::string& message) { std::cerr << "lrbench: error: " << message << '\n'; }
void print_warning(const std::string& message) { std::cerr << "lrbench: warning: " << message << '\n'; }

}  // namespace lrbench::cli
