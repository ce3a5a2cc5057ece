// reduce_on_plateau: cut the lr by `factor` when a monitored metric stops
// improving. The one stateful schedule: lr(tick) answers the lr in force now
// (whatever the tick), observe() sees the metrics at the end of each epoch
// and may cut it for the next one.
//
// "Improves" compares the metric a with the best seen so far, b:
//   mode min, threshold_mode abs:  a < b − threshold
//   mode min, threshold_mode rel:  a < b · (1 − threshold)
//   mode max, threshold_mode abs:  a > b + threshold
//   mode max, threshold_mode rel:  a > b · (1 + threshold)
// (torch's `is_better`; Keras's `min_delta` is the abs form.)
//
// Two conventions, which differ in when and how they cut:
//
// keras (Keras 2.x callbacks.ReduceLROnPlateau.on_epoch_end):
//   if cooling down: cooldown_counter −= 1, wait = 0
//   if improved: best = a, wait = 0
//   elif not cooling down:
//     wait += 1
//     if wait >= patience and lr > min_lr:
//       lr = max(lr · factor, min_lr); cooldown_counter = cooldown; wait = 0
//   (eps is not used.)
//
// torch (torch.optim.lr_scheduler.ReduceLROnPlateau.step, PyTorch 1.13):
//   if improved: best = a, bad = 0  else bad += 1
//   if cooling down: cooldown_counter −= 1, bad = 0
//   if bad > patience:
//     new = max(lr · factor, min_lr); if lr − new > eps: lr = new
//     cooldown_counter = cooldown; bad = 0   (even when the cut was skipped)
//
// So with the same patience Keras cuts one epoch earlier than torch.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>

#include "lrbench/lrbench.hpp"

namespace {

class ReduceOnPlateauSchedule final : public lrbench::Schedule {
 public:
  static constexpr lrbench::PluginMeta meta{
      .name = "reduce_on_plateau", .version = "1.0.0",
      .description = "cut the lr by factor when a metric stops improving (Keras ReduceLROnPlateau or torch's)"};
  static constexpr lrbench::ParamSpec params[] = {
      lrbench::choice("convention", "keras", "keras|torch")
          .help("keras: cut when bad epochs reach patience; torch: when they exceed it, with the eps rule")
          .source("lrbench default: Keras"),
      lrbench::choice("mode", "min", "min|max")
          .help("min: the metric should fall (losses); max: it should rise (accuracies)")
          .source("torch ReduceLROnPlateau default (Keras mode='auto' picks min for losses)"),
      lrbench::choice("monitor", "test_loss",
                      "test_loss|test_accuracy|train_loss|train_accuracy|validation_loss|validation_accuracy")
          .help("the metric watched at the end of each epoch (validation_*: needs a validation split)")
          .source("Keras ReduceLROnPlateau default monitor='val_loss'"),
      lrbench::real("factor", 0.1).at_least(0.0).below(1.0)
          .help("new lr = lr * factor")
          .source("Keras and torch default"),
      lrbench::integer("patience", 10).at_least(0)
          .help("epochs without improvement tolerated before a cut")
          .source("Keras and torch default"),
      lrbench::real("threshold", 1e-4).at_least(0.0)
          .help("smallest change that counts as an improvement (Keras min_delta)")
          .source("Keras min_delta and torch threshold default"),
      lrbench::choice("threshold_mode", "abs", "rel|abs")
          .help("abs: compare with best -/+ threshold; rel: with best * (1 -/+ threshold)")
          .source("Keras (min_delta is absolute); torch's default is rel"),
      lrbench::integer("cooldown", 0).at_least(0)
          .help("epochs after a cut during which bad epochs are not counted")
          .source("Keras and torch default"),
      lrbench::real("min_lr", 0.0).at_least(0.0)
          .help("the lr is never cut below this")
          .source("Keras and torch default"),
      lrbench::real("eps", 1e-8).at_least(0.0)
          .help("torch convention: a cut smaller than eps is skipped (unused by keras)")
          .source("torch ReduceLROnPlateau default"),
  };

