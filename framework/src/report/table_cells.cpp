#include "report/table_cells.hpp"

#include <cmath>

#include <fmt/format.h>

#include "util/text.hpp"

namespace lrbench::report::cells {

std::string text(std::string_view s) { return util::markdown_text(s); }

std::string cell(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '|') out += '\\';
    out += c;
  }
  return out;
}

std::string acc(const Stat& s) {
  if (!std::isfinite(s.mean)) return kDash;
  return fmt::format("{:.3f} ± {:.3f}", s.mean, std::isfinite(s.std) ? s.std : 0.0);
}

std::string loss(const Stat& s) {
  if (!std::isfinite(s.mean)) return kDash;
  return fmt::format("{:.3g} ± {:.2g}", s.mean, std::isfinite(s.std) ? s.std : 0.0);
}

std::string epochs_text(double e) { return std::isfinite(e) ? fmt::format("{}", std::llround(e)) : kDash; }

std::string ms(double seconds) {
  if (!std::isfinite(seconds)) return kDash;
  const double v = seconds * 1000;
  return v < 10 ? fmt::format("{:.1f}", v) : fmt::format("{:.0f}", v);
}

std::string diverged(const VariantSummary& v) {
  std::string div = fmt::format("{}/{}", v.diverged, v.seeds);
  if (!v.diverged_seeds.empty()) {
    std::vector<std::string> ids;
    for (auto seed : v.diverged_seeds) ids.push_back(std::to_string(seed));
    div += " (seed" + std::string(ids.size() == 1 ? " " : "s ") + join(ids, ", ") + ")";
  }
  if (v.failed > 0) div += fmt::format(" ({} failed)", v.failed);
  return div;
}

std::string join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (const auto& p : parts) {
    if (!out.empty()) out += sep;
    out += p;
  }
  return out;
}

}  // namespace lrbench::report::cells
