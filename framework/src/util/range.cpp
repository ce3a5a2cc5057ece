#include "util/range.hpp"

#include <limits>

#include <fmt/format.h>

namespace lrbench::util {

bool Range::contains(double v) const noexcept {
  // Written with ! so that NaN, which compares false with everything, fails.
  if (lo_open ? !(v > lo) : !(v >= lo)) return false;
  if (hi_open ? !(v < hi) : !(v <= hi)) return false;
  return true;
}

std::string Range::bounds() const {
  const bool has_lo = lo != -std::numeric_limits<double>::infinity();
  const bool has_hi = hi != std::numeric_limits<double>::infinity();
  if (has_lo && has_hi) return fmt::format("{}{}, {}{}", lo_open ? '(' : '[', lo, hi, hi_open ? ')' : ']');
  if (has_lo) return fmt::format("{} {}", lo_open ? ">" : ">=", lo);
  if (has_hi) return fmt::format("{} {}", hi_open ? "<" : "<=", hi);
  return "";
}

std::string Range::text() const {
  const std::string b = bounds();
  if (b.empty()) return "";
  return (b.front() == '[' || b.front() == '(' ? " in " : " ") + b;
}

}  // namespace lrbench::util
