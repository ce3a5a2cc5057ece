#include "util/number_text.hpp"

#include <fmt/format.h>

namespace lrbench::util {

std::string short_number(double value) {
  std::string t = fmt::format("{}", value);
  // fmt writes 1e-07; the scenario files (and the labels) write 1e-7.
  if (const auto e = t.find('e'); e != std::string::npos) {
    std::size_t digits = e + 1;
    if (digits < t.size() && (t[digits] == '-' || t[digits] == '+')) ++digits;
    if (t[e + 1] == '+') t.erase(e + 1, 1), --digits;
    while (digits + 1 < t.size() && t[digits] == '0') t.erase(digits, 1);
  }
  return t;
}

}  // namespace lrbench::util
