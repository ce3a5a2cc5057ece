// Numbers as YAML 1.2's core schema writes them, shared by the scenario
// loader and the plugin-parameter resolver (which also reads golden files and
// declaration defaults in the same notation).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lrbench::util {

// Decimal integers only: [-+]?[0-9]+.
enum class IntParse { ok, not_integer, overflow };
[[nodiscard]] IntParse parse_integer(const std::string& text, std::int64_t& out);

// Floats: 1, -1.5, .5, 1e-7, 1.E+3, .inf, -.Inf, .nan; nullopt for anything
// else (hex floats, "infinity", "1e"). Overflows to ±inf.
[[nodiscard]] std::optional<double> parse_real(const std::string& text);

// Text quoted in a message: control characters escaped (\n, \t, \x01), so a
// diagnostic stays one line and shows what is really there.
[[nodiscard]] std::string printable(std::string_view text);

}  // namespace lrbench::util
