// The small pieces of text a report's tables are made of (internal to the
// report module): shared by the classification and the function-task
// renderings.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "report/summary.hpp"

namespace lrbench::report::cells {

inline constexpr const char* kDash = "—";

// Labels, plugin messages and notes come from outside: literal text, so a
// newline or raw HTML in a label cannot add headings or markup.
[[nodiscard]] std::string text(std::string_view s);
// Table cells must not contain a bare '|' (for generated text that may hold
// intended markup, such as the `code` of the setup differences).
[[nodiscard]] std::string cell(std::string_view s);
// "0.823 ± 0.015"; — without a value.
[[nodiscard]] std::string acc(const Stat& s);
// "0.436 ± 0.024" in 3 significant digits; — without a value.
[[nodiscard]] std::string loss(const Stat& s);
// An epoch count, — when never.
[[nodiscard]] std::string epochs_text(double e);
// Milliseconds from seconds: "4.2", "44".
[[nodiscard]] std::string ms(double seconds);
// "1/5 (seed 3) (1 failed)": diverged of recorded runs, which seeds, failures.
[[nodiscard]] std::string diverged(const VariantSummary& v);
[[nodiscard]] std::string join(const std::vector<std::string>& parts, std::string_view sep);

}  // namespace lrbench::report::cells
