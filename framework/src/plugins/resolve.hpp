// The one parameter resolver: a plugin's declared parameters plus the values
// written for them (a ValueTree, with positions when it comes from YAML) give
// a complete ParamValues, or diagnostics. Used by the scenario loader, by
// conformance (golden files' `params`) and by bench (defaults and examples),
// so a value means the same thing, and is refused for the same reason,
// everywhere.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "lrbench/plugin.hpp"
#include "plugins/catalog.hpp"
#include "plugins/value_tree.hpp"

namespace lrbench::plugins {

// One problem with one value: where it was written, its dotted key path
// ("optimizer.params.inner.params.momentum") and what was expected and found.
struct ParamDiagnostic {
  Position at;
  std::string path;
  std::string message;
};

// Resolves `given` — the `params` map as written, or nullptr when there is
// none — against `info`'s declaration. Every declared parameter gets the
// given value or its default. Diagnosed, each at its own position:
//   * an unknown key, with the nearest declared name, or a hint for the
//     spellings of other libraries (`lr`, `learning_rate`, `betas`, `eps`);
//   * a value of the wrong type, out of its range, infinite where the spec
//     does not allow it (or_infinite), or null where it may not be null;
//   * at every depth of an `optimizer` parameter ({name: X, params: {...}} or
//     just X): an unknown plugin (with what was searched and found), its own
//     parameters as above, and whatever its constructor rejects (each nested
//     optimizer is made once, so its cross-parameter checks report at its
//     position rather than as the outer plugin's failure).
// `path` names `given` in messages ("optimizer.params"). Returns nullopt
// after appending at least one diagnostic to `out`.
[[nodiscard]] std::optional<ParamValues> resolve_params(const PluginInfo& info, const ValueTree* given,
                                                        const std::string& path, const PluginCatalog& catalog,
                                                        std::vector<ParamDiagnostic>& out);

// Every declared parameter at its default, `optimizer` defaults resolved.
// With `use_examples`, a parameter whose default is null takes its declared
// example() instead (what bench and the docs need to build every plugin).
// Throws std::invalid_argument with the diagnostics when that fails (a
// default naming a plugin that is not loaded).
[[nodiscard]] ParamValues default_params(const PluginInfo& info, const PluginCatalog& catalog,
                                         bool use_examples = false);

// The text a spec's example() gives, as a flow value: "0.999", "[1000, 2000]".
// Empty when the spec declares no example.
[[nodiscard]] std::string example_text(const ParamSpec& spec);

// "file:line:col: path: message" for messages outside the scenario loader
// (which has its own Diagnostic type and format).
[[nodiscard]] std::string format(const ParamDiagnostic& diagnostic, const std::string& default_file = {});

}  // namespace lrbench::plugins
