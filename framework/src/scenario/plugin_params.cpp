#include "scenario/plugin_params.hpp"

#include <utility>
#include <vector>

#include <fmt/format.h>

#include "plugins/construct.hpp"
#include "plugins/resolve.hpp"
#include "scenario/suggest.hpp"
#include "scenario/value_tree.hpp"

namespace lrbench::scenario {

const PluginInfo* read_plugin(Reader& reader, const plugins::PluginCatalog& catalog, PluginKind kind,
                              const tree::Node& name_node, const std::string& path) {
  const auto name = reader.text(name_node, path);
  if (!name) return nullptr;
  if (const PluginInfo* info = catalog.find(kind, *name)) return info;
  const std::vector<std::string> names = catalog.names(kind);
  std::string message = fmt::format("unknown {} '{}'", to_string(kind), *name);
  if (names.empty()) {
    message += fmt::format("; no {} plugins are loaded (check --plugin-dir)", to_string(kind));
  } else if (auto best = nearest(*name, names)) {
    message += "; did you mean '" + *best + "'?";
  }
  reader.error(name_node.mark, path, message + plugins::search_summary(catalog, {kind}));
  return nullptr;
}

std::optional<ParamValues> read_params(Reader& reader, const plugins::PluginCatalog& catalog, const PluginInfo& info,
                                       const tree::Node* given, const std::string& path) {
  std::vector<plugins::ParamDiagnostic> problems;
  const std::optional<plugins::ValueTree> tree = given ? std::optional(to_value_tree(*given)) : std::nullopt;
  std::optional<ParamValues> values = plugins::resolve_params(info, tree ? &*tree : nullptr, path, catalog, problems);
  for (plugins::ParamDiagnostic& d : problems) {
    reader.error(tree::Mark{d.at.line, d.at.column, d.at.file}, d.path, std::move(d.message));
  }
  return values;
}

}  // namespace lrbench::scenario
