#include "report/markdown.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include <fmt/format.h>

#include "report/function_report.hpp"
#include "report/table_cells.hpp"
#include "util/number_text.hpp"

namespace lrbench::report {
namespace {

using nlohmann::json;

using namespace cells;

std::string metric_name(const std::string& metric) {
  if (metric == "train_accuracy") return "train accuracy";
  if (metric == "validation_accuracy") return "validation accuracy";
  return "test accuracy";
}

// A JSON value on one line, without quotes around plain strings: setup
// values read as "n_samples=1000, centers=3".
std::string inline_value(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_object()) {
    std::string out;
    for (auto it = v.begin(); it != v.end(); ++it) {
      if (!out.empty()) out += ", ";
      out += it.key() + "=" + (it->is_object() ? "{" + inline_value(*it) + "}" : inline_value(*it));
    }
    return out;
  }
  if (v.is_array()) {
    std::string out;
    for (const auto& e : v) {
      if (!out.empty()) out += ", ";
      out += e.is_object() ? "{" + inline_value(e) + "}" : inline_value(e);
    }
    return "[" + out + "]";
  }
  return v.dump();
}

// The config leaves (as dotted paths) whose values differ between variants:
// what the scenario sweeps.
std::vector<std::string> swept_paths(const std::vector<json>& configs) {
  if (configs.size() < 2) return {};
  std::map<std::string, std::set<std::string>> values;
  std::set<std::string> paths;
  std::vector<json> flat;
  for (const auto& c : configs) {
    flat.push_back(c.is_object() ? c.flatten() : json::object());
    for (auto it = flat.back().begin(); it != flat.back().end(); ++it) paths.insert(it.key());
  }
  std::vector<std::string> out;
  for (const auto& p : paths) {
    std::set<std::string> seen;
    for (const auto& f : flat) seen.insert(f.contains(p) ? f[p].dump() : "(absent)");
    if (seen.size() > 1) {
      std::string dotted = p.substr(1);
      std::replace(dotted.begin(), dotted.end(), '/', '.');
      out.push_back(dotted);
    }
  }
  return out;
}

// A number as a reader writes it: "0.01", "1e-7", "200", "2" (not "2.0").
std::string number(const json& v) {
  if (v.is_number_integer() || v.is_number_unsigned()) return v.dump();
  if (!v.is_number_float()) return v.is_string() ? v.get<std::string>() : v.dump();
  return util::short_number(v.get<double>());
}

// The text of the line about `topic` ("Optimizer"), if there is one.
std::optional<std::string> line_about(const std::vector<SetupLine>& lines, std::string_view topic) {
  for (const SetupLine& l : lines) {
    if (l.topic == topic) return l.text;
  }
  return std::nullopt;
}

// What a variant changes relative to the setup, as "lr 1" or, when it swaps
// the optimizer, the variant's whole optimizer line.
std::string differences(const json& setup, const json& config, const std::vector<SetupLine>& variant_lines) {
  if (!config.is_object()) return kDash;
  std::vector<std::string> parts;
  for (auto it = config.begin(); it != config.end(); ++it) {
    const std::string& section = it.key();
    const json base = setup.is_object() && setup.contains(section) ? setup[section] : json();
    if (base == *it) continue;
    if (section == "optimizer" && it->is_object() && base.is_object() && base.value("name", "") != it->value("name", "")) {
      if (auto line = line_about(variant_lines, "Optimizer")) {
        parts.push_back("optimizer " + *line);
        continue;
      }
    }
    const json flat = it->is_structured() ? it->flatten() : json{{"", *it}};
    const json base_flat = base.is_structured() ? base.flatten() : json::object();
    for (auto leaf = flat.begin(); leaf != flat.end(); ++leaf) {
      if (base_flat.contains(leaf.key()) && base_flat[leaf.key()] == *leaf) continue;
      const auto slash = leaf.key().rfind('/');
      const std::string name = slash == std::string::npos ? section : leaf.key().substr(slash + 1);
      parts.push_back(name + " " + number(*leaf));
    }
  }
  return parts.empty() ? std::string("(the setup as above)") : join(parts, ", ");
}

std::optional<int> classes_of(const ScenarioMeta& meta, const VariantSummary& v) {
  if (auto k = num_classes(v.config)) return k;
  return num_classes(meta.setup);
}


}  // namespace

