#include "comparison/markdown.hpp"

#include <algorithm>
#include <numeric>

#include <fmt/format.h>

namespace lrbench::comparison {

using nlohmann::json;

namespace {

std::string num(const json& x, const char* spec = "{:.4f}") {
  if (!x.is_number()) return "–";
  return fmt::format(fmt::runtime(spec), x.get<double>());
}

std::string pvalue(double p) { return p < 0.0001 ? "<0.0001" : fmt::format("{:.4f}", p); }

// "a", "a and b", "a, b and c".
std::string listing(const std::vector<std::string>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? " and " : ", ";
    out += names[i];
  }
  return out;
}

std::string selected_text(const json& c) {
  if (c["selected"].is_null()) return "none (no trial finished on every tuning seed)";
  std::string text = fmt::format("lr={:.4g}", c["selected"]["lr"].get<double>());
  for (const auto& [key, value] : c["selected"]["point"].items()) {
    if (key == "lr") continue;
    text += fmt::format(", {}={}", key, value.is_number() ? fmt::format("{:.4g}", value.get<double>()) : value.dump());
  }
  return text;
}

// The median suggestion and the seeds' range: "0.0316 (0.01–0.1)".
std::string lr_find_text(const json& c) {
  if (!c.contains("lr_find") || c["lr_find"].is_null()) return "–";
  const json& f = c["lr_find"];
  if (!f["suggestion"].is_number()) return "none";
  return fmt::format("{:.3g} ({:.3g}–{:.3g})", f["suggestion"].get<double>(), f["lowest"].get<double>(),
                     f["highest"].get<double>());
}

std::vector<std::size_t> by_rank(const json& contenders) {
  std::vector<std::size_t> order(contenders.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const int ra = contenders[a]["rank"].is_number() ? contenders[a]["rank"].get<int>() : 1 << 30;
    const int rb = contenders[b]["rank"].is_number() ? contenders[b]["rank"].get<int>() : 1 << 30;
    return ra < rb;
  });
  return order;
}

std::string verdict_counts(const json& c) {
  int better = 0, worse = 0, tie = 0;
  for (const json& v : c["verdicts"]) {
    const std::string w = v["verdict"];
    (w == "better" ? better : w == "worse" ? worse : tie) += 1;
  }
  return fmt::format("{} / {} / {}", better, tie, worse);
}

void task_section(std::string& md, const json& cmp, const json& task) {
  const std::string metric = cmp["final_metric"]["metric"];
  const bool target = !cmp["target"].is_null();
  md += fmt::format("### Task: {}\n\n", task["name"].get<std::string>());
  md += fmt::format("| Rank | Contender | Selected | {} mean ± std | 95 % CI | {}LR width (decades) | "
                    "lr-find (seeds) | better / tie / worse |\n",
                    metric, target ? "Epochs to target (s) | " : "");
  md += fmt::format("|---|---|---|---|---|{}---|---|---|\n", target ? "---|" : "");
  const json& contenders = task["contenders"];
  for (std::size_t i : by_rank(contenders)) {
    const json& c = contenders[i];
    const json& f = c["final"];
    std::string to_target;
    if (target) {
      const json& t = c["to_target"];
      to_target = t["median_epochs"].is_number()
                      ? fmt::format("{:.0f} ({} s; {}/{} seeds) | ", t["median_epochs"].get<double>(),
                                    num(t["median_seconds"], "{:.2g}"), t["reached"].get<int>(), t["of"].get<int>())
                      : fmt::format("not reached ({}/{} seeds) | ", t["reached"].get<int>(), t["of"].get<int>());
    }
    const json& ci = f.contains("ci") ? f["ci"] : json(nullptr);
    md += fmt::format("| {} | {} | {} | {} ± {} | {} | {}{} | {} | {} |\n",
                      c["rank"].is_number() ? std::to_string(c["rank"].get<int>()) : "–",
                      c["name"].get<std::string>(), selected_text(c), num(f.value("mean", json())),
                      num(f.value("std", json())),
                      ci.is_null() ? "–" : fmt::format("[{}, {}]", num(ci["lower"]), num(ci["upper"])), to_target,
                      num(c["lr_sensitivity"]["width_decades"], "{:.2f}"), lr_find_text(c), verdict_counts(c));
  }
  md += "\n";
  for (const std::string& f : findings(cmp, task)) md += "- " + f + "\n";
  md += "\n";
  if (!task["complete"].get<bool>()) return;
  md += "<details><summary>Pairwise verdicts: two-sided Mann–Whitney U on the final seeds, Holm-corrected</summary>"
        "\n\n";
  md += "| Contender | Against | Verdict | p | p (Holm) | Mean difference [95 % CI] |\n|---|---|---|---|---|---|\n";
  for (const json& c : contenders) {
    for (const json& v : c["verdicts"]) {
      const json& d = v["difference"];
      md += fmt::format("| {} | {} | {} | {} | {} | {} [{}, {}] |\n", c["name"].get<std::string>(),
                        v["against"].get<std::string>(), v["verdict"].get<std::string>(), pvalue(v["p"]),
                        pvalue(v["p_holm"]), num(d["estimate"]), num(d["lower"]), num(d["upper"]));
    }
  }
  md += "\n</details>\n\n";
}

}  // namespace