  ReduceOnPlateauSchedule(const lrbench::ParamValues& values, double base_lr)
      : lr_(base_lr),
        keras_(word(values, "convention", "keras", "torch")),
        minimize_(word(values, "mode", "min", "max")),
        relative_(!word(values, "threshold_mode", "abs", "rel")),
        factor_(values.real("factor")),
        patience_(values.integer("patience")),
        threshold_(values.real("threshold")),
        cooldown_(values.integer("cooldown")),
        min_lr_(values.real("min_lr")),
        eps_(values.real("eps")),
        best_(minimize_ ? std::numeric_limits<double>::infinity() : -std::numeric_limits<double>::infinity()) {
    const std::string& monitor = values.choice("monitor");
    if (monitor == "test_loss") {
      monitor_ = &lrbench::EpochMetrics::test_loss;
    } else if (monitor == "test_accuracy") {
      monitor_ = &lrbench::EpochMetrics::test_accuracy;
    } else if (monitor == "train_loss") {
      monitor_ = &lrbench::EpochMetrics::train_loss;
    } else if (monitor == "train_accuracy") {
      monitor_ = &lrbench::EpochMetrics::train_accuracy;
    } else if (monitor == "validation_loss") {
      monitor_ = &lrbench::EpochMetrics::validation_loss;
    } else if (monitor == "validation_accuracy") {
      monitor_ = &lrbench::EpochMetrics::validation_accuracy;
    } else {
      throw std::invalid_argument("reduce_on_plateau: 'monitor' must be test_loss, test_accuracy, train_loss, "
                                  "train_accuracy, validation_loss or validation_accuracy, not '" + monitor + "'");
    }
    // Both Keras and torch refuse factor >= 1 (it would not reduce anything).
    if (!(factor_ >= 0.0 && factor_ < 1.0)) {
      throw std::invalid_argument("reduce_on_plateau: 'factor' must be in [0, 1): the lr is multiplied by it");
    }
    if (patience_ < 0 || cooldown_ < 0) {
      throw std::invalid_argument("reduce_on_plateau: 'patience' and 'cooldown' must be >= 0");
    }
    if (!(threshold_ >= 0.0) || !(min_lr_ >= 0.0) || !(eps_ >= 0.0)) {
      throw std::invalid_argument("reduce_on_plateau: 'threshold', 'min_lr' and 'eps' must be >= 0");
    }
  }

  [[nodiscard]] double lr(std::int64_t /*tick*/) override { return lr_; }

  void observe(const lrbench::EpochMetrics& metrics) override {
    const double current = metrics.*monitor_;
    // Validation metrics are NaN without a validation split: a NaN would
    // never improve and silently cut the lr every `patience` epochs.
    const bool validation =
        monitor_ == &lrbench::EpochMetrics::validation_loss || monitor_ == &lrbench::EpochMetrics::validation_accuracy;
    if (validation && std::isnan(current)) {
      throw std::runtime_error("reduce_on_plateau: monitor is a validation metric, but the data has no validation split");
    }
    if (keras_) {
      observe_keras(current);
    } else {
      observe_torch(current);
    }
  }

 private:
  // Reads a two-word choice: true for `yes`, false for `no`, else throws.
  static bool word(const lrbench::ParamValues& values, const char* name, const char* yes, const char* no) {
    const std::string& got = values.choice(name);
    if (got == yes) return true;
    if (got == no) return false;
    throw std::invalid_argument(std::string("reduce_on_plateau: '") + name + "' must be " + yes + " or " + no +
                                ", not '" + got + "'");
  }

  [[nodiscard]] bool improves(double a) const {
    if (minimize_) return relative_ ? a < best_ * (1.0 - threshold_) : a < best_ - threshold_;
    return relative_ ? a > best_ * (1.0 + threshold_) : a > best_ + threshold_;
  }

  void observe_keras(double current) {
    if (cooldown_counter_ > 0) {
      --cooldown_counter_;
      bad_ = 0;
    }
    if (improves(current)) {
      best_ = current;
      bad_ = 0;
    } else if (cooldown_counter_ == 0) {
      ++bad_;
      if (bad_ >= patience_ && lr_ > min_lr_) {
        lr_ = std::max(lr_ * factor_, min_lr_);
        cooldown_counter_ = cooldown_;
        bad_ = 0;
      }
    }
  }

  void observe_torch(double current) {
    if (improves(current)) {
      best_ = current;
      bad_ = 0;
    } else {
      ++bad_;
    }
    if (cooldown_counter_ > 0) {
      --cooldown_counter_;
      bad_ = 0;
    }
    if (bad_ > patience_) {
      const double cut = std::max(lr_ * factor_, min_lr_);
      if (lr_ - cut > eps_) lr_ = cut;
      cooldown_counter_ = cooldown_;
      bad_ = 0;
    }
  }

  double lr_;
  const bool keras_;
  const bool minimize_;
  const bool relative_;
  const double factor_;
  const std::int64_t patience_;
  const double threshold_;
  const std::int64_t cooldown_;
  const double min_lr_;
  const double eps_;
  double best_;
  double lrbench::EpochMetrics::*monitor_ = &lrbench::EpochMetrics::test_loss;
  std::int64_t bad_ = 0;
  std::int64_t cooldown_counter_ = 0;
};

}  // namespace

LRBENCH_SCHEDULE_PLUGIN(ReduceOnPlateauSchedule)
