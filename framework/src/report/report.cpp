#include "report/report.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>

#include <fmt/format.h>

#include "report/output_folder.hpp"
#include "util/files.hpp"
#include "util/output_names.hpp"
#include "report/markdown.hpp"
#include "run/jsonl.hpp"

namespace lrbench::report {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using Runs = std::vector<const run::RunRecord*>;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr int kLrDecades = 8;  // the most decades an lr axis shows

// Mean, min and max over seeds at each index. An index some seeds lack (a
// diverged run stops early) is summarised over the seeds that have it; an
// index no seed has a finite value for is NaN, which breaks the line.
struct Aggregate {
  std::vector<double> x, mean, lo, hi;
};

template <class Get>
Aggregate aggregate(const Runs& runs, Get get) {
  std::size_t n = 0;
  for (const auto* r : runs) n = std::max(n, get(*r).size());
  Aggregate a;
  for (std::size_t i = 0; i < n; ++i) {
    double sum = 0, lo = kNaN, hi = kNaN;
    int count = 0;
    for (const auto* r : runs) {
      const auto values = get(*r);
      if (i >= values.size() || !std::isfinite(values[i])) continue;
      sum += values[i];
      ++count;
      lo = count == 1 ? values[i] : std::min(lo, values[i]);
      hi = count == 1 ? values[i] : std::max(hi, values[i]);
    }
    a.x.push_back(static_cast<double>(i + 1));  // epochs and updates are 1-based
    a.mean.push_back(count ? sum / count : kNaN);
    a.lo.push_back(lo);
    a.hi.push_back(hi);
  }
  return a;
}

// The epochs of a series a run contributes (diverged runs: before divergence).
auto epochs_of(std::vector<double> run::EpochSeries::*series) {
  return [series](const run::RunRecord& r) {
    const auto& all = r.epochs.*series;
    return std::span<const double>(all.data(), std::min(all.size(), usable_epochs(r)));
  };
}

svg::Series series_of(const Aggregate& a, std::string name, int color, bool dashed, bool band) {
  svg::Series s;
  s.name = std::move(name);
  s.x = a.x;
  s.y = a.mean;
  if (band) {
    s.lo = a.lo;
    s.hi = a.hi;
  }
  s.color = color;
  s.dashed = dashed;
  return s;
}

std::string seeds_note(const ScenarioMeta& meta) {
  return fmt::format("Lines: mean over seeds ({} per variant); shaded: min–max over seeds.", meta.seeds.size());
}

std::string panel_title(const std::string& label, const Runs& runs) {
  int diverged = 0;
  for (const auto* r : runs) diverged += r->status == run::RunStatus::diverged;
  return diverged ? fmt::format("{} ({}/{} diverged)", label, diverged, runs.size()) : label;
}

// What the figures need of one variant, computed from its records and kept
// once they are gone: the panel title and the curves (mean, min and max over
// seeds at each epoch or update). Its size is the epochs' (and updates'), not
// the seeds': write_report holds these for every variant and the records of
// one variant at a time.
struct VariantCurves {
  std::string title;
  Aggregate train_accuracy, test_accuracy, validation_accuracy;
  Aggregate train_loss, test_loss, validation_loss;
  Aggregate lr, lr_per_update, distance;
};

VariantCurves curves_of(const std::string& label, const Runs& runs) {
  using S = run::EpochSeries;
  VariantCurves c;
  c.title = panel_title(label, runs);
  c.train_accuracy = aggregate(runs, epochs_of(&S::train_accuracy));
  c.test_accuracy = aggregate(runs, epochs_of(&S::test_accuracy));
  c.validation_accuracy = aggregate(runs, epochs_of(&S::validation_accuracy));
  c.train_loss = aggregate(runs, epochs_of(&S::train_loss));
  c.test_loss = aggregate(runs, epochs_of(&S::test_loss));
  c.validation_loss = aggregate(runs, epochs_of(&S::validation_loss));
  c.lr = aggregate(runs, epochs_of(&S::lr));
  c.distance = aggregate(runs, epochs_of(&S::distance));
  c.lr_per_update = aggregate(runs, [](const run::RunRecord& r) {
    return std::span<const double>(r.lr_per_update.data(), r.lr_per_update.size());
  });
  return c;
}

// Facts about every record of runs.jsonl (a stale one too) that decide which
// figures and series there are.
struct RecordFlags {
  bool validation_accuracy = false;  // some run recorded validation accuracy
  bool validation_loss = false;
  bool lr_varies = false;            // the lr changes within some run
  bool lr_per_update = false;        // some run recorded lr_per_update

