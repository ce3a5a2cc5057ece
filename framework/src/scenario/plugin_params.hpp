// Plugins named in a scenario, and their parameters resolved by the one
// parameter resolver (plugins/resolve.hpp): checked against what the plugin
// declares (name, type, range, nullable, nested optimizers), defaults filled in.
#pragma once

#include <optional>
#include <string>

#include "lrbench/params.hpp"
#include "plugins/catalog.hpp"
#include "scenario/reader.hpp"

namespace lrbench::scenario {

// The loaded plugins as the section readers use them.
struct PluginContext {
  const plugins::PluginCatalog& catalog;
  // Construct every optimizer and schedule once while reading
  // (LoadOptions::dry_construct; off with `run --isolate`).
  bool dry_construct = true;
};

// A plugin by name, or nullptr after "unknown optimizer 'x'; did you mean
// ...", with what was searched and found.
[[nodiscard]] const PluginInfo* read_plugin(Reader& reader, const plugins::PluginCatalog& catalog, PluginKind kind,
                                            const tree::Node& name_node, const std::string& path);

// Every declared parameter of `info`: the scenario's value (from the map
// `given`, which may be null or absent) or the declared default. nullopt
// after reporting unknown parameters, bad values or a bad declared default.
[[nodiscard]] std::optional<ParamValues> read_params(Reader& reader, const plugins::PluginCatalog& catalog,
                                                     const PluginInfo& info, const tree::Node* given,
                                                     const std::string& path);

}  // namespace lrbench::scenario
