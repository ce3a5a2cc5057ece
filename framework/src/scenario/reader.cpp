#include "scenario/reader.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include <fmt/format.h>

#include "scenario/suggest.hpp"

namespace lrbench::scenario {

using tree::Entry;
using tree::Mark;
using tree::Node;

void Reader::error(const Mark& m, const std::string& path, std::string message) {
  // A node read from a file named by `extends` carries that file's name.
  out_.push_back(Diagnostic{m.file ? *m.file : file_, m.line, m.column, path, std::move(message)});
}

const Node* Reader::map(const Node* node, const std::string& path) {
  if (node == nullptr) return nullptr;
  if (node->is_map()) return node;
  if (node->is_null()) {
    auto empty = std::make_shared<Node>();
    empty->kind = Node::Kind::map;
    empty->mark = node->mark;
    null_maps_.push_back(empty);
    return empty.get();
  }
  error(node->mark, path, "expected a map, found " + describe(*node));
  return nullptr;
}

void Reader::check_keys(const Node& map, const std::string& path, const std::vector<std::string>& allowed) {
  for (const Entry& e : map.entries) {
    if (std::find(allowed.begin(), allowed.end(), e.key) == allowed.end()) {
      error(e.key_mark, join_key(path, e.key), "unknown key '" + e.key + "'" + suggestion(e.key, allowed));
    }
  }
}

const Node* Reader::get(const Node& map, std::string_view key) {
  const Entry* e = map.find(key);
  return e ? e->value.get() : nullptr;
}

const Node* Reader::require(const Node& map, const std::string& path, std::string_view key) {
  const Node* v = get(map, key);
  if (v == nullptr) error(map.mark, path, fmt::format("missing required key '{}'", key));
  return v;
}

std::optional<std::int64_t> Reader::integer(const Node& n, const std::string& path, Range range) {
  std::int64_t v = 0;
  const IntParse r = (n.is_scalar() && !n.quoted) ? parse_integer(n.text, v) : IntParse::not_integer;
  if (r == IntParse::not_integer) {
    error(n.mark, path, "expected an integer" + range.text() + ", found " + describe(n));
    return std::nullopt;
  }
  if (r == IntParse::overflow || !range.contains(static_cast<double>(v))) {
    error(n.mark, path, "expected an integer" + range.text() + ", found " + n.text);
    return std::nullopt;
  }
  return v;
}

std::optional<double> Reader::number(const Node& n, const std::string& path, Range range) {
  const std::optional<double> v = (n.is_scalar() && !n.quoted) ? parse_real(n.text) : std::nullopt;
  if (!v) {
    error(n.mark, path, "expected a number" + range.text() + ", found " + describe(n));
    return std::nullopt;
  }
  if (!std::isfinite(*v)) {
    error(n.mark, path, "expected a finite number" + range.text() + ", found " + n.text);
    return std::nullopt;
  }
  if (!range.contains(*v)) {
    error(n.mark, path, "expected a number" + range.text() + ", found " + n.text);
    return std::nullopt;
  }
  return v;
}

std::optional<bool> Reader::boolean(const Node& n, const std::string& path) {
  if (n.is_scalar() && !n.quoted) {
    if (auto v = parse_bool(n.text)) return v;
  }
  error(n.mark, path, "expected true or false, found " + describe(n));
  return std::nullopt;
}

std::optional<std::string> Reader::text(const Node& n, const std::string& path) {
  if (n.is_scalar()) return n.text;
  error(n.mark, path, "expected a string, found " + describe(n));
  return std::nullopt;
}

std::optional<std::string> Reader::one_of(const Node& n, const std::string& path,
                                          const std::vector<std::string>& words) {
  if (n.is_scalar() && std::find(words.begin(), words.end(), n.text) != words.end()) return n.text;
  std::string expected;
  for (std::size_t i = 0; i < words.size(); ++i) expected += (i ? "|" : "") + words[i];
  std::string message = "expected one of " + expected + ", found " + describe(n);
  if (n.is_scalar()) {
    if (auto best = nearest(n.text, words)) message += "; did you mean '" + *best + "'?";
  }
  error(n.mark, path, message);
  return std::nullopt;
}

}  // namespace lrbench::scenario
