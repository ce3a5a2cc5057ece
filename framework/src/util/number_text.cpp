#include "util/number_text.hpp"

#include <cctype>
#include <charconv>

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

std::string human_bytes(std::uint64_t bytes) {
  static constexpr const char* kUnits[] = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  if (bytes < 1024) return fmt::format("{} bytes", bytes);
  double value = static_cast<double>(bytes);
  int unit = -1;
  while (value >= 1024.0 && unit < 5) {
    value /= 1024.0;
    ++unit;
  }
  return value < 10 ? fmt::format("{:.1f} {}", value, kUnits[unit]) : fmt::format("{:.0f} {}", value, kUnits[unit]);
}

std::optional<std::uint64_t> parse_bytes(std::string_view text) {
  std::size_t digits = 0;
  while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') ++digits;
  if (digits == 0) return std::nullopt;
  std::uint64_t value = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + digits, value);
  if (ec != std::errc() || ptr != text.data() + digits) return std::nullopt;
  std::string suffix(text.substr(digits));
  for (char& c : suffix) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (suffix.size() > 1 && suffix.back() == 'B') suffix.pop_back();       // KB, KIB
  if (suffix.size() > 1 && suffix.back() == 'I') suffix.pop_back();       // KI
  if (suffix == "B") suffix.clear();
  int shift = 0;
  if (suffix == "K") shift = 10;
  else if (suffix == "M") shift = 20;
  else if (suffix == "G") shift = 30;
  else if (suffix == "T") shift = 40;
  else if (!suffix.empty()) return std::nullopt;
  if (shift > 0 && value > (UINT64_MAX >> shift)) return std::nullopt;
  return value << shift;
}

}  // namespace lrbench::util
