#include "scenario/scalars.hpp"

#include <fmt/format.h>

namespace lrbench::scenario {

using tree::Node;

std::string describe(const Node& n) {
  switch (n.kind) {
    case Node::Kind::null: return "nothing (null)";
    case Node::Kind::scalar: {
      const std::string quote = n.quoted ? "\"" : "'";
      std::string out = n.quoted ? "the string " : "";
      out.append(quote).append(printable(n.text)).append(quote);
      return out;
    }
    case Node::Kind::sequence: return "a list";
    case Node::Kind::map: return "a map";
  }
  return "?";
}

std::string number_text(double v) { return fmt::format("{}", v); }

bool Range::contains(double v) const {
  if (lo_open ? !(v > lo) : !(v >= lo)) return false;
  if (hi_open ? !(v < hi) : !(v <= hi)) return false;
  return true;
}

std::string Range::text() const {
  const bool has_lo = lo != -kInf;
  const bool has_hi = hi != kInf;
  if (has_lo && has_hi) {
    return fmt::format(" in {}{}, {}{}", lo_open ? "(" : "[", number_text(lo), number_text(hi), hi_open ? ")" : "]");
  }
  if (has_lo) return fmt::format(" {} {}", lo_open ? ">" : ">=", number_text(lo));
  if (has_hi) return fmt::format(" {} {}", hi_open ? "<" : "<=", number_text(hi));
  return "";
}

std::optional<bool> parse_bool(std::string_view text) {
  if (text == "true" || text == "True" || text == "TRUE") return true;
  if (text == "false" || text == "False" || text == "FALSE") return false;
  return std::nullopt;
}

}  // namespace lrbench::scenario
