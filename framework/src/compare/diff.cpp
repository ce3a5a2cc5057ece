// The verdicts; their rules are in compare.hpp.
#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

#include <fmt/format.h>

#include "compare/compare.hpp"
#include "stats/descriptive.hpp"
#include "stats/mann_whitney.hpp"

namespace lrbench::compare {

using stats::MannWhitneyResult;
using stats::mann_whitney_u;
using stats::min_repetitions;
using stats::smallest_p;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string accuracy_text(const std::optional<double>& v) {
  return v ? fmt::format("{:.4f}", *v) : std::string("n/a");
}

std::string epochs_text(const std::optional<double>& v) {
  if (!v) return "n/a";
  return std::isinf(*v) ? std::string("never") : fmt::format("{:g}", *v);
}

}  // namespace

const char* to_string(Verdict verdict) noexcept {
  switch (verdict) {
    case Verdict::unchanged: return "unchanged";
    case Verdict::improvement: return "improvement";
    case Verdict::regression: return "REGRESSION";
    case Verdict::not_enough_repetitions: return "not enough repetitions";
    case Verdict::config_changed: return "config changed";
    case Verdict::baseline_only: return "baseline only";
    case Verdict::current_only: return "current only";
  }
  return "?";
}

SpeedComparison compare_speed(const SpeedInput& baseline, const SpeedInput& current, const SpeedOptions& options) {
  SpeedComparison out;
  out.options = options;
  out.min_repetitions = min_repetitions(options.alpha);
  std::set<std::string> names;
  for (const auto& [name, _] : baseline.benchmarks) names.insert(name);
  for (const auto& [name, _] : current.benchmarks) names.insert(name);
  for (const std::string& name : names) {
    SpeedRow row;
    row.name = name;
    const auto b = baseline.benchmarks.find(name);
    const auto c = current.benchmarks.find(name);
    row.median_baseline_ns = b != baseline.benchmarks.end() ? stats::median(b->second.real_time_ns) : kNaN;
    row.median_current_ns = c != current.benchmarks.end() ? stats::median(c->second.real_time_ns) : kNaN;
    row.change = kNaN;
    row.p = kNaN;
    if (b == baseline.benchmarks.end()) {
      row.verdict = Verdict::current_only;
      row.n_current = static_cast<int>(c->second.real_time_ns.size());
    } else if (c == current.benchmarks.end()) {
      row.verdict = Verdict::baseline_only;
      row.n_baseline = static_cast<int>(b->second.real_time_ns.size());
    } else {
      ++out.common;
      const auto& xb = b->second.real_time_ns;
      const auto& xc = c->second.real_time_ns;
      row.n_baseline = static_cast<int>(xb.size());
      row.n_current = static_cast<int>(xc.size());
      row.change = row.median_current_ns / row.median_baseline_ns - 1.0;
      if (smallest_p(row.n_baseline, row.n_current) > options.alpha) {
        // The test cannot reject at alpha with so few values: neither a pass
        // nor a regression can be claimed.
        row.verdict = Verdict::not_enough_repetitions;
      } else {
        const MannWhitneyResult test = mann_whitney_u(xb, xc);
        row.p = test.p;
        row.exact = test.exact;
        const bool significant = test.p <= options.alpha;
        if (significant && row.change > options.max_slowdown) {
          row.verdict = Verdict::regression;
        } else if (significant && row.change < -options.max_slowdown) {
          row.verdict = Verdict::improvement;
        } else {
          row.verdict = Verdict::unchanged;
        }
      }
    }
    out.rows.push_back(std::move(row));
  }
  if (out.common == 0) {
    throw InputError(fmt::format("{} and {} have no benchmark in common (baseline {}, current {})",
                                 baseline.source, current.source, baseline.benchmarks.size(),
                                 current.benchmarks.size()));
  }
  for (const SpeedInput* side : {&baseline, &current}) {
    if (side->error_rows > 0) {
      out.notes.push_back(fmt::format("{}: {} row(s) reported an error and were ignored", side->source,
                                      side->error_rows));
    }
  }
  return out;
}