std::string first_sentence(std::string_view text) {
  std::string_view s = text;
  const auto start = s.find_first_not_of(" \t\r\n");
  if (start == std::string_view::npos) return {};
  s.remove_prefix(start);
  std::size_t end = s.find('\n');
  if (end == std::string_view::npos) end = s.size();
  const auto dot = s.substr(0, end).find(". ");
  if (dot != std::string_view::npos) end = dot + 1;
  s = s.substr(0, end);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return std::string(s);
}

const VariantSummary* best_variant(const Summary& summary) {
  const VariantSummary* best = nullptr;
  for (const auto& v : summary.variants)
    if (std::isfinite(v.final_test_accuracy.mean) && (!best || v.final_test_accuracy.mean > best->final_test_accuracy.mean))
      best = &v;
  return best;
}

std::vector<std::string> findings(const ScenarioMeta& meta, const Summary& summary) {
  if (meta.task == "function") return function_findings(summary);
  std::vector<std::string> out;
  if (summary.variants.empty()) return out;

  if (const VariantSummary* best = best_variant(summary)) {
    // The runner-up lets a reader judge whether the lead is within noise.
    const VariantSummary* second = nullptr;
    for (const auto& v : summary.variants)
      if (&v != best && std::isfinite(v.final_test_accuracy.mean) &&
          (!second || v.final_test_accuracy.mean > second->final_test_accuracy.mean))
        second = &v;
    out.push_back(fmt::format("Highest final test accuracy: **{}** with {} (mean ± std over {} seeds){}.", text(best->label),
                              acc(best->final_test_accuracy), best->ok + best->diverged,
                              second ? fmt::format("; next: **{}** with {}", text(second->label),
                                                   acc(second->final_test_accuracy))
                                     : std::string()));
  } else {
    out.push_back("No variant has a final test accuracy (no run completed an epoch).");
  }

  std::vector<std::string> diverged;
  for (const auto& v : summary.variants)
    if (v.diverged > 0) diverged.push_back(fmt::format("**{}** ({}/{} seeds)", text(v.label), v.diverged, v.seeds));
  out.push_back(diverged.empty() ? std::string("No variant diverged.")
                                 : "Diverged (loss became NaN or infinite): " + join(diverged, ", ") + ".");

  std::vector<std::string> failed;
  for (const auto& v : summary.variants)
    if (v.failed > 0) failed.push_back(fmt::format("**{}** ({}/{} runs)", text(v.label), v.failed, v.seeds));
  if (!failed.empty()) out.push_back("Failed (see Notes): " + join(failed, ", ") + ".");

  // "Learned nothing": final test accuracy within kChanceMargin of chance.
  std::vector<std::string> nothing;
  std::optional<int> classes;
  for (const auto& v : summary.variants) {
    const auto k = classes_of(meta, v);
    if (!k || !std::isfinite(v.final_test_accuracy.mean)) continue;
    classes = classes ? classes : k;
    const double chance = 1.0 / *k;
    if (std::abs(v.final_test_accuracy.mean - chance) <= kChanceMargin)
      nothing.push_back(fmt::format("**{}** ({:.3f})", text(v.label), v.final_test_accuracy.mean));
  }
  if (classes) {
    const double chance = 1.0 / *classes;
    if (nothing.empty())
      out.push_back(fmt::format("Every variant learned something: each final test accuracy is more than {:.2f} away "
                                "from chance ({:.3f} for {} classes).",
                                kChanceMargin, chance, *classes));
    else
      out.push_back(fmt::format("Learned nothing (final test accuracy within {:.2f} of chance, {:.3f} for {} classes): {}.",
                                kChanceMargin, chance, *classes, join(nothing, ", ")));
  }

  if (summary.target) {
    const VariantSummary* fastest = nullptr;
    for (const auto& v : summary.variants)
      if (v.epochs_to_target && std::isfinite(*v.epochs_to_target) &&
          (!fastest || *v.epochs_to_target < *fastest->epochs_to_target))
        fastest = &v;
    const std::string goal = fmt::format("{} ≥ {}", metric_name(summary.target->metric), summary.target->value);
    if (fastest) {
      std::vector<std::string> tied;
      for (const auto& v : summary.variants)
        if (&v != fastest && v.epochs_to_target && *v.epochs_to_target == *fastest->epochs_to_target)
          tied.push_back("**" + text(v.label) + "**");
      out.push_back(fmt::format("Fastest to {}: **{}**{} in {} epochs (median over seeds).", goal, text(fastest->label),
                                tied.empty() ? "" : " (tied with " + join(tied, ", ") + ")",
                                epochs_text(*fastest->epochs_to_target)));
      std::vector<std::string> never;
      for (const auto& v : summary.variants)
        if (v.epochs_to_target && !std::isfinite(*v.epochs_to_target)) never.push_back("**" + text(v.label) + "**");
      if (!never.empty())
        out.push_back(fmt::format("Never reached {} in {} epochs on at least half of the seeds: {}.", goal,
                                  [&] {
                                    int epochs = 0;
                                    for (const auto& c : meta.configs)
                                      if (c.contains("training") && c["training"].contains("epochs"))
                                        epochs = std::max(epochs, c["training"]["epochs"].get<int>());
                                    return epochs;
                                  }(),
                                  join(never, ", ")));
    } else {
      out.push_back(fmt::format("No variant reached {} on at least half of its seeds.", goal));
    }
  }

  if (summary.variants.size() > 1) {
    const VariantSummary* most = nullptr;
    for (const auto& v : summary.variants)
      if (std::isfinite(v.volatility) && (!most || v.volatility > most->volatility)) most = &v;
    if (most)
      out.push_back(fmt::format("Most volatile: **{}** (std of test accuracy over the last {} epochs: {:.4f}, mean "
                                "over seeds).",
                                text(most->label), kVolatilityEpochs, most->volatility));
  }
  return out;
}