  void note(const run::RunRecord& r) {
    validation_accuracy = validation_accuracy || !r.epochs.validation_accuracy.empty();
    validation_loss = validation_loss || !r.epochs.validation_loss.empty();
    lr_per_update = lr_per_update || !r.lr_per_update.empty();
    if (lr_varies) return;
    const auto& lr = r.epochs.lr;
    for (std::size_t i = 1; i < lr.size(); ++i)
      if (std::isfinite(lr[i]) && std::isfinite(lr[0]) && std::abs(lr[i] - lr[0]) > 1e-12 * std::abs(lr[0]))
        lr_varies = true;
  }
};

RecordFlags flags_of(const std::vector<run::RunRecord>& records) {
  RecordFlags flags;
  for (const auto& r : records) flags.note(r);
  return flags;
}

std::vector<VariantCurves> curves_of(const ScenarioMeta& meta, const std::vector<run::RunRecord>& records) {
  std::size_t stale = 0;  // noted by summarize
  const auto by_variant = runs_by_variant(meta, records, stale);
  std::vector<VariantCurves> curves;
  for (std::size_t v = 0; v < meta.variants.size(); ++v) curves.push_back(curves_of(meta.variants[v], by_variant[v]));
  return curves;
}

// Per variant, the series of the given metric: train (dashed), test (solid)
// and, when any run recorded it, validation.
svg::Figure train_test_figure(const ScenarioMeta& meta, const std::vector<VariantCurves>& curves,
                              Aggregate VariantCurves::*train, Aggregate VariantCurves::*test,
                              Aggregate VariantCurves::*validation, bool validating) {
  svg::Figure fig;
  fig.subtitle = seeds_note(meta);
  fig.x.label = "epoch";
  for (const VariantCurves& c : curves) {
    svg::Panel p;
    p.title = c.title;
    p.series.push_back(series_of(c.*train, "train", 0, true, true));
    p.series.push_back(series_of(c.*test, "test", 1, false, true));
    if (validating) p.series.push_back(series_of(c.*validation, "validation", 2, true, true));
    fig.panels.push_back(std::move(p));
  }
  return fig;
}

svg::Figure accuracy_figure(const ScenarioMeta& meta, const std::vector<VariantCurves>& curves, bool validating) {
  auto fig = train_test_figure(meta, curves, &VariantCurves::train_accuracy, &VariantCurves::test_accuracy,
                               &VariantCurves::validation_accuracy, validating);
  fig.title = meta.name + ": accuracy per epoch";
  fig.y.label = "accuracy";
  fig.y.min = 0.0;  // accuracies are compared against 0 and 1, not the data's range
  fig.y.max = 1.0;
  return fig;
}

svg::Figure loss_figure(const ScenarioMeta& meta, const std::vector<VariantCurves>& curves, bool validating) {
  auto fig = train_test_figure(meta, curves, &VariantCurves::train_loss, &VariantCurves::test_loss,
                               &VariantCurves::validation_loss, validating);
  fig.title = meta.name + ": loss per epoch";
  fig.y.label = "cross-entropy loss (log scale)";
  fig.y.log = true;
  return fig;
}

// Per variant, one series of a function task: f − f* or ‖x − x*‖ (log y).
svg::Figure function_figure(const ScenarioMeta& meta, const std::vector<VariantCurves>& curves,
                            Aggregate VariantCurves::*series, const std::string& name, const std::string& what) {
  svg::Figure fig;
  fig.title = meta.name + ": " + what + " per epoch";
  fig.subtitle = seeds_note(meta);
  fig.x.label = "epoch";
  fig.y.label = what + " (log scale)";
  fig.y.log = true;
  for (const VariantCurves& c : curves) {
    svg::Panel p;
    p.title = c.title;
    p.series.push_back(series_of(c.*series, name, 1, false, true));
    fig.panels.push_back(std::move(p));
  }
  return fig;
}

svg::Figure lr_figure(const ScenarioMeta& meta, const std::vector<VariantCurves>& curves) {
  svg::Figure fig;
  fig.title = meta.name + ": learning rate per epoch";
  fig.subtitle = seeds_note(meta);
  fig.x.label = "epoch";
  fig.y.label = "learning rate (log scale)";
  fig.y.log = true;
  double hi = 0;
  double lo = std::numeric_limits<double>::infinity();
  for (const VariantCurves& c : curves) {
    svg::Panel p;
    p.title = c.title;
    p.series.push_back(series_of(c.lr, "lr", 2, false, true));
    for (double y : p.series.back().lo)
      if (std::isfinite(y) && y > 0) lo = std::min(lo, y);
    for (double y : p.series.back().hi)
      if (std::isfinite(y) && y > 0) hi = std::max(hi, y);
    fig.panels.push_back(std::move(p));
  }
  // A schedule cutting tenfold every few epochs with no floor (the plateau
  // study's min_lr 0) reaches 1e-90: an axis down there squeezes the
  // decades that matter into a sliver. Show kLrDecades below the largest lr;
  // smaller values run off the panel's bottom, which reads as "about zero".
  if (hi > 0 && hi / lo > std::pow(10.0, kLrDecades)) {
    const int floor_exp = static_cast<int>(std::floor(std::log10(hi))) - kLrDecades + 1;
    fig.y.min = std::pow(10.0, floor_exp);
    fig.subtitle += fmt::format(" Below 1e{} the line runs off the bottom.", floor_exp);
  }
  return fig;
}

svg::Figure lr_updates_figure(const ScenarioMeta& meta, const std::vector<VariantCurves>& curves) {
  svg::Figure fig;
  fig.title = meta.name + ": learning rate per update";
  fig.subtitle = "Mean over seeds, one line per variant.";
  fig.x.label = "update";
  fig.y.label = "learning rate";
  svg::Panel p;
  // No panel title: the figure title already says what the one panel shows.
  double lo = std::numeric_limits<double>::infinity(), hi = 0;
  for (std::size_t v = 0; v < curves.size(); ++v) {
    const Aggregate& a = curves[v].lr_per_update;
    if (a.x.empty()) continue;
    for (double y : a.mean)
      if (std::isfinite(y) && y > 0) lo = std::min(lo, y), hi = std::max(hi, y);
    p.series.push_back(series_of(a, meta.variants[v], static_cast<int>(v), false, false));
  }
  // Linear (as in the decay study) unless the lrs span more than two decades.
  fig.y.log = hi > 0 && hi / lo > 100;
  if (fig.y.log) fig.y.label += " (log scale)";
  fig.panels.push_back(std::move(p));
  return fig;
}

// Where the record of a run is in runs.jsonl (the last one of its id).
struct Location {
  long long offset = -1;
  std::size_t length = 0;
};

}  // namespace

