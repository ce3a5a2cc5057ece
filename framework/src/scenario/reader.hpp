// Reading typed values out of a scenario tree, reporting every problem as a
// Diagnostic. The section readers (sections.hpp) are built from these.
//
// A Reader only collects diagnostics: each accessor returns nullopt (or
// nullptr) after reporting, so one bad value does not hide the next, and the
// caller decides what a failure means for the values that depend on it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "scenario/diagnostics.hpp"
#include "scenario/scalars.hpp"
#include "scenario/tree.hpp"
#include "util/text.hpp"

namespace lrbench::scenario {

// "a.b" + "c" -> "a.b.c" (util/text.hpp).
using util::join_key;

class Reader {
 public:
  // `file` names nodes that carry no file of their own (the scenario's own
  // file); diagnostics are appended to `out`.
  Reader(const std::string& file, std::vector<Diagnostic>& out) : file_(file), out_(out) {}

  void error(const tree::Mark& at, const std::string& path, std::string message);
  // A problem that has no place in the tree (a command-line value).
  void add(Diagnostic diagnostic) { out_.push_back(std::move(diagnostic)); }
  // The file a node was read from (with `extends`, not always the scenario's).
  [[nodiscard]] const std::string& file_of(const tree::Mark& at) const { return at.file ? *at.file : file_; }
  // How many diagnostics have been reported so far (by anyone sharing `out`).
  [[nodiscard]] std::size_t errors() const { return out_.size(); }

  // --- maps -----------------------------------------------------------------

  // The map at `node`, or nullptr after an error (nullptr in, nullptr out). A
  // null value (`training:` with nothing after it) reads as an empty map, so
  // the message is about the missing keys rather than the type.
  const tree::Node* map(const tree::Node* node, const std::string& path);
  void check_keys(const tree::Node& map, const std::string& path, const std::vector<std::string>& allowed);
  [[nodiscard]] static const tree::Node* get(const tree::Node& map, std::string_view key);
  const tree::Node* require(const tree::Node& map, const std::string& path, std::string_view key);

  // --- scalars --------------------------------------------------------------

  std::optional<std::int64_t> integer(const tree::Node& n, const std::string& path, Range range);
  std::optional<double> number(const tree::Node& n, const std::string& path, Range range);
  std::optional<bool> boolean(const tree::Node& n, const std::string& path);
  std::optional<std::string> text(const tree::Node& n, const std::string& path);
  // One of `words`, with "did you mean" for a near miss.
  std::optional<std::string> one_of(const tree::Node& n, const std::string& path,
                                    const std::vector<std::string>& words);

  // An enum spelt as a word of its NameTable (util/names.hpp).
  template <class Table>
  auto word(const tree::Node& n, const std::string& path, const Table& table) -> decltype(table.parse("")) {
    if (auto v = one_of(n, path, table.names())) return table.parse(*v);
    return std::nullopt;
  }

 private:
  const std::string& file_;
  std::vector<Diagnostic>& out_;
  std::vector<tree::NodePtr> null_maps_;  // keeps the stand-ins map() returns alive
};

}  // namespace lrbench::scenario