namespace {

// What every section of a scenario's README reads.
struct ReadmeInput {
  const ScenarioMeta& meta;
  const Summary& summary;
  const std::vector<FigureLink>& figures;
  const std::vector<std::string>& notes;
};

// The title, the partial-results warning and the scenario's description.
std::string title_section(const ReadmeInput& in) {
  const ScenarioMeta& meta = in.meta;
  std::string md = "# " + meta.name + "\n\n";
  if (in.summary.partial)
    md += fmt::format("> **Partial results:** {} of {} runs recorded{}. The numbers below cover only those runs.\n\n",
                      in.summary.recorded_runs, in.summary.expected_runs,
                      meta.partial ? " (the run was interrupted or limited)" : "");
  if (!meta.description.empty()) md += meta.description + "\n\n";
  return md;
}

// Where and how the results were produced (provenance/context.hpp).
std::string context_section(const ReadmeInput& in) {
  const provenance::Context& c = in.meta.context;
  std::string md = "## Context\n\n";
  md += fmt::format("- lrbench {} (commit {}), {} build, {}\n", c.lrbench_version, c.git_commit, c.build_type, c.compiler);
  md += fmt::format("- Compiler flags: `{}`\n", c.compiler_flags.empty() ? "(none)" : c.compiler_flags);
  md += fmt::format("- CPU: {}; {} parallel jobs{}\n", c.cpu_model, c.threads,
                    c.isa.empty() ? "" : "; model kernels for " + c.isa + " (the same results on every instruction set)");
  md += fmt::format("- Date: {}\n", c.date);
  if (!c.plugins.empty()) {
    std::vector<std::string> ps;
    // Names are checked ([a-z][a-z0-9_]*); a version or build is whatever the plugin says.
    for (const auto& p : c.plugins) {
      ps.push_back(fmt::format("{} {} {}{}", p.kind, p.name, text(p.version), p.build.empty() ? "" : " (" + text(p.build) + ")"));
    }
    md += "- Plugins: " + join(ps, ", ") + "\n";
  }
  return md + "\n";
}

// The swept settings as the grid line names them: the paths, or past three
// of them (swapping optimizers changes a dozen parameter paths) their sections.
std::string swept_names(const std::vector<std::string>& swept) {
  std::vector<std::string> quoted;
  for (const auto& p : swept) {
    const std::string shown = swept.size() > 3 ? p.substr(0, p.find('.')) : p;
    if (std::find(quoted.begin(), quoted.end(), "`" + shown + "`") == quoted.end()) quoted.push_back("`" + shown + "`");
  }
  return join(quoted, ", ");
}

// The shared setup, the seeds, the target, and the grid of variants.
std::string setup_section(const ReadmeInput& in) {
  const ScenarioMeta& meta = in.meta;
  std::string md = "## Setup\n\n";
  if (!meta.setup_lines.empty()) {
    for (const SetupLine& l : meta.setup_lines) md += "- **" + l.topic + "**: " + l.text + ".\n";
  } else if (meta.setup.is_object()) {
    // The pipeline's order first, then anything else the scenario module adds.
    const std::vector<std::string> order = {"data", "split", "model", "training", "optimizer", "schedule", "record"};
    std::vector<std::string> keys = order;
    for (auto it = meta.setup.begin(); it != meta.setup.end(); ++it)
      if (std::find(order.begin(), order.end(), it.key()) == order.end()) keys.push_back(it.key());
    for (const auto& k : keys)
      if (meta.setup.contains(k)) md += fmt::format("- **{}**: {}\n", k, inline_value(meta.setup[k]));
  }
  std::vector<std::string> seeds;
  for (auto s : meta.seeds) seeds.push_back(std::to_string(s));
  md += fmt::format("- **Seeds** ({} per variant): {}; a seed sets {}.\n", meta.seeds.size(), join(seeds, ", "),
                    meta.task == "function" ? "the start point (and the gradient noise of a noisy function)"
                                            : "the initial weights and the shuffling order");
  if (meta.target)
    md += fmt::format("- **Target**: {} ≥ {} (epochs to target: the first epoch reaching it).\n",
                      metric_name(meta.target->metric), meta.target->value);
  const auto swept = swept_paths(meta.configs);
  md += fmt::format("\nThe grid: {} variant{}{}.\n\n", meta.variants.size(), meta.variants.size() == 1 ? "" : "s",
                    swept.empty() ? "" : ", differing in " + swept_names(swept));
  md += "| Variant | Changes to the setup above |\n|---|---|\n";
  for (std::size_t i = 0; i < meta.variants.size(); ++i)
    md += fmt::format("| {} | {} |\n", text(meta.variants[i]),
                      cell(differences(meta.setup, i < meta.configs.size() ? meta.configs[i] : json(),
                                       i < meta.variant_setup.size() ? meta.variant_setup[i]
                                                                     : std::vector<SetupLine>{})));
  return md + "\n";
}

// The classification results table: one row per variant.
std::string classification_results(const Summary& summary) {
  std::string md =
      "Final values are those of the last epoch (for a diverged run, the last epoch before it diverged); mean ± "
      "sample std over seeds.";
  if (summary.target) md += " Epochs to target: median over seeds, `—` when more than half never reach it.";
  md += fmt::format(" Volatility: std of test accuracy over the last {} epochs.\n\n", kVolatilityEpochs);
  md += "| Variant | Final train acc |";
  if (summary.validation) md += " Final validation acc | Final validation loss |";
  md += " Final test acc | Final test loss | Best test acc (epoch) |";
  if (summary.target) md += " Epochs to target |";
  // Only when some optimizer asked for more than one gradient per update (SAM).
  const bool gradients = std::any_of(summary.variants.begin(), summary.variants.end(),
                                     [](const auto& v) { return v.gradients_per_step != 1.0; });
  md += " Volatility | Diverged | Wall time / run (ms) |";
  if (gradients) md += " Gradient evaluations / step |";
  md += "\n|---|---|---|---|---|";
  if (summary.validation) md += "---|---|";
  if (summary.target) md += "---|";
  md += gradients ? "---|---|---|---|\n" : "---|---|---|\n";
  for (const auto& v : summary.variants) {
    std::string best = kDash;
    if (std::isfinite(v.best_test_accuracy.mean))
      best = fmt::format("{:.3f} ({})", v.best_test_accuracy.mean, epochs_text(v.best_epoch));
    const std::string div = diverged(v);
    md += fmt::format("| {} | {} |", text(v.label), acc(v.final_train_accuracy));
    if (summary.validation)
      md += fmt::format(" {} | {} |", acc(v.final_validation_accuracy), loss(v.final_validation_loss));
    md += fmt::format(" {} | {} | {} |", acc(v.final_test_accuracy), loss(v.final_test_loss), best);
    if (summary.target) md += " " + epochs_text(v.epochs_to_target.value_or(NAN)) + " |";
    md += fmt::format(" {} | {} | {} |", std::isfinite(v.volatility) ? fmt::format("{:.4f}", v.volatility) : kDash,
                      div, ms(v.wall_seconds));
    if (gradients) md += fmt::format(" {:.3g} |", v.gradients_per_step);
    md += "\n";
  }
  return md;
}

std::string results_section(const ReadmeInput& in) {
  const bool function = in.meta.task == "function";
  return "## Results\n\n" + (function ? function_results(in.summary) : classification_results(in.summary)) + "\n";
}

// The figures: a list of links, then the images.
std::string figures_section(const ReadmeInput& in) {
  if (in.figures.empty()) return "";
  std::string md = "## Figures\n\n";
  for (const auto& f : in.figures) md += fmt::format("- [{}]({}): {}\n", f.file, f.file, f.caption);
  md += "\n";
  for (const auto& f : in.figures) md += fmt::format("![{}]({})\n\n", f.caption, f.file);
  return md;
}

// What the numbers show, generated from them (findings() above).
std::string findings_section(const ReadmeInput& in) {
  std::string md = "## Findings\n\n";
  for (const auto& f : findings(in.meta, in.summary)) md += "- " + f + "\n";
  return md + "\n";
}

// The caller's notes, the summary's warnings and every failed run's error.
std::string notes_section(const ReadmeInput& in) {
  std::vector<std::string> all_notes = in.notes;
  all_notes.insert(all_notes.end(), in.summary.warnings.begin(), in.summary.warnings.end());
  for (const auto& v : in.summary.variants)
    for (const auto& e : v.errors) all_notes.push_back("failed run of " + v.label + ", " + e);
  if (all_notes.empty()) return "";
  std::string md = "## Notes\n\n";
  for (const auto& n : all_notes) md += "- " + text(n) + "\n";
  return md + "\n";
}

// The README's sections, in order: a new section is a function above and a
// line here.
using ReadmeSection = std::string (*)(const ReadmeInput&);
constexpr ReadmeSection kReadmeSections[] = {
    title_section, context_section, setup_section, results_section, figures_section, findings_section, notes_section,
};

}  // namespace