svg::Figure accuracy_figure(const ScenarioMeta& meta, const std::vector<run::RunRecord>& records) {
  return accuracy_figure(meta, curves_of(meta, records), flags_of(records).validation_accuracy);
}
svg::Figure loss_figure(const ScenarioMeta& meta, const std::vector<run::RunRecord>& records) {
  return loss_figure(meta, curves_of(meta, records), flags_of(records).validation_loss);
}
svg::Figure lr_figure(const ScenarioMeta& meta, const std::vector<run::RunRecord>& records) {
  return lr_figure(meta, curves_of(meta, records));
}
svg::Figure lr_updates_figure(const ScenarioMeta& meta, const std::vector<run::RunRecord>& records) {
  return lr_updates_figure(meta, curves_of(meta, records));
}
bool lr_varies(const std::vector<run::RunRecord>& records) { return flags_of(records).lr_varies; }
bool has_lr_per_update(const std::vector<run::RunRecord>& records) { return flags_of(records).lr_per_update; }

std::vector<std::string> write_report(const fs::path& dir, const util::InputLimits& limits) {
  const ScenarioMeta meta = read_scenario_meta(dir / util::kScenarioFile, limits);
  std::vector<std::string> notes;
  // Memory: runs.jsonl is read twice, never held. Pass 1 notes where the last
  // record of each run of the plan is; pass 2 reads one variant's records at a
  // time, summarises them and keeps their curves (summarize's and
  // runs_by_variant's rules, the same bits): the report holds the curves of
  // all variants and the records of one, never the epochs of every run.
  std::map<std::string, std::size_t> variant_of_id;  // the plan, as runs_by_variant reads it
  for (std::size_t v = 0; v < meta.run_ids.size() && v < meta.variants.size(); ++v)
    for (const std::string& id : meta.run_ids[v]) variant_of_id.emplace(id, v);
  std::map<std::string, Location> last;  // run id -> its last record
  std::size_t stale = 0;
  RecordFlags flags;
  const bool recorded = fs::exists(dir / util::kRunsFile);
  if (recorded) {
    run::scan_runs(dir / util::kRunsFile, notes, limits, [&](std::string_view line, long long offset, run::RunRecord r) {
      flags.note(r);
      if (variant_of_id.count(r.id) == 0) {
        ++stale;
        return;
      }
      last[r.id] = {offset, line.size()};
    });
  } else
    notes.push_back("runs.jsonl: missing; no run was recorded");

  Summary summary = begin_summary(meta, last.size(), stale);
  std::vector<VariantCurves> curves;
  std::optional<run::RunsReader> reader;
  if (recorded) reader.emplace(dir / util::kRunsFile);
  for (std::size_t v = 0; v < meta.variants.size(); ++v) {
    std::vector<run::RunRecord> records;
    std::set<std::string> taken;
    for (const std::string& id : v < meta.run_ids.size() ? meta.run_ids[v] : std::vector<std::string>{}) {
      const auto at = last.find(id);
      if (at == last.end() || variant_of_id.at(id) != v || !taken.insert(id).second) continue;
      records.push_back(reader->record(at->second.offset, at->second.length));
      records.back().config = nullptr;  // the report takes the configs from scenario.json
    }
    Runs runs;
    for (const run::RunRecord& r : records) runs.push_back(&r);
    std::stable_sort(runs.begin(), runs.end(), [](const run::RunRecord* a, const run::RunRecord* b) {
      return std::pair(a->seed, a->id) < std::pair(b->seed, b->id);
    });
    add_variant(summary, meta, v, runs);
    curves.push_back(curves_of(meta.variants[v], runs));
  }
  util::write_file_atomically(dir / util::kSummaryFile, to_json(summary).dump(2) + "\n");

  std::vector<FigureLink> figures;
  auto emit = [&](const std::string& file, const svg::Figure& fig, const std::string& caption) {
    util::write_file_atomically(dir / file, svg::render(fig));
    figures.push_back({file, caption});
  };
  if (meta.task == "function") {
    emit("objective.svg",
         function_figure(meta, curves, &VariantCurves::train_loss, "f(x) − f*", "optimality gap f(x) − f*"),
         "f(x) − f* per epoch");
    emit("distance.svg",
         function_figure(meta, curves, &VariantCurves::distance, "‖x − x*‖", "distance to the minimum ‖x − x*‖"),
         "‖x − x*‖ per epoch");
  } else {
    const char* sets = flags.validation_loss ? "train, validation and test" : "train and test";
    emit("accuracy.svg", accuracy_figure(meta, curves, flags.validation_accuracy),
         fmt::format("{} accuracy per epoch", sets));
    emit("loss.svg", loss_figure(meta, curves, flags.validation_loss), fmt::format("{} loss per epoch", sets));
  }
  if (flags.lr_varies) emit("lr.svg", lr_figure(meta, curves), "learning rate per epoch");
  if (flags.lr_per_update) emit("lr-updates.svg", lr_updates_figure(meta, curves), "learning rate against update");

  util::write_file_atomically(dir / util::kReadmeFile, render_readme(meta, summary, figures, notes));
  // The README shows the summary's warnings (stale records) with the notes.
  notes.insert(notes.end(), summary.warnings.begin(), summary.warnings.end());
  return notes;
}

