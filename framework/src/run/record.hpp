// The result of one run, as written to runs.jsonl (one JSON object a line).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace lrbench::run {

enum class RunStatus : std::uint8_t { ok, diverged, failed };

[[nodiscard]] constexpr std::string_view to_string(RunStatus s) noexcept {
  switch (s) {
    case RunStatus::ok: return "ok";
    case RunStatus::diverged: return "diverged";
    case RunStatus::failed: return "failed";
  }
  return "?";
}

// Per-epoch series, all of the same length (the epochs completed). Metrics
// are measured on the full train and test sets after each epoch; lr is the
// learning rate in force at the epoch's first update. The validation series
// are empty when the data has no validation split (and then absent from
// runs.jsonl), else as long as the others. A function task records
// train_loss (f − f*), distance (‖x − x*‖) and lr; its accuracy and test
// series are empty.
struct EpochSeries {
  std::vector<double> train_loss;
  std::vector<double> train_accuracy;
  std::vector<double> test_loss;
  std::vector<double> test_accuracy;
  std::vector<double> lr;
  std::vector<double> validation_loss;
  std::vector<double> validation_accuracy;
  std::vector<double> distance;  // function tasks: ‖x − x*‖ (absent from runs.jsonl otherwise)
};

struct RunRecord {
  std::string id;
  std::string scenario;
  std::string label;
  std::size_t variant = 0;
  std::uint64_t seed = 0;
  nlohmann::json config;  // the variant's resolved config
  RunStatus status = RunStatus::ok;
  std::optional<int> diverged_epoch;  // 1-based epoch whose loss was NaN/Inf
  std::string error;                  // failed: the reason
  EpochSeries epochs;
  std::vector<double> lr_per_update;  // when the scenario records it
  // Optimizer steps taken, and the gradients its optimizer asked for beyond
  // the one per step (StepContext::gradient_at, e.g. SAM's second one).
  // runs.jsonl holds "updates" and "gradient_evaluations" (= updates + extra)
  // only when extra_gradients > 0.
  std::int64_t updates = 0;
  std::int64_t extra_gradients = 0;
  double wall_seconds = 0.0;
};

[[nodiscard]] nlohmann::json to_json(const RunRecord& record);
// Throws std::runtime_error naming the missing or mistyped field.
[[nodiscard]] RunRecord record_from_json(const nlohmann::json& j);

}  // namespace lrbench::run
