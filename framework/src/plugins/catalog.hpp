// What the scenario validator, the parameter resolver and conformance need to
// know about loaded plugins.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "lrbench/plugin.hpp"

namespace lrbench::plugins {

class PluginCatalog {
 public:
  virtual ~PluginCatalog() = default;
  // The plugin of that kind and name, or nullptr.
  [[nodiscard]] virtual const PluginInfo* find(PluginKind kind, std::string_view name) const = 0;
  // Every loaded plugin name of that kind, sorted (for "did you mean").
  [[nodiscard]] virtual std::vector<std::string> names(PluginKind kind) const = 0;
  // What keeps `info`'s library loaded: every object made from the plugin
  // holds it. Null for plugins compiled into the host (test catalogs).
  [[nodiscard]] virtual std::shared_ptr<const void> library_of(const PluginInfo* info) const {
    static_cast<void>(info);
    return nullptr;
  }
  // The folders plugins were looked for in, in search order, for "no plugin
  // named X" messages; empty when the plugins did not come from folders.
  [[nodiscard]] virtual std::vector<std::filesystem::path> searched() const { return {}; }
};

}  // namespace lrbench::plugins
