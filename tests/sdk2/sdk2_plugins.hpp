// The shipped plugins and the SDK 2 test plugins (test-plugins/sdk2), loaded
// once for the whole test program.
#pragma once

#include <memory>

#include "plugins/registry.hpp"

namespace lrbench::testing {

inline const plugins::Registry& sdk2_registry() {
  static const std::unique_ptr<plugins::Registry> loaded = [] {
    auto r = std::make_unique<plugins::Registry>();
    r->load_directory(LRBENCH_PLUGIN_DIR);
    r->load_directory(LRBENCH_TEST_PLUGIN_DIR "/sdk2");
    return r;
  }();
  return *loaded;
}

}  // namespace lrbench::testing
