#include "report/function_report.hpp"

#include <cmath>

#include <fmt/format.h>

#include "report/table_cells.hpp"

namespace lrbench::report {

using namespace cells;

namespace {

// Optimality gaps span many decades: 3 significant digits in scientific form.
std::string gap(const Stat& s) {
  if (!std::isfinite(s.mean)) return kDash;
  return fmt::format("{:.3g} ± {:.2g}", s.mean, std::isfinite(s.std) ? s.std : 0.0);
}

}  // namespace

std::string function_results(const Summary& summary) {
  std::string md =
      "Final values are those of the last epoch (for a diverged run, the last epoch before it diverged); mean ± "
      "sample std over seeds. f − f* is the optimality gap, ‖x − x*‖ the distance to the minimizer; best: the "
      "lowest gap of each seed, and the epoch (median over seeds) it was reached.\n\n";
  md += "| Variant | Final f − f* | Best f − f* (epoch) | Final ‖x − x*‖ | Diverged | Wall time / run (ms) |\n";
  md += "|---|---|---|---|---|---|\n";
  for (const auto& v : summary.variants) {
    const std::string best = std::isfinite(v.best_train_loss.mean)
                                 ? fmt::format("{:.3g} ({})", v.best_train_loss.mean, epochs_text(v.best_epoch))
                                 : std::string(kDash);
    md += fmt::format("| {} | {} | {} | {} | {} | {} |\n", text(v.label), gap(v.final_train_loss), best,
                      gap(v.final_distance), diverged(v), ms(v.wall_seconds));
  }
  return md;
}

std::vector<std::string> function_findings(const Summary& summary) {
  std::vector<std::string> out;
  const VariantSummary* best = nullptr;
  const VariantSummary* second = nullptr;
  for (const auto& v : summary.variants) {
    if (!std::isfinite(v.final_train_loss.mean)) continue;
    if (!best || v.final_train_loss.mean < best->final_train_loss.mean) {
      second = best;
      best = &v;
    } else if (!second || v.final_train_loss.mean < second->final_train_loss.mean) {
      second = &v;
    }
  }
  if (best) {
    out.push_back(fmt::format("Closest to the minimum: **{}** with f − f* = {} (mean ± std over {} seeds){}.",
                              text(best->label), gap(best->final_train_loss), best->ok + best->diverged,
                              second ? fmt::format("; next: **{}** with {}", text(second->label), gap(second->final_train_loss))
                                     : std::string()));
  } else {
    out.push_back("No variant has a final f − f* (no run completed an epoch).");
  }
  std::vector<std::string> diverged_variants;
  for (const auto& v : summary.variants)
    if (v.diverged > 0) diverged_variants.push_back(fmt::format("**{}** ({}/{} seeds)", text(v.label), v.diverged, v.seeds));
  out.push_back(diverged_variants.empty() ? std::string("No variant diverged.")
                                          : "Diverged (f became NaN or infinite): " + join(diverged_variants, ", ") + ".");
  std::vector<std::string> failed;
  for (const auto& v : summary.variants)
    if (v.failed > 0) failed.push_back(fmt::format("**{}** ({}/{} runs)", text(v.label), v.failed, v.seeds));
  if (!failed.empty()) out.push_back("Failed (see Notes): " + join(failed, ", ") + ".");
  return out;
}

}  // namespace lrbench::report
