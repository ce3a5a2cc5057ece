// The scenario report (README.md) and the index of reports, as Markdown.
//
// Every number and every sentence is generated from the summary: the
// Findings section states which variant is best, which diverged, which
// learned nothing, which reached the target first and which is most
// volatile, each with the table value it rests on; nothing is hand-written.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "report/summary.hpp"

namespace lrbench::report {

// Within this distance of chance (1/classes), a variant "learned nothing".
inline constexpr double kChanceMargin = 0.05;

struct FigureLink {
  std::string file;     // relative to the README, e.g. "accuracy.svg"
  std::string caption;  // one line
};

[[nodiscard]] std::string render_readme(const ScenarioMeta& meta, const Summary& summary,
                                        const std::vector<FigureLink>& figures,
                                        const std::vector<std::string>& notes);

// The generated Findings sentences (one Markdown bullet's text each).
[[nodiscard]] std::vector<std::string> findings(const ScenarioMeta& meta, const Summary& summary);

// The variant with the highest mean final test accuracy, if any has one.
[[nodiscard]] const VariantSummary* best_variant(const Summary& summary);

struct IndexEntry {
  std::string folder;  // subfolder name
  std::string name;    // scenario name
  std::string description;
  bool partial = false;
  std::optional<std::string> best_label;
  double best_test_accuracy = 0.0;  // for a function task: the lowest final f − f*
  bool function = false;
};

[[nodiscard]] std::string render_index(const std::vector<IndexEntry>& entries);

// Up to and including the first ". " (or the first line), trimmed.
[[nodiscard]] std::string first_sentence(std::string_view text);

}  // namespace lrbench::report