ConvergenceComparison compare_convergence(const ConvergenceInput& baseline, const ConvergenceInput& current,
                                          const ConvergenceOptions& options) {
  ConvergenceComparison out;
  out.options = options;
  std::set<std::string> keys;
  for (const auto& [key, _] : baseline.variants) keys.insert(key);
  for (const auto& [key, _] : current.variants) keys.insert(key);
  for (const std::string& key : keys) {
    ConvergenceRow row;
    row.key = key;
    const auto b = baseline.variants.find(key);
    const auto c = current.variants.find(key);
    if (b != baseline.variants.end()) row.baseline = b->second;
    if (c != current.variants.end()) row.current = c->second;
    if (!row.baseline) {
      row.verdict = Verdict::current_only;
    } else if (!row.current) {
      row.verdict = Verdict::baseline_only;
    } else {
      ++out.common;
      const VariantResult& vb = *row.baseline;
      const VariantResult& vc = *row.current;
      if (vb.config != vc.config) {
        row.verdict = Verdict::config_changed;
        row.reasons.push_back("the resolved config differs; numbers are not comparable");
      } else {
        bool worse = false;
        bool better = false;
        // Accuracy: a drop by more than the tolerance; a value lost (null:
        // no usable run) is a drop too.
        auto accuracy = [&](const char* what, const std::optional<double>& before, const std::optional<double>& after) {
          if (!before && !after) return;
          const double x = before.value_or(-1.0);
          const double y = after.value_or(-1.0);
          if (y < x - options.tolerance) {
            worse = true;
          } else if (y > x + options.tolerance) {
            better = true;
          } else {
            return;
          }
          row.reasons.push_back(fmt::format("{} {} → {}", what, accuracy_text(before), accuracy_text(after)));
        };
        accuracy("final test accuracy", vb.final_test_accuracy, vc.final_test_accuracy);
        accuracy("best test accuracy", vb.best_test_accuracy, vc.best_test_accuracy);
        if (vb.epochs_to_target || vc.epochs_to_target) {
          const double x = vb.epochs_to_target.value_or(std::numeric_limits<double>::infinity());
          const double y = vc.epochs_to_target.value_or(std::numeric_limits<double>::infinity());
          // inf − inf is NaN: both never reached it, no change.
          const bool grew = std::isinf(y) ? !std::isinf(x) : (y > x + options.epoch_tolerance);
          const bool shrank = std::isinf(x) ? !std::isinf(y) : (y < x - options.epoch_tolerance);
          if (grew || shrank) {
            (grew ? worse : better) = true;
            row.reasons.push_back(fmt::format("epochs to target {} → {}", epochs_text(vb.epochs_to_target),
                                              epochs_text(vc.epochs_to_target)));
          }
        }
        if (vc.failed > vb.failed) {
          worse = true;
          row.reasons.push_back(fmt::format("failed runs {} → {}", vb.failed, vc.failed));
        }
        row.verdict = worse ? Verdict::regression : better ? Verdict::improvement : Verdict::unchanged;
      }
    }
    out.rows.push_back(std::move(row));
  }
  if (out.common == 0) {
    throw InputError(fmt::format("{} and {} have no variant in common (baseline {}, current {})", baseline.source,
                                 current.source, baseline.variants.size(), current.variants.size()));
  }
  return out;
}

bool has_regression(const SpeedComparison& comparison) noexcept {
  return std::any_of(comparison.rows.begin(), comparison.rows.end(),
                     [](const SpeedRow& r) { return r.verdict == Verdict::regression; });
}

bool has_regression(const ConvergenceComparison& comparison) noexcept {
  return std::any_of(comparison.rows.begin(), comparison.rows.end(),
                     [](const ConvergenceRow& r) { return r.verdict == Verdict::regression; });
}

bool has_undecided(const SpeedComparison& comparison) noexcept {
  return std::any_of(comparison.rows.begin(), comparison.rows.end(),
                     [](const SpeedRow& r) { return r.verdict == Verdict::not_enough_repetitions; });
}

Overall overall(const SpeedComparison& comparison) noexcept {
  if (has_regression(comparison)) return Overall::regression;
  return has_undecided(comparison) ? Overall::not_enough_repetitions : Overall::no_regression;
}

Overall overall(const ConvergenceComparison& comparison) noexcept {
  return has_regression(comparison) ? Overall::regression : Overall::no_regression;
}

}  // namespace lrbench::compare