namespace {

// One line of the index, from a scenario folder's summary.json (and the
// description from its scenario.json). Throws util::BadFile for a file that
// cannot be read or has not the expected shape.
IndexEntry index_entry(const fs::path& out_dir, const fs::path& folder, const util::InputLimits& limits) {
  const json summary = util::read_json_file(folder / util::kSummaryFile, limits);
  if (!summary.is_object()) throw util::BadFile((folder / util::kSummaryFile).string() + ": not a JSON object");
  IndexEntry e;
  e.folder = folder.lexically_relative(out_dir).generic_string();
  e.name = summary.contains("scenario") && summary["scenario"].is_string() ? summary["scenario"].get<std::string>()
                                                                           : e.folder;
  e.partial = summary.contains("partial") && summary["partial"] == true;
  if (fs::exists(folder / util::kScenarioFile)) {
    const json meta = util::read_json_file(folder / util::kScenarioFile, limits);
    if (meta.is_object() && meta.contains("description") && meta["description"].is_string())
      e.description = meta["description"].get<std::string>();
  }
  // The best variant from summary.json itself: the index must agree with
  // the file baselines are compared against. A function task's best has the
  // lowest final f − f* (recorded as its final_train_loss).
  e.function = summary.contains("task") && summary["task"] == "function";
  const char* key = e.function ? "final_train_loss" : "final_test_accuracy";
  if (summary.contains("variants") && summary["variants"].is_array())
    for (const auto& v : summary["variants"]) {
      if (!v.is_object() || !v.contains(key) || !v[key].is_object()) continue;
      const json& stat = v[key];
      if (!stat.contains("mean") || !stat["mean"].is_number()) continue;
      const double mean = stat["mean"].get<double>();
      if (!e.best_label || (e.function ? mean < e.best_test_accuracy : mean > e.best_test_accuracy)) {
        e.best_label = v.contains("label") && v["label"].is_string() ? v["label"].get<std::string>() : "?";
        e.best_test_accuracy = mean;
      }
    }
  return e;
}

}  // namespace

