// Plugin parameters as written, before they are checked against a plugin's
// declaration: the resolver's input (plugins/resolve.hpp). Independent of
// where they were written: the scenario loader converts its YAML tree,
// conformance its JSON, and declarations write defaults of `optimizer`
// parameters in a small flow notation parsed here.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lrbench::plugins {

// Where a value was written. `line` and `column` are 1-based; 0 means "no
// position" (JSON, a declaration's default). `file` null: the file the caller
// reports for the whole document.
struct Position {
  std::shared_ptr<const std::string> file;
  int line = 0;
  int column = 0;
};

struct MapEntry;

struct ValueTree {
  enum class Kind : std::uint8_t { null, scalar, sequence, map };
  Kind kind = Kind::null;
  Position at;
  std::string text;             // scalar: as written, without quotes
  bool quoted = false;          // scalar: a string, never a number or boolean
  std::vector<ValueTree> items;  // sequence
  std::vector<MapEntry> entries;  // map, in written order, keys unique

  [[nodiscard]] bool is_null() const noexcept { return kind == Kind::null; }
  [[nodiscard]] bool is_scalar() const noexcept { return kind == Kind::scalar; }
  [[nodiscard]] bool is_sequence() const noexcept { return kind == Kind::sequence; }
  [[nodiscard]] bool is_map() const noexcept { return kind == Kind::map; }
  [[nodiscard]] const ValueTree* find(std::string_view key) const noexcept;

  [[nodiscard]] static ValueTree scalar(std::string text, bool quoted = false, Position at = {});
};

struct MapEntry {
  std::string key;
  Position key_at;
  ValueTree value;
};

// How a value reads in "found …": "nothing (null)", "'x'", "the string \"x\"",
// "a list", "a map" (the scenario loader's wording).
[[nodiscard]] std::string describe(const ValueTree& value);

// A compact one-line rendering in flow style, scalars as written: "{name: sgd,
// params: {momentum: 0.9}}".
[[nodiscard]] std::string render(const ValueTree& value);

// Parses the flow notation declarations use for defaults and examples:
// scalars (words and numbers, unquoted), `null`, [a, b] and {key: value},
// nested. Returns nullopt and sets `error` for anything else.
[[nodiscard]] std::optional<ValueTree> parse_flow(std::string_view text, std::string& error);

}  // namespace lrbench::plugins
