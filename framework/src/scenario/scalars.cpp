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

std::optional<bool> parse_bool(std::string_view text) {
  if (text == "true" || text == "True" || text == "TRUE") return true;
  if (text == "false" || text == "False" || text == "FALSE") return false;
  return std::nullopt;
}

}  // namespace lrbench::scenario