std::vector<std::string> write_index(const fs::path& out_dir, const util::InputLimits& limits) {
  std::vector<std::string> notes;
  std::string why;
  if (!claim_index_folder(out_dir, why)) {
    notes.push_back(why);
    return notes;
  }
  // Scenario folders, and one level of groups of them (reports/seed/<scenario>),
  // so that one index at the top links every report.
  auto scenario_folders = [](const fs::path& dir) {
    std::vector<fs::path> out;
    if (fs::is_directory(dir))
      for (const auto& e : fs::directory_iterator(dir))
        if (e.is_directory() && fs::exists(e.path() / util::kSummaryFile)) out.push_back(e.path());
    return out;
  };
  std::vector<fs::path> folders = scenario_folders(out_dir);
  if (fs::is_directory(out_dir))
    for (const auto& e : fs::directory_iterator(out_dir))
      if (e.is_directory() && !fs::exists(e.path() / util::kSummaryFile))
        for (const auto& f : scenario_folders(e.path())) folders.push_back(f);
  std::sort(folders.begin(), folders.end());

  std::vector<IndexEntry> entries;
  for (const auto& f : folders) {
    // One unreadable sibling must not cost the others their index line (nor
    // fail the run that just wrote its own report).
    try {
      entries.push_back(index_entry(out_dir, f, limits));
    } catch (const util::BadFile& e) {
      notes.push_back(std::string(e.what()) + "; left out of the index");
    }
  }
  util::write_file_atomically(out_dir / util::kReadmeFile, render_index(entries));
  return notes;
}

}  // namespace lrbench::report