std::vector<std::string> findings(const json& cmp, const json& task) {
  std::vector<std::string> out;
  const json& contenders = task["contenders"];
  if (!task["complete"].get<bool>()) {
    out.push_back("Not every contender has all its final seeds recorded, so there are no verdicts yet (run again "
                  "with --resume to complete it).");
    return out;
  }
  const double alpha = cmp["alpha"];
  std::vector<std::string> first;
  for (const json& c : contenders) {
    if (c["rank"].get<int>() == 1) first.push_back(c["name"]);
  }
  if (first.size() == contenders.size()) {
    out.push_back(fmt::format("All {} contenders tie: no pair is separated at α = {} (Holm).", contenders.size(), alpha));
  } else if (first.size() > 1) {
    out.push_back(fmt::format("{} tie for rank 1: the test does not separate them at α = {} (Holm).", listing(first),
                              alpha));
  } else {
    const json* top = nullptr;
    for (const json& c : contenders) {
      if (c["rank"].get<int>() == 1) top = &c;
    }
    std::vector<std::string> beats;
    std::vector<std::string> ties;
    for (const json& v : (*top)["verdicts"]) {
      (v["verdict"] == "better" ? beats : ties).push_back(v["against"]);
    }
    if (ties.empty()) {
      out.push_back(fmt::format("{} is better than every other contender (α = {}, Holm).", first.front(), alpha));
    } else {
      out.push_back(fmt::format("{} ranks first: better than {}; it ties with {}.", first.front(), listing(beats),
                                listing(ties)));
    }
  }
  for (const std::size_t i : by_rank(contenders)) {
    const json& c = contenders[i];
    if (c["rank"].get<int>() == 1) continue;
    std::vector<std::string> worse_than;
    for (const json& v : c["verdicts"]) {
      if (v["verdict"] == "worse") worse_than.push_back(v["against"]);
    }
    out.push_back(fmt::format("{} (rank {}) is worse than {}.", c["name"].get<std::string>(), c["rank"].get<int>(),
                              listing(worse_than)));
  }
  for (const json& c : contenders) {
    const int diverged = c["final"]["diverged"];
    if (diverged > 0) {
      out.push_back(fmt::format("{} diverged on {} of its final seeds (scored as the worst value).",
                                c["name"].get<std::string>(), diverged));
    }
  }
  return out;
}

std::string render_readme(const json& cmp, const std::vector<std::string>& figures) {
  std::string md = fmt::format("# {}\n\n", cmp["name"].get<std::string>());
  if (!cmp["description"].get<std::string>().empty()) md += cmp["description"].get<std::string>() + "\n\n";
  if (cmp["partial"].get<bool>()) {
    md += "> **Partial:** the run was stopped before every planned run finished; run again with `--resume`.\n\n";
  }
  md += "## Optimizers compared\n\n";
  const json& seeds = cmp["final_seeds"];
  md += fmt::format(
      "Each contender was tuned over its search space ({} budget) on tuning seeds {}, selected on {} (last epoch, "
      "mean over the tuning seeds), then run again at the selected configuration on {} fresh seeds; every number "
      "below comes from those final seeds, on {}. Verdicts: two-sided Mann–Whitney U per pair, Holm-corrected over "
      "all pairs at α = {}; contenders not separated share a rank. LR width: decades of lr whose tuning score is "
      "within ε = {} of the contender's best. Machine-readable: [comparison.json](comparison.json).\n\n",
      cmp["budget"]["kind"].get<std::string>(), cmp["tuning_seeds"].dump(), cmp["select_on"]["metric"].get<std::string>(),
      seeds.size(), cmp["final_metric"]["metric"].get<std::string>(), cmp["alpha"].get<double>(),
      cmp["epsilon"].get<double>());
  if (cmp["select_on"]["optimistic"].get<bool>()) {
    md += "> **Optimistic selection:** the data has no validation split, so the configurations were selected on the "
          "test split that the final scores are also measured on (with other seeds). Add `data.split.validation` "
          "for an unbiased comparison.\n\n";
  }
  for (const json& task : cmp["tasks"]) task_section(md, cmp, task);
  if (!cmp["profile"].is_null()) {
    md += "### Across tasks: performance profile of epochs to target\n\n| Contender | Score (area under ρ, τ ∈ [1, 4]) "
          "|\n|---|---|\n";
    for (const json& c : cmp["profile"]["contenders"]) {
      md += fmt::format("| {} | {} |\n", c["name"].get<std::string>(), num(c["score"], "{:.3f}"));
    }
    md += "\n";
  }
  if (!figures.empty()) md += "## Figures\n\n";
  for (const std::string& f : figures) md += fmt::format("![{}]({})\n\n", f, f);
  return md;
}

}  // namespace lrbench::comparison
