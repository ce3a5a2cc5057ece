// Markdown tables of a comparison: one row per benchmark or variant,
// regressions first so a CI summary shows them at the top.
#include <algorithm>
#include <cmath>
#include <map>

#include <fmt/format.h>

#include "compare/compare.hpp"
#include "util/text.hpp"

namespace lrbench::compare {

namespace {

int order(Verdict v) {
  switch (v) {
    case Verdict::regression: return 0;
    case Verdict::not_enough_repetitions: return 1;
    case Verdict::config_changed: return 2;
    case Verdict::improvement: return 3;
    case Verdict::baseline_only: return 4;
    case Verdict::current_only: return 5;
    case Verdict::unchanged: return 6;
  }
  return 7;
}

// A duration in the unit that keeps 1–999 before the point.
std::string duration(double ns) {
  if (std::isnan(ns)) return "–";
  if (ns < 1e3) return fmt::format("{:.1f} ns", ns);
  if (ns < 1e6) return fmt::format("{:.2f} µs", ns / 1e3);
  if (ns < 1e9) return fmt::format("{:.2f} ms", ns / 1e6);
  return fmt::format("{:.3f} s", ns / 1e9);
}

// Names and labels come from the input files: literal text in a cell.
std::string cell(const std::string& text) { return util::markdown_text(text); }

template <class Rows>
std::string counts_line(const Rows& rows) {
  std::map<int, std::pair<const char*, int>> counts;
  for (const auto& r : rows) {
    auto& entry = counts[order(r.verdict)];
    entry.first = to_string(r.verdict);
    ++entry.second;
  }
  std::string line;
  for (const auto& [_, entry] : counts) {
    if (!line.empty()) line += ", ";
    line += fmt::format("{} {}", entry.second, entry.first);
  }
  return line;
}

}  // namespace

std::string render_markdown(const SpeedComparison& c, const std::string& baseline_name,
                            const std::string& current_name) {
  std::string md = "## Throughput: baseline vs current\n\n";
  md += fmt::format("Baseline {}, current {}. A benchmark regressed when its median real time grew by more "
                    "than {:g}% **and** a two-sided Mann–Whitney U test over the repetitions rejects equality at "
                    "α = {:g} (at least {} repetitions per side are needed for that).\n\n",
                    util::markdown_code(baseline_name), util::markdown_code(current_name), c.options.max_slowdown * 100.0, c.options.alpha,
                    c.min_repetitions);
  md += fmt::format("**{}** — {}\n\n", has_regression(c) ? "Regression" : "No regression", counts_line(c.rows));
  md += "| benchmark | verdict | baseline median | current median | change | p | n |\n";
  md += "|---|---|---:|---:|---:|---:|---:|\n";
  std::vector<const SpeedRow*> rows;
  for (const auto& r : c.rows) rows.push_back(&r);
  std::stable_sort(rows.begin(), rows.end(), [](const auto* a, const auto* b) { return order(a->verdict) < order(b->verdict); });
  for (const SpeedRow* r : rows) {
    const std::string change = std::isnan(r->change) ? "–" : fmt::format("{:+.1f}%", r->change * 100.0);
    const std::string p = std::isnan(r->p) ? "–" : fmt::format("{:.2g}{}", r->p, r->exact ? "" : " (normal)");
    md += fmt::format("| {} | {} | {} | {} | {} | {} | {}/{} |\n", util::markdown_code(r->name), to_string(r->verdict),
                      duration(r->median_baseline_ns), duration(r->median_current_ns), change, p, r->n_baseline,
                      r->n_current);
  }
  for (const auto& note : c.notes) md += fmt::format("\n- {}", util::markdown_text(note));
  if (!c.notes.empty()) md += "\n";
  return md;
}

std::string render_markdown(const ConvergenceComparison& c, const std::string& baseline_name,
                            const std::string& current_name) {
  auto acc = [](const std::optional<VariantResult>& v, bool best) -> std::string {
    if (!v) return "–";
    const auto& x = best ? v->best_test_accuracy : v->final_test_accuracy;
    return x ? fmt::format("{:.4f}", *x) : std::string("n/a");
  };
  auto epochs = [](const std::optional<VariantResult>& v) -> std::string {
    if (!v || !v->epochs_to_target) return "–";
    return std::isinf(*v->epochs_to_target) ? std::string("never") : fmt::format("{:g}", *v->epochs_to_target);
  };
  std::string md = "## Convergence: baseline vs current\n\n";
  md += fmt::format("Baseline {}, current {}. Runs are deterministic: a variant regressed when its mean final or "
                    "best test accuracy fell by more than {:g}, or its epochs to target grew by more than {:g}.\n\n",
                    util::markdown_code(baseline_name), util::markdown_code(current_name), c.options.tolerance, c.options.epoch_tolerance);
  md += fmt::format("**{}** — {}\n\n", has_regression(c) ? "Regression" : "No regression", counts_line(c.rows));
  md += "| scenario / variant | verdict | final test acc. | best test acc. | epochs to target | details |\n";
  md += "|---|---|---:|---:|---:|---|\n";
  std::vector<const ConvergenceRow*> rows;
  for (const auto& r : c.rows) rows.push_back(&r);
  std::stable_sort(rows.begin(), rows.end(), [](const auto* a, const auto* b) { return order(a->verdict) < order(b->verdict); });
  for (const ConvergenceRow* r : rows) {
    std::string details;
    for (const auto& reason : r->reasons) details += (details.empty() ? "" : "; ") + reason;
    md += fmt::format("| {} | {} | {} → {} | {} → {} | {} → {} | {} |\n", cell(r->key), to_string(r->verdict),
                      acc(r->baseline, false), acc(r->current, false), acc(r->baseline, true),
                      acc(r->current, true), epochs(r->baseline), epochs(r->current), cell(details));
  }
  return md;
}

}  // namespace lrbench::compare
