// "Did you mean …?" for misspelt keys, plugin names and choice words.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lrbench::util {

// Damerau–Levenshtein distance in its "optimal string alignment" form: the
// edits are insert, delete, substitute and swap of two neighbours — a swap
// ("sdg" for "sgd") is the most common typo and should cost 1, not 2.
// ASCII letters compare case-insensitively ("Adam" is one away from nothing).
[[nodiscard]] std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate closest to `word`, if it is close enough to be a plausible
// typo (at most a third of the longer word's length, at least 1 edit).
// Ties go to the earlier candidate, so callers control the preference order.
[[nodiscard]] std::optional<std::string> nearest(std::string_view word,
                                                 const std::vector<std::string>& candidates);

// The tail of an error message: "; did you mean 'epochs'?" when a candidate is
// close, else "; expected one of: a, b, c" for short lists, else "".
[[nodiscard]] std::string suggestion(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace lrbench::util
