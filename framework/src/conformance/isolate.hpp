// conformance --isolate: one case in a child process, so that a plugin that
// crashes fails its case instead of ending the whole check.
#pragma once

#include <functional>

#include "conformance/conformance.hpp"

namespace lrbench::conformance {

// `run()` in this process, or with `options.isolate` in a child process (its
// CaseResult sent back as JSON). A child that dies gives a failed case named
// after `identity` (its name and subject), saying how it died.
[[nodiscard]] CaseResult run_case(const CheckOptions& options, const CaseResult& identity,
                                  const std::function<CaseResult()>& run);

}  // namespace lrbench::conformance
