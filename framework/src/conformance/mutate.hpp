// `lrbench conformance --mutate`: do the golden cases notice when a
// parameter changes? For every optimizer case, the plugin is rerun with one
// parameter changed at a time — a number by 1 %, an integer by 1, a flag
// flipped, a choice set to each other word, and the same for the parameters
// of nested optimizers — and a change counts as detected when the case then
// fails at its tolerance. A change that no case detects means the files
// cannot tell that parameter's value apart from rounding (or never exercise
// it): the conformance check would pass a plugin that gets it wrong.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "conformance/conformance.hpp"
#include "plugins/catalog.hpp"

namespace lrbench::conformance {

struct MutationOutcome {
  std::string optimizer;
  std::string parameter;   // "momentum"; a nested one: "inner[sgd].momentum"
  std::string change;      // "1 %" (×1.01, or ×0.99 where 1.01 leaves the range), "±1", "flipped", "→ word"
  std::size_t tried = 0;     // cases in which the changed plugin could be made and run
  std::size_t detected = 0;  // of those, the cases that failed
  std::string never_tried;   // when tried == 0: why ("null in every case", "0 in every case", ...)

  [[nodiscard]] bool undetected() const noexcept { return detected == 0; }
};

// Every mutation of every optimizer parameter met in the files' cases,
// aggregated over all cases of all files (a change is detected when any case
// detects it), in the order optimizers and parameters are first met.
// Schedule and blobs files are skipped. Throws std::runtime_error for a
// malformed file.
[[nodiscard]] std::vector<MutationOutcome> mutate(const std::vector<GoldenFile>& files,
                                                  const plugins::PluginCatalog& catalog,
                                                  const CheckOptions& options = {});

}  // namespace lrbench::conformance
