#include "comparison/figures.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "comparison/stages.hpp"
#include "report/svg.hpp"
#include "util/files.hpp"

namespace lrbench::comparison {

using nlohmann::json;
namespace svg = report::svg;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

svg::Series line(const std::string& name, std::size_t contender) {
  svg::Series s;
  s.name = name;
  s.color = static_cast<int>(contender);
  s.dashed = contender >= svg::palette().size();
  return s;
}

double value(const json& x) { return x.is_number() ? x.get<double>() : kNaN; }

bool higher_is_better(const json& metric) { return metric["direction"] == "higher_is_better"; }

void write(const std::filesystem::path& path, const svg::Figure& figure) {
  util::write_file_atomically(path, svg::render(figure));
}

svg::Figure lr_sensitivity(const json& result) {
  svg::Figure f;
  f.title = "LR sensitivity: tuning score against learning rate";
  f.subtitle = fmt::format("mean over tuning seeds {} of each lr's best trial; band: min–max; tick: selected lr",
                           result["tuning_seeds"].dump());
  f.x = {"learning rate", true, std::nullopt, std::nullopt};
  f.y = {result["select_on"]["metric"].get<std::string>(), false, std::nullopt, std::nullopt};
  const bool higher = higher_is_better(result["select_on"]);
  double lo = std::numeric_limits<double>::infinity();
  double hi = -lo;
  for (const json& task : result["tasks"]) {
    svg::Panel panel{task["name"].get<std::string>(), {}};
    std::vector<std::pair<std::size_t, double>> marks;  // contender, selected lr
    for (std::size_t k = 0; k < task["contenders"].size(); ++k) {
      const json& c = task["contenders"][k];
      std::map<double, const json*> best;  // lr → its best trial
      for (const json& t : c["trials"]) {
        const double m = value(t["mean"]);
        auto [at, inserted] = best.emplace(t["lr"].get<double>(), &t);
        const double old = value((*at->second)["mean"]);
        if (!inserted && !std::isnan(m) && (std::isnan(old) || (higher ? m > old : m < old))) at->second = &t;
      }
      svg::Series s = line(c["name"], k);
      for (const auto& [lr, t] : best) {
        s.x.push_back(lr);
        s.y.push_back(value((*t)["mean"]));
        double smin = std::numeric_limits<double>::infinity();
        double smax = -smin;
        for (const json& x : (*t)["scores"]) {
          smin = std::min(smin, value(x));
          smax = std::max(smax, value(x));
        }
        s.lo.push_back(std::isfinite(smin) ? smin : kNaN);
        s.hi.push_back(std::isfinite(smax) ? smax : kNaN);
        if (std::isfinite(smin)) lo = std::min(lo, smin);
        if (std::isfinite(smax)) hi = std::max(hi, smax);
      }
      panel.series.push_back(std::move(s));
      if (!c["selected"].is_null()) marks.emplace_back(k, c["selected"]["lr"].get<double>());
    }
    // The selected lr: a short vertical tick at the contender's tuning score.
    const double half = std::isfinite(hi - lo) && hi > lo ? 0.04 * (hi - lo) : 0.01;
    for (const auto& [k, lr] : marks) {
      const double score = value(task["contenders"][k]["selected"]["tuning_score"]);
      svg::Series tick = line("", k);
      tick.dashed = true;
      tick.x = {lr, lr};
      tick.y = {score - half, score + half};
      panel.series.push_back(std::move(tick));
    }
    f.panels.push_back(std::move(panel));
  }
  return f;
}

// Per epoch: mean, min and max over the runs that reached it.
void summarise(const std::vector<const std::vector<double>*>& runs, svg::Series& s) {
  std::size_t epochs = 0;
  for (const auto* r : runs) epochs = std::max(epochs, r->size());
  for (std::size_t e = 0; e < epochs; ++e) {
    double sum = 0.0;
    double lo = std::numeric_limits<double>::infinity();
    double hi = -lo;
    std::size_t n = 0;
    for (const auto* r : runs) {
      if (e >= r->size() || !std::isfinite((*r)[e])) continue;
      sum += (*r)[e];
      lo = std::min(lo, (*r)[e]);
      hi = std::max(hi, (*r)[e]);
      ++n;
    }
    s.x.push_back(static_cast<double>(e + 1));
    s.y.push_back(n > 0 ? sum / static_cast<double>(n) : kNaN);
    s.lo.push_back(n > 0 ? lo : kNaN);
    s.hi.push_back(n > 0 ? hi : kNaN);
  }
}

svg::Figure convergence(const Comparison& c, const std::map<std::string, run::RunRecord>& records) {
  const bool function = c.final_metric.name == "train_loss";
  svg::Figure f;
  f.title = "Convergence at the selected configurations";
  f.subtitle = fmt::format("mean over the {} final seeds; band: min–max", c.final_seeds.size());
  f.x = {"epoch", false, std::nullopt, std::nullopt};
  f.y = function ? svg::Axis{"f − f*", true, std::nullopt, std::nullopt}
                 : svg::Axis{"accuracy", false, std::nullopt, std::nullopt};
  const ConfirmStage confirm = confirm_stage(c, select(c, tuning_scores(c, records)));
  const std::vector<std::string> metrics =
      function ? std::vector<std::string>{"train_loss"} : std::vector<std::string>{"train_accuracy", "test_accuracy"};
  for (std::size_t t = 0; t < c.tasks.size(); ++t) {
    for (const std::string& metric : metrics) {
      svg::Panel panel{function ? c.tasks[t].name : fmt::format("{}: {}", c.tasks[t].name, metric), {}};
      for (std::size_t k = 0; k < c.contenders.size(); ++k) {
        const auto& v = confirm.variant_of[t][k];
        if (!v) continue;
        std::vector<const std::vector<double>*> runs;
        for (const scenario::Run& r : confirm.runs) {
          if (r.variant != *v) continue;
          const auto found = records.find(r.id);
          if (found == records.end()) continue;
          const run::EpochSeries& e = found->second.epochs;
          runs.push_back(metric == "train_loss" ? &e.train_loss : metric == "train_accuracy" ? &e.train_accuracy
                                                                                             : &e.test_accuracy);
        }
        svg::Series s = line(c.contenders[k].name, k);
        summarise(runs, s);
        panel.series.push_back(std::move(s));
      }
      f.panels.push_back(std::move(panel));
    }
  }
  f.cols = function ? 0 : 2;
  return f;
}

svg::Figure budget(const json& result) {
  svg::Figure f;
  f.title = "Tuning budget: expected best tuning score after k trials";
  f.subtitle = "exact, from the trials' mean tuning scores (Dodge et al. 2019); band: ± one standard deviation";
  f.x = {"trials k", false, 1.0, std::nullopt};
  f.y = {result["select_on"]["metric"].get<std::string>(), false, std::nullopt, std::nullopt};
  for (const json& task : result["tasks"]) {
    svg::Panel panel{task["name"].get<std::string>(), {}};
    for (std::size_t k = 0; k < task["contenders"].size(); ++k) {
      const json& c = task["contenders"][k];
      if (c["expected_best"].is_null()) continue;
      svg::Series s = line(c["name"], k);
      const json& mean = c["expected_best"]["mean"];
      const json& variance = c["expected_best"]["variance"];
      for (std::size_t i = 0; i < mean.size(); ++i) {
        const double m = value(mean[i]);
        const double sd = std::sqrt(std::max(0.0, value(variance[i])));
        s.x.push_back(static_cast<double>(i + 1));
        s.y.push_back(m);
        s.lo.push_back(m - sd);
        s.hi.push_back(m + sd);
      }
      panel.series.push_back(std::move(s));
    }
    f.panels.push_back(std::move(panel));
  }
  return f;
}

svg::Figure profile(const json& result) {
  const json& p = result["profile"];
  const double tau_max = p["tau_max"];
  const auto problems = static_cast<double>(p["problems"].get<std::size_t>());
  svg::Figure f;
  f.title = "Performance profile: epochs to target across tasks";
  f.subtitle = "ρ(τ): the fraction of tasks a contender solves within τ × the fastest contender's epochs";
  f.x = {"τ", false, 1.0, tau_max};
  f.y = {"ρ(τ)", false, 0.0, 1.0};
  svg::Panel panel{"", {}};
  for (std::size_t k = 0; k < p["contenders"].size(); ++k) {
    const json& c = p["contenders"][k];
    svg::Series s = line(fmt::format("{} (score {:.3f})", c["name"].get<std::string>(), value(c["score"])), k);
    // The exact steps: flat between the ratios, a jump of 1/P at each.
    double rho = 0.0;
    s.x.push_back(1.0);
    for (const json& r : c["steps"]) {
      const double tau = std::min(value(r), tau_max);
      s.y.push_back(rho);
      s.x.push_back(tau);
      s.y.push_back(rho);
      rho += problems > 0 ? 1.0 / problems : 0.0;
      s.x.push_back(tau);
    }
    s.y.push_back(rho);
    s.x.push_back(tau_max);
    s.y.push_back(rho);
    panel.series.push_back(std::move(s));
  }
  f.panels.push_back(std::move(panel));
  return f;
}

}  // namespace

std::vector<std::string> write_figures(const json& result, const Comparison& c,
                                       const std::map<std::string, run::RunRecord>& records,
                                       const std::filesystem::path& dir) {
  std::vector<std::string> files;
  write(dir / "lr_sensitivity.svg", lr_sensitivity(result));
  files.emplace_back("lr_sensitivity.svg");
  write(dir / "convergence.svg", convergence(c, records));
  files.emplace_back("convergence.svg");
  write(dir / "budget.svg", budget(result));
  files.emplace_back("budget.svg");
  if (!result["profile"].is_null()) {
    write(dir / "profile.svg", profile(result));
    files.emplace_back("profile.svg");
  }
  return files;
}

}  // namespace lrbench::comparison
