// Numbers as people write them in scenario files and reports.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lrbench::util {

// The shortest text that reads back as the same double, with the exponent as
// a scenario file writes it: 0.01, 2 (not 2.0), 1e-7 (not 1e-07), 1e+20 as 1e20.
[[nodiscard]] std::string short_number(double value);

// A size in bytes as people read it: "512 bytes", "3.2 MiB", "4 GiB".
[[nodiscard]] std::string human_bytes(std::uint64_t bytes);

// A size as a command line gives it: digits with an optional binary suffix,
// K/M/G/T (or KiB/MiB/GiB/TiB; KB, MB, ... mean the same): "4GiB", "512M",
// "1000000". nullopt for anything else (a sign, a fraction, overflow).
[[nodiscard]] std::optional<std::uint64_t> parse_bytes(std::string_view text);

}  // namespace lrbench::util
