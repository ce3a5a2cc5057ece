// Command-line values, checked the way the scenario loader checks file
// values, by one mechanism: a CLI11 validator per option, run on the text
// before CLI11 converts it.
//
// CLI11's own conversions are lenient where a file value would be refused:
// "-1" for an unsigned option wraps to 18446744073709551615, "" for a list
// gives nothing, "nan" passes CLI::Range (every comparison with NaN is
// false), "1e300" seconds overflows a duration. Here an integer is plain
// decimal digits (an optional '+'), a number is a finite decimal, both
// within the option's range, and text is non-empty and bounded.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>

namespace lrbench::cli {

// An integer from `min` to `max`.
[[nodiscard]] CLI::Validator integer_in(std::uint64_t min, std::uint64_t max);
// A finite number from `min` to `max`.
[[nodiscard]] CLI::Validator number_in(double min, double max);
// Text of 1 to `max_length` bytes (an unset shell variable gives "").
[[nodiscard]] CLI::Validator text_of_length(std::size_t max_length);
// A size in bytes, at least 1: digits with an optional K/M/G/T suffix (KiB,
// MB, ... mean the same, powers of 1024), as util::parse_bytes reads it.
[[nodiscard]] CLI::Validator byte_size();
// A comma-separated list of integers from `min` to `max`, at least one.
[[nodiscard]] CLI::Validator integer_list(std::uint64_t min, std::uint64_t max);

// The values of a list integer_list accepted.
[[nodiscard]] std::vector<std::uint64_t> parse_integer_list(std::string_view text);

// Why `text` is not an integer from `min` to `max` ("" when it is one), and
// its value in `value`.
[[nodiscard]] std::string integer_problem(std::string_view text, std::uint64_t min, std::uint64_t max,
                                          std::uint64_t& value);

}  // namespace lrbench::cli
