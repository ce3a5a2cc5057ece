// lrbench SDK 2: the learning-rate schedule interface.
//
// A schedule answers the learning rate for a tick. The scenario says whether a
// tick is a training step or an epoch; ticks count from 0. Most schedules are
// pure functions of the tick (optax's view: `lr = f(count)`), so they can be
// plotted and golden-tested alone. Plateau-style schedules also observe the
// metrics at the end of each epoch; that is the only state they keep.
#pragma once

#include <cstdint>
#include <limits>

#include <boost/config.hpp>

namespace lrbench {

// Metrics measured on the full training, test and validation sets after an
// epoch, at the optimizer's evaluation weights (Optimizer::evaluation_weights).
struct EpochMetrics {
  std::int64_t epoch = 0;  // 0-based
  double train_loss = 0.0;
  double train_accuracy = 0.0;
  double test_loss = 0.0;
  double test_accuracy = 0.0;
  // NaN when the data has no validation split.
  double validation_loss = std::numeric_limits<double>::quiet_NaN();
  double validation_accuracy = std::numeric_limits<double>::quiet_NaN();
};

class BOOST_SYMBOL_VISIBLE Schedule {
 public:
  virtual ~Schedule() = default;

  // The learning rate in force during `tick` (0-based). Called with
  // non-decreasing ticks during training, but a pure schedule must answer any
  // tick in any order.
  [[nodiscard]] virtual double lr(std::int64_t tick) = 0;

  // Sees the metrics at the end of every epoch, after the epoch's last lr()
  // call. Only plateau-style schedules override it.
  virtual void observe(const EpochMetrics& metrics) { static_cast<void>(metrics); }
};

}  // namespace lrbench
