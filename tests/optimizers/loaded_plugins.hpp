// The plugins of the build tree, loaded once for the whole test program.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "lrbench/lrbench.hpp"
#include "plugins/registry.hpp"
#include "plugins/resolve.hpp"

namespace lrbench::testing {

// The registry over LRBENCH_PLUGIN_DIR. A function-local static, so that
// parameterised tests can ask it for names while they are instantiated.
inline const plugins::Registry& registry() {
  static const std::unique_ptr<plugins::Registry> loaded = [] {
    auto r = std::make_unique<plugins::Registry>();
    r->load_directory(LRBENCH_PLUGIN_DIR);
    return r;
  }();
  return *loaded;
}

inline std::vector<std::string> optimizer_names() { return registry().names(PluginKind::optimizer); }

// Every declared parameter at its default (nested optimizers resolved).
inline ParamValues defaults(const PluginInfo& info) { return plugins::default_params(info, registry()); }

// The ten optimizers this repository ships.
inline const std::vector<std::string>& shipped_optimizers() {
  static const std::vector<std::string> names{"adadelta", "adagrad", "adam",  "adamax",  "adamw",
                                              "lion",     "nadam",   "radam", "rmsprop", "sgd"};
  return names;
}

}  // namespace lrbench::testing
