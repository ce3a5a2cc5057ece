// Text from outside lrbench (plugin messages, labels) made safe for the
// formats it ends up in: JSON, which must be valid UTF-8, and Markdown,
// where a label must stay a label.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace lrbench::util {

// `text` with every byte that is not part of a well-formed UTF-8 sequence
// (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF)
// replaced by U+FFFD, one replacement per bad byte. Valid text comes back
// unchanged. nlohmann::json refuses to serialise invalid UTF-8 (it throws
// from dump()), so every string from a plugin passes through here before it
// enters a record.
[[nodiscard]] std::string valid_utf8(std::string_view text);

// `text` as literal inline Markdown (CommonMark/GitHub): ASCII punctuation
// that could start markup (\ ` * _ [ ] | # ! ~ and the rest) is
// backslash-escaped, < > & become entities so no raw HTML gets through, and
// control characters (a newline would end the table row or start a heading)
// become their visible Unicode symbols (U+2400 + code: "␊" for a newline).
// For labels and plugin messages in tables, bullets and **bold**; not for
// text inside `code spans`, where backslashes are literal.
[[nodiscard]] std::string markdown_text(std::string_view text);

// `text` as a Markdown code span, shown literally: fenced with one backtick
// more than its longest run of backticks (CommonMark 6.1), with '|' written
// "\|" (GitHub's tables split cells on it even inside code) and control
// characters as visible symbols, as in markdown_text.
[[nodiscard]] std::string markdown_code(std::string_view text);

// `text` cut at every `separator`: "a.b..c" → {"a", "b", "", "c"}; "" → {""}.
[[nodiscard]] std::vector<std::string> split(std::string_view text, char separator);

// A dotted key path one level deeper, as messages name a setting:
// "a.b" + "c" → "a.b.c"; "" + "c" → "c".
[[nodiscard]] std::string join_key(std::string_view path, std::string_view key);

}  // namespace lrbench::util
