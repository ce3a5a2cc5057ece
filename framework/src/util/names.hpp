// Name <-> enum tables. Each enum that a scenario spells as a word keeps one
// table beside its declaration; printing, parsing and the list of accepted
// words in error messages all read that table, so they cannot drift apart
// (a new enumerator is one new row).
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lrbench::util {

template <class Enum, std::size_t N>
class NameTable {
 public:
  using Row = std::pair<Enum, std::string_view>;

  constexpr explicit NameTable(std::array<Row, N> rows) noexcept : rows_(rows) {}

  // The word for `value`; "?" for a value missing from the table.
  [[nodiscard]] constexpr std::string_view name(Enum value) const noexcept {
    for (const Row& row : rows_) {
      if (row.first == value) return row.second;
    }
    return "?";
  }

  // The value spelt `word` (exactly, case-sensitive), if any.
  [[nodiscard]] constexpr std::optional<Enum> parse(std::string_view word) const noexcept {
    for (const Row& row : rows_) {
      if (row.second == word) return row.first;
    }
    return std::nullopt;
  }

  // Every word, in table order: what "expected one of ..." lists.
  [[nodiscard]] std::vector<std::string> names() const {
    std::vector<std::string> out;
    out.reserve(N);
    for (const Row& row : rows_) out.emplace_back(row.second);
    return out;
  }

 private:
  std::array<Row, N> rows_;
};

}  // namespace lrbench::util
