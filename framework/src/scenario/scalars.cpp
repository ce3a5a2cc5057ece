#include "scenario/scalars.hpp"

#include <charconv>
#include <cstdlib>

#include <fmt/format.h>

namespace lrbench::scenario {

using tree::Node;

std::string printable(std::string_view text) {
  std::string out;
  for (const char ch : text) {
    const auto byte = static_cast<unsigned char>(ch);
    if (ch == '\n') out += "\\n";
    else if (ch == '\t') out += "\\t";
    else if (ch == '\r') out += "\\r";
    else if (byte < 0x20 || byte == 0x7F) out += fmt::format("\\x{:02X}", byte);
    else out += ch;
  }
  return out;
}

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

IntParse parse_integer(const std::string& text, std::int64_t& out) {
  std::size_t i = (!text.empty() && (text[0] == '-' || text[0] == '+')) ? 1 : 0;
  if (i == text.size()) return IntParse::not_integer;
  for (std::size_t k = i; k < text.size(); ++k) {
    if (text[k] < '0' || text[k] > '9') return IntParse::not_integer;
  }
  const char* first = text.data() + (text[0] == '+' ? 1 : 0);
  const auto [ptr, ec] = std::from_chars(first, text.data() + text.size(), out);
  if (ec == std::errc::result_out_of_range) return IntParse::overflow;
  if (ec != std::errc() || ptr != text.data() + text.size()) return IntParse::not_integer;
  return IntParse::ok;
}

std::optional<double> parse_real(const std::string& text) {
  std::string_view s = text;
  bool negative = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s == ".inf" || s == ".Inf" || s == ".INF") return negative ? -kInf : kInf;
  if (text == ".nan" || text == ".NaN" || text == ".NAN") return std::numeric_limits<double>::quiet_NaN();
  std::size_t i = 0;
  std::size_t digits = 0;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') { ++i; ++digits; }
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') { ++i; ++digits; }
  }
  if (digits == 0) return std::nullopt;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    std::size_t exponent_digits = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') { ++i; ++exponent_digits; }
    if (exponent_digits == 0) return std::nullopt;
  }
  if (i != s.size()) return std::nullopt;
  // strtod accepts exactly this grammar (and more); the checks above keep
  // hex floats, "infinity" and friends out. It overflows to ±inf.
  return std::strtod(text.c_str(), nullptr);
}

std::optional<bool> parse_bool(std::string_view text) {
  if (text == "true" || text == "True" || text == "TRUE") return true;
  if (text == "false" || text == "False" || text == "FALSE") return false;
  return std::nullopt;
}

}  // namespace lrbench::scenario
