#include "cli/values.hpp"

#include <charconv>
#include <cmath>
#include <optional>

#include <fmt/format.h>

#include "util/number_text.hpp"

namespace lrbench::cli {

namespace {

// The text as the message shows it: quoted, and cut when long.
std::string shown(std::string_view text) {
  constexpr std::size_t kShown = 40;
  if (text.size() <= kShown) return "'" + std::string(text) + "'";
  return "'" + std::string(text.substr(0, kShown)) + "...' (" + std::to_string(text.size()) + " characters)";
}

std::string number_problem(std::string_view text, double min, double max) {
  const std::string expected = fmt::format("expected a number from {:g} to {:g}", min, max);
  std::string_view digits = text;
  if (!digits.empty() && digits.front() == '+') digits.remove_prefix(1);
  double value = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size()) {
    return expected + ", found " + shown(text);
  }
  if (!std::isfinite(value) || value < min || value > max) return expected + ", found " + shown(text);
  return {};
}

}  // namespace

std::string integer_problem(std::string_view text, std::uint64_t min, std::uint64_t max, std::uint64_t& value) {
  const std::string expected = fmt::format("expected an integer from {} to {}", min, max);
  std::string_view digits = text;
  if (!digits.empty() && digits.front() == '+') digits.remove_prefix(1);
  // Digits only: from_chars alone would stop at the first non-digit.
  if (digits.empty() || digits.find_first_not_of("0123456789") != std::string_view::npos) {
    return expected + ", found " + shown(text);
  }
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec != std::errc() || value < min || value > max) return expected + ", found " + shown(text);
  return {};
}

CLI::Validator integer_in(std::uint64_t min, std::uint64_t max) {
  return CLI::Validator(
      [=](std::string& text) {
        std::uint64_t ignored = 0;
        return integer_problem(text, min, max, ignored);
      },
      fmt::format("INT in [{} - {}]", min, max), "integer_in");
}

CLI::Validator number_in(double min, double max) {
  return CLI::Validator([=](std::string& text) { return number_problem(text, min, max); },
                        fmt::format("NUMBER in [{:g} - {:g}]", min, max), "number_in");
}

CLI::Validator byte_size() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        const std::optional<std::uint64_t> bytes = util::parse_bytes(text);
        if (!bytes || *bytes == 0) {
          return fmt::format("expected a size of at least 1 byte such as 512M or 4G, found {}", shown(text));
        }
        return {};
      },
      "SIZE", "byte_size");
}

CLI::Validator text_of_length(std::size_t max_length) {
  return CLI::Validator(
      [=](std::string& text) -> std::string {
        if (text.empty()) return "expected a non-empty value, found ''";
        if (text.size() > max_length) {
          return fmt::format("expected at most {} characters, found {}", max_length, shown(text));
        }
        return {};
      },
      "", "text_of_length");
}

CLI::Validator integer_list(std::uint64_t min, std::uint64_t max) {
  return CLI::Validator(
      [=](std::string& text) -> std::string {
        const std::string expected = fmt::format("expected a comma-separated list of integers from {} to {}", min, max);
        if (text.empty()) return expected + ", found ''";
        std::size_t begin = 0;
        while (true) {
          const std::size_t comma = text.find(',', begin);
          const std::string_view item =
              std::string_view(text).substr(begin, comma == std::string::npos ? std::string::npos : comma - begin);
          std::uint64_t ignored = 0;
          if (!integer_problem(item, min, max, ignored).empty()) return expected + ", found " + shown(item);
          if (comma == std::string::npos) return {};
          begin = comma + 1;
        }
      },
      "LIST", "integer_list");
}

std::vector<std::uint64_t> parse_integer_list(std::string_view text) {
  std::vector<std::uint64_t> out;
  std::size_t begin = 0;
  while (begin <= text.size()) {
    const std::size_t comma = text.find(',', begin);
    std::string_view item = text.substr(begin, comma == std::string_view::npos ? std::string_view::npos : comma - begin);
    if (!item.empty() && item.front() == '+') item.remove_prefix(1);
    std::uint64_t v = 0;
    std::from_chars(item.data(), item.data() + item.size(), v);
    out.push_back(v);
    if (comma == std::string_view::npos) break;
    begin = comma + 1;
  }
  return out;
}

}  // namespace lrbench::cli
