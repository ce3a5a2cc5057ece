// The scenario's own YAML tree: what the loader validates and what sweeps and
// variants rewrite. yaml-cpp's nodes are converted once into this small,
// immutable form because the loader needs things yaml-cpp does not keep
// conveniently: ordered map entries with their key's position, whether a
// scalar was quoted, and cheap copies (a variant shares every untouched
// subtree with the base document).
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "scenario/diagnostics.hpp"

namespace lrbench::scenario::tree {

struct Mark {
  int line = 0;    // 1-based; 0 = unknown
  int column = 0;  // 1-based
  // The file the position is in. With `extends`, one merged tree holds nodes
  // from several files, so the position alone cannot name the file; null
  // means "the scenario's own file".
  std::shared_ptr<const std::string> file;
};

struct Node;
using NodePtr = std::shared_ptr<const Node>;

struct Entry {
  std::string key;
  Mark key_mark;
  NodePtr value;
};

struct Node {
  enum class Kind : unsigned char { null, scalar, sequence, map };
  Kind kind = Kind::null;
  Mark mark;
  std::string text;     // scalar: exactly as written (without quotes)
  bool quoted = false;  // scalar: quoted or explicitly tagged, so never a number/bool
  std::vector<NodePtr> items;   // sequence
  std::vector<Entry> entries;   // map, in document order, keys unique

  [[nodiscard]] bool is_map() const noexcept { return kind == Kind::map; }
  [[nodiscard]] bool is_sequence() const noexcept { return kind == Kind::sequence; }
  [[nodiscard]] bool is_scalar() const noexcept { return kind == Kind::scalar; }
  [[nodiscard]] bool is_null() const noexcept { return kind == Kind::null; }
  [[nodiscard]] const Entry* find(std::string_view key) const noexcept;
};

// Refuses text that is not a YAML document at all: empty, containing NUL
// bytes (a binary file, or UTF-16), or not valid UTF-8. The diagnostic names
// the first bad byte's line and column.
[[nodiscard]] std::optional<Diagnostic> check_text(std::string_view text, const std::string& file);

// Parses `text` (already passed check_text) into a tree. On failure returns
// nullptr and appends diagnostics: YAML syntax errors, duplicate keys,
// non-scalar keys, more than `max_nodes` nodes after alias expansion, more
// than one document, an empty document.
[[nodiscard]] NodePtr parse(std::string_view text, const std::string& file, std::size_t max_nodes,
                            std::vector<Diagnostic>& diagnostics);

// A compact one-line rendering in YAML flow style, scalars as written:
// "1e-7", "[30, 80]", "{beta_1: 0.9}". Used for variant labels.
[[nodiscard]] std::string render(const Node& node);

// A copy of `root` with the value at `path` replaced by `value` (entries
// created as needed, maps created for missing intermediate keys; a numeric
// part indexes a list). Only the nodes along the path are copied. New or
// replaced entries take `key_mark`, so that a later "unknown key" error
// points at the sweep/variant entry that introduced the key. Returns nullptr
// and sets `error` when the path runs through a scalar or past a list's end.
[[nodiscard]] NodePtr with_value(const NodePtr& root, std::span<const std::string> path, const NodePtr& value,
                                 Mark key_mark, std::string& error);

// `over` merged over `base` (for `extends`): two maps merge key by key,
// recursively, `base`'s keys first in their order and `over`'s new keys after
// them; anything else (a list, a scalar, null, or a map meeting a non-map)
// is replaced by `over`'s value. Every node keeps the mark of the file it
// came from; a merged map and an overridden entry take `over`'s marks.
[[nodiscard]] NodePtr merge(const NodePtr& base, const NodePtr& over);

}  // namespace lrbench::scenario::tree
