// Turning a scenario's output folder into its report, and a folder of
// scenario reports into an index.
//
// <scenario_dir>/scenario.json + runs.jsonl  →  summary.json, README.md,
//   accuracy.svg   train and test accuracy per epoch, one panel per variant
//   loss.svg       train and test loss per epoch (log y)
//   lr.svg         lr per epoch (log y), when the lr changes during any run
//   lr-updates.svg lr against update, when runs recorded lr_per_update
// Lines are the mean over seeds, shaded bands the min–max over seeds.
// Every file is written atomically, so a report is never seen half-written.
#pragma once

#include <filesystem>
#include <vector>

#include "report/svg.hpp"
#include "report/summary.hpp"
#include "util/json_input.hpp"

namespace lrbench::report {

// Throws util::BadFile when scenario.json is missing or malformed, or
// runs.jsonl has a bad line other than a torn last one (or either breaks
// `limits`), and util::IoError when a file cannot be written. A missing
// runs.jsonl gives a report of zero runs (marked partial). Returns the notes
// the report also shows (a torn last line ignored, a missing runs.jsonl,
// stale records left out), for the caller to print as warnings.
[[nodiscard]] std::vector<std::string> write_report(const std::filesystem::path& scenario_dir,
                                                    const util::InputLimits& limits = {});

// <out_dir>/README.md: one line per subfolder holding a summary.json, and per
// such folder one level further down (a group: reports/seed/<scenario>), in
// path order. Written only into a folder that is lrbench's
// (report/output_folder.hpp: claim_index_folder). Returns notes for the
// caller to print as warnings: the index not written over a README.md
// lrbench did not write, a folder whose summary.json could not be read (left
// out; the others are listed). Throws util::IoError when writing fails.
[[nodiscard]] std::vector<std::string> write_index(const std::filesystem::path& out_dir,
                                                   const util::InputLimits& limits = {});

// The figures of write_report, exposed for tests and other front ends.
[[nodiscard]] svg::Figure accuracy_figure(const ScenarioMeta& meta, const std::vector<run::RunRecord>& records);
[[nodiscard]] svg::Figure loss_figure(const ScenarioMeta& meta, const std::vector<run::RunRecord>& records);
[[nodiscard]] svg::Figure lr_figure(const ScenarioMeta& meta, const std::vector<run::RunRecord>& records);
[[nodiscard]] svg::Figure lr_updates_figure(const ScenarioMeta& meta, const std::vector<run::RunRecord>& records);
// Whether the lr changes within any run / any run recorded lr_per_update.
[[nodiscard]] bool lr_varies(const std::vector<run::RunRecord>& records);
[[nodiscard]] bool has_lr_per_update(const std::vector<run::RunRecord>& records);

}  // namespace lrbench::report
