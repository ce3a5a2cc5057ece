// Making optimizers and schedules from a catalog, with their nested
// optimizers bound, and the message for a plugin that is not there.
#pragma once

#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>

#include "lrbench/plugin.hpp"
#include "plugins/catalog.hpp"

namespace lrbench::plugins {

// A copy of `values` whose `optimizer` parameters, at every depth, can build
// their plugin: ParamValues::optimizer() then returns a fresh instance that
// holds its library loaded (the catalog itself may go first). Throws
// std::invalid_argument naming a nested plugin that is not in the catalog.
[[nodiscard]] ParamValues bind(const ParamValues& values, const PluginCatalog& catalog);

// The plugin `name` made with `values` (bound first). The object keeps its
// library, and those of its inner optimizers, loaded for as long as it lives.
// Throws std::invalid_argument for an unknown name; whatever the plugin's
// constructor throws passes through.
[[nodiscard]] std::shared_ptr<Optimizer> make_optimizer(const PluginCatalog& catalog, std::string_view name,
                                                        const ParamValues& values);
[[nodiscard]] std::shared_ptr<Schedule> make_schedule(const PluginCatalog& catalog, std::string_view name,
                                                      const ParamValues& values, double base_lr);

// "no optimizer plugin named 'x' is loaded; did you mean 'y'? (searched: A,
// B; optimizers found: adam, sgd)": what was searched and found, so that a
// missing --plugin-dir or a misspelt name is obvious.
[[nodiscard]] std::string not_found(const PluginCatalog& catalog, PluginKind kind, std::string_view name);

// The parenthesised tail of not_found: " (searched: A, B; optimizers found:
// adam, sgd)", listing the plugins of each kind given.
[[nodiscard]] std::string search_summary(const PluginCatalog& catalog, std::initializer_list<PluginKind> kinds);

}  // namespace lrbench::plugins
