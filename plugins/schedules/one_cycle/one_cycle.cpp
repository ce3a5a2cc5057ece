// one_cycle: the 1cycle policy (Smith & Topin 2017, "Super-Convergence"), as
// torch.optim.lr_scheduler.OneCycleLR. It sets its own lr range and ignores
// the optimizer's lr, as torch does:
//   initial = max_lr / div_factor,   final = initial / final_div_factor.
// Two phases (three_phase = false), ending at steps
//   pct_start·total_steps − 1  (initial → max_lr)   and   total_steps − 1  (max_lr → final);
// three phases (three_phase = true), ending at steps
//   pct_start·total_steps − 1  (initial → max_lr),
//   2·pct_start·total_steps − 2  (max_lr → initial),   total_steps − 1  (initial → final).
// Within a phase running from step s to step e, with p = (t − s) / (e − s),
//   cos:    lr = to + (from − to) · (1 + cos(π·p)) / 2
//   linear: lr = from + (to − from) · p.
// The step ends are real numbers, as in torch (`float(pct_start * total_steps) - 1`).
// Past the last step torch raises; lrbench holds the final lr.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <numbers>
#include <stdexcept>
#include <string>

#include "lrbench/lrbench.hpp"

namespace {

class OneCycleSchedule final : public lrbench::Schedule {
 public:
  static constexpr lrbench::PluginMeta meta{
      .name = "one_cycle", .version = "1.0.0",
      .description = "1cycle policy: warm up to max_lr, anneal far below the start (torch OneCycleLR; ignores the optimizer's lr)"};
  static constexpr lrbench::ParamSpec params[] = {
      lrbench::real("max_lr", 0.0).above(0.0).default_null().example(0.1)
          .help("the peak lr (required)")
          .source("required: torch OneCycleLR has no default"),
      lrbench::integer("total_steps", 0).at_least(1).default_null().example(3200)
          .help("ticks in the cycle (required)")
          .source("required: torch OneCycleLR (or epochs x steps_per_epoch)"),
      lrbench::real("pct_start", 0.3).at_least(0.0).at_most(1.0)
          .help("fraction of the cycle spent increasing the lr")
          .source("torch OneCycleLR default"),
      lrbench::choice("anneal_strategy", "cos", "cos|linear")
          .help("shape of each phase")
          .source("torch OneCycleLR default"),
      lrbench::real("div_factor", 25.0).above(0.0)
          .help("initial lr = max_lr / div_factor")
          .source("torch OneCycleLR default"),
      lrbench::real("final_div_factor", 1e4).above(0.0)
          .help("final lr = initial lr / final_div_factor")
          .source("torch OneCycleLR default"),
      lrbench::flag("three_phase", false)
          .help("anneal back to the initial lr before the final annealing (fastai's original schedule)")
          .source("torch OneCycleLR default"),
  };

  OneCycleSchedule(const lrbench::ParamValues& values, double /*base_lr: ignored, as torch*/) {
    if (values.is_null("max_lr")) throw std::invalid_argument("one_cycle: 'max_lr' is required (torch OneCycleLR has no default)");
    const auto total = values.optional_integer("total_steps");
    if (!total) throw std::invalid_argument("one_cycle: 'total_steps' is required (torch OneCycleLR has no default)");
    const double max_lr = values.real("max_lr");
    const double pct = values.real("pct_start");
    const double div = values.real("div_factor");
    const double final_div = values.real("final_div_factor");
    if (*total < 1) throw std::invalid_argument("one_cycle: 'total_steps' must be at least 1");
    if (!(pct >= 0.0 && pct <= 1.0)) throw std::invalid_argument("one_cycle: 'pct_start' must be in [0, 1]");
    if (!(div > 0.0) || !(final_div > 0.0)) {
      throw std::invalid_argument("one_cycle: 'div_factor' and 'final_div_factor' must be > 0");
    }
    const std::string& strategy = values.choice("anneal_strategy");
    if (strategy != "cos" && strategy != "linear") {
      throw std::invalid_argument("one_cycle: 'anneal_strategy' must be cos or linear, not '" + strategy + "'");
    }
    cos_ = strategy == "cos";
    last_step_ = *total - 1;

    const double initial = max_lr / div;
    const double final_lr = initial / final_div;
    const double n = static_cast<double>(*total);
    const double warm_end = pct * n - 1.0;
    // torch divides by (end − start) of the phase holding the step; the only
    // phase that can hold a step with zero length is the first one (from step
    // 0), when pct_start·total_steps = 1: torch raises ZeroDivisionError there.
    if (warm_end == 0.0) {
      throw std::invalid_argument("one_cycle: pct_start * total_steps = 1 leaves the warm-up phase no length "
                                  "(torch divides by zero here); change pct_start or total_steps");
    }
    if (values.flag("three_phase")) {
      phases_ = {Phase{warm_end, initial, max_lr}, Phase{2.0 * pct * n - 2.0, max_lr, initial},
                 Phase{n - 1.0, initial, final_lr}};
      phase_count_ = 3;
    } else {
      phases_ = {Phase{warm_end, initial, max_lr}, Phase{n - 1.0, max_lr, final_lr}, Phase{}};
      phase_count_ = 2;
    }
  }

  [[nodiscard]] double lr(std::int64_t tick) override {
    const auto t = static_cast<double>(std::clamp<std::int64_t>(tick, 0, last_step_));
    double start = 0.0;
    for (std::size_t i = 0; i < phase_count_; ++i) {
      const Phase& ph = phases_[i];
      if (t <= ph.end || i + 1 == phase_count_) {
        const double p = (t - start) / (ph.end - start);
        if (cos_) return ph.to + (ph.from - ph.to) / 2.0 * (std::cos(std::numbers::pi * p) + 1.0);
        return (ph.to - ph.from) * p + ph.from;
      }
      start = ph.end;
    }
    return phases_[phase_count_ - 1].to;  // not reached
  }

 private:
  struct Phase {
    double end = 0.0;   // the last step of the phase (a real number, as in torch)
    double from = 0.0;  // lr at the phase's start
    double to = 0.0;    // lr at its end
  };
  std::array<Phase, 3> phases_{};
  std::size_t phase_count_ = 2;
  bool cos_ = true;
  std::int64_t last_step_ = 0;
};

}  // namespace

LRBENCH_SCHEDULE_PLUGIN(OneCycleSchedule)