std::string render_readme(const ScenarioMeta& meta, const Summary& summary, const std::vector<FigureLink>& figures,
                          const std::vector<std::string>& notes) {
  const ReadmeInput in{meta, summary, figures, notes};
  std::string md;
  for (const ReadmeSection section : kReadmeSections) md += section(in);
  return md;
}

std::string render_index(const std::vector<IndexEntry>& entries) {
  std::string md = "# lrbench reports\n\n";
  if (entries.empty()) return md + "No scenario reports yet.\n";
  md += "One line per scenario: its description's first sentence and the variant with the highest final test "
        "accuracy.\n\n";
  for (const auto& e : entries) {
    md += fmt::format("- [{}]({}/README.md)", text(e.name), e.folder);
    if (e.partial) md += " (partial)";
    const std::string sentence = first_sentence(e.description);
    if (!sentence.empty()) md += " — " + sentence;
    if (e.best_label && e.function)
      md += fmt::format(" Best: **{}** (final f − f* {:.3g}).", text(*e.best_label), e.best_test_accuracy);
    else if (e.best_label)
      md += fmt::format(" Best: **{}** (final test accuracy {:.3f}).", text(*e.best_label), e.best_test_accuracy);
    md += "\n";
  }
  return md;
}

}  // namespace lrbench::report
