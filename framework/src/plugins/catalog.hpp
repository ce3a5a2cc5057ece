// What the scenario validator needs to know about loaded plugins.
#pragma once

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
};

}  // namespace lrbench::plugins
