// RunRecord <-> JSON (one line of runs.jsonl).
//
// JSON has no NaN or Inf, and nlohmann writes them as null anyway; a metric
// that went non-finite is real information (it is how divergence shows), so
// every double is written as null when non-finite and read back from null as
// NaN. Inf and NaN are not told apart: both mean "not a number any more".
#include "run/record.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "util/json_numbers.hpp"

namespace lrbench::run {
namespace {

using nlohmann::json;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

using util::number_or_null;

json series_to_json(const std::vector<double>& values) { return util::numbers_or_nulls(values); }

[[noreturn]] void bad_field(std::string_view field, std::string_view why) {
  throw std::runtime_error("run record: field '" + std::string(field) + "' " + std::string(why));
}

const json& require(const json& j, const char* field) {
  auto it = j.find(field);
  if (it == j.end()) bad_field(field, "is missing");
  return *it;
}

std::string get_string(const json& j, const char* field) {
  const json& v = require(j, field);
  if (!v.is_string()) bad_field(field, "must be a string");
  return v.get<std::string>();
}

std::uint64_t get_unsigned(const json& j, const char* field) {
  const json& v = require(j, field);
  // nlohmann parses non-negative integers as unsigned, negative ones as signed.
  if (!v.is_number_unsigned()) bad_field(field, "must be a non-negative integer");
  return v.get<std::uint64_t>();
}

double number_or_nan(const json& v, std::string_view field) {
  if (v.is_null()) return kNaN;
  if (!v.is_number()) bad_field(field, "must be a number or null");
  return v.get<double>();
}

std::vector<double> get_series(const json& j, const char* field, std::string_view path) {
  auto it = j.find(field);
  if (it == j.end()) bad_field(path, "is missing");
  if (!it->is_array()) bad_field(path, "must be an array");
  std::vector<double> out;
  out.reserve(it->size());
  for (const json& v : *it) out.push_back(number_or_nan(v, path));
  return out;
}

RunStatus parse_status(const std::string& s) {
  if (s == "ok") return RunStatus::ok;
  if (s == "diverged") return RunStatus::diverged;
  if (s == "failed") return RunStatus::failed;
  bad_field("status", "must be \"ok\", \"diverged\" or \"failed\" (got \"" + s + "\")");
}

}  // namespace

nlohmann::json to_json(const RunRecord& r) {
  json j;
  j["id"] = r.id;
  j["scenario"] = r.scenario;
  j["label"] = r.label;
  j["variant"] = r.variant;
  j["seed"] = r.seed;
  j["config"] = r.config;
  j["status"] = std::string(to_string(r.status));
  j["diverged_epoch"] = r.diverged_epoch ? json(*r.diverged_epoch) : json(nullptr);
  if (!r.error.empty()) j["error"] = r.error;
  j["epochs"] = {
      {"train_loss", series_to_json(r.epochs.train_loss)},
      {"train_accuracy", series_to_json(r.epochs.train_accuracy)},
      {"test_loss", series_to_json(r.epochs.test_loss)},
      {"test_accuracy", series_to_json(r.epochs.test_accuracy)},
      {"lr", series_to_json(r.epochs.lr)},
  };
  if (!r.epochs.distance.empty()) j["epochs"]["distance"] = series_to_json(r.epochs.distance);
  if (!r.epochs.validation_loss.empty() || !r.epochs.validation_accuracy.empty()) {
    j["epochs"]["validation_loss"] = series_to_json(r.epochs.validation_loss);
    j["epochs"]["validation_accuracy"] = series_to_json(r.epochs.validation_accuracy);
  }
  if (!r.lr_per_update.empty()) j["lr_per_update"] = series_to_json(r.lr_per_update);
  // Only when the optimizer asked for gradients beyond one per step (SAM):
  // absent means one per update.
  if (r.extra_gradients > 0) {
    j["updates"] = r.updates;
    j["gradient_evaluations"] = r.updates + r.extra_gradients;
  }
  j["wall_seconds"] = number_or_null(r.wall_seconds);
  if (!r.isa.empty()) j["isa"] = r.isa;
  return j;
}

RunRecord record_from_json(const nlohmann::json& j) {
  if (!j.is_object()) throw std::runtime_error("run record: expected a JSON object");
  RunRecord r;
  r.id = get_string(j, "id");
  r.scenario = get_string(j, "scenario");
  r.label = get_string(j, "label");
  r.variant = static_cast<std::size_t>(get_unsigned(j, "variant"));
  r.seed = get_unsigned(j, "seed");
  r.config = require(j, "config");
  r.status = parse_status(get_string(j, "status"));

  const json& de = require(j, "diverged_epoch");
  if (de.is_null()) {
    r.diverged_epoch.reset();
  } else if (de.is_number_unsigned() && de.get<std::uint64_t>() >= 1 &&
             de.get<std::uint64_t>() <= static_cast<std::uint64_t>(std::numeric_limits<int>::max())) {
    r.diverged_epoch = static_cast<int>(de.get<std::uint64_t>());
  } else {
    // Epochs are 1-based; a negative or huge value is no epoch (and INT_MIN
    // would overflow the summary's "epochs before it" arithmetic).
    bad_field("diverged_epoch", "must be an epoch number >= 1 or null");
  }

  // Optional: written only for failed runs.
  if (auto it = j.find("error"); it != j.end()) {
    if (!it->is_string()) bad_field("error", "must be a string");
    r.error = it->get<std::string>();
  }

  const json& epochs = require(j, "epochs");
  if (!epochs.is_object()) bad_field("epochs", "must be an object");
  r.epochs.train_loss = get_series(epochs, "train_loss", "epochs.train_loss");
  r.epochs.train_accuracy = get_series(epochs, "train_accuracy", "epochs.train_accuracy");
  r.epochs.test_loss = get_series(epochs, "test_loss", "epochs.test_loss");
  r.epochs.test_accuracy = get_series(epochs, "test_accuracy", "epochs.test_accuracy");
  r.epochs.lr = get_series(epochs, "lr", "epochs.lr");
  // Optional: written only when the data has a validation split.
  if (epochs.contains("validation_loss") || epochs.contains("validation_accuracy")) {
    r.epochs.validation_loss = get_series(epochs, "validation_loss", "epochs.validation_loss");
    r.epochs.validation_accuracy = get_series(epochs, "validation_accuracy", "epochs.validation_accuracy");
  }
  // Optional: written only for function tasks.
  if (epochs.contains("distance")) r.epochs.distance = get_series(epochs, "distance", "epochs.distance");
  // The header promises equal lengths; downstream indexes them together.
  // A function task's accuracy and test series are empty.
  const std::size_t n = r.epochs.train_loss.size();
  const bool validation = epochs.contains("validation_loss");
  const bool function = epochs.contains("distance");
  const auto fits = [&](const std::vector<double>& s) { return s.size() == n || (function && s.empty()); };
  if (!fits(r.epochs.train_accuracy) || !fits(r.epochs.test_loss) || !fits(r.epochs.test_accuracy) ||
      r.epochs.lr.size() != n || (function && r.epochs.distance.size() != n) ||
      (validation && (r.epochs.validation_loss.size() != n || r.epochs.validation_accuracy.size() != n))) {
    bad_field("epochs", "has series of different lengths");
  }

  if (j.contains("lr_per_update")) r.lr_per_update = get_series(j, "lr_per_update", "lr_per_update");
  if (j.contains("gradient_evaluations")) {
    const json& u = require(j, "updates");
    const json& g = j["gradient_evaluations"];
    if (!u.is_number_unsigned() || !g.is_number_unsigned() || g.get<std::int64_t>() < u.get<std::int64_t>()) {
      bad_field("gradient_evaluations", "must be a whole number, at least 'updates'");
    }
    r.updates = u.get<std::int64_t>();
    r.extra_gradients = g.get<std::int64_t>() - r.updates;
  }

  r.wall_seconds = number_or_nan(require(j, "wall_seconds"), "wall_seconds");
  // Optional: records before lrbench recorded it have none.
  if (auto it = j.find("isa"); it != j.end()) {
    if (!it->is_string()) bad_field("isa", "must be a string");
    r.isa = it->get<std::string>();
  }
  return r;
}

}  // namespace lrbench::run
