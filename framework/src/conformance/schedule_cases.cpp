// Golden schedule cases (tests/data/golden/schedules.json): each case names a
// schedule plugin, its parameters, the optimizer's lr (`base_lr`), a number of
// ticks and the lr expected in force during each tick. Plateau-style cases
// also give one metric per tick, observed at the end of the tick, after that
// tick's lr was read: expected_lr[t] is compared before metrics[t] is seen.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <variant>

#include "conformance/conformance.hpp"
#include "conformance/isolate.hpp"
#include "conformance/json_params.hpp"
#include "lrbench/plugin.hpp"
#include "plugins/construct.hpp"

namespace lrbench::conformance {
namespace {

[[noreturn]] void malformed(std::size_t index, const std::string& name, const std::string& what) {
  throw std::runtime_error("cases[" + std::to_string(index) + "]" + (name.empty() ? "" : " ('" + name + "')") +
                           ": " + what);
}

std::string format_number(double v) {
  std::ostringstream out;
  out.precision(17);
  out << v;
  return out.str();
}

// The EpochMetrics field a case's single metric goes into: the schedule's
// `monitor` parameter when it declares one, else test_loss (Keras's
// val_loss, the usual monitor).
double EpochMetrics::*monitored_field(const ParamValues& values) {
  for (const auto& [key, value] : values.entries()) {
    if (key != "monitor") continue;
    if (const auto* word = std::get_if<std::string>(&value)) {
      if (*word == "test_accuracy") return &EpochMetrics::test_accuracy;
      if (*word == "train_loss") return &EpochMetrics::train_loss;
      if (*word == "train_accuracy") return &EpochMetrics::train_accuracy;
      if (*word == "validation_loss") return &EpochMetrics::validation_loss;
      if (*word == "validation_accuracy") return &EpochMetrics::validation_accuracy;
    }
  }
  return &EpochMetrics::test_loss;
}

// Makes the schedule and compares its lr at every tick (observing the
// metrics in between).
CaseResult replay_schedule(CaseResult result, const PluginInfo& info, const nlohmann::json& params, double base_lr,
                  std::int64_t steps, const nlohmann::json& expected, const nlohmann::json* metrics,
                  const Tolerance& tolerance, const plugins::PluginCatalog& catalog) {
  std::int64_t t = -1;  // -1 while the schedule is being made
  try {
    const ParamValues values = params_from_json(info, params, catalog);
    const auto field = monitored_field(values);
    std::shared_ptr<Schedule> schedule = plugins::make_schedule(catalog, info.meta.name, values, base_lr);
    result.made = true;
    double worst = -1.0;
    std::int64_t worst_tick = -1;
    double worst_got = 0.0;
    std::int64_t failures = 0;
    std::int64_t first_failure = -1;
    for (t = 0; t < steps; ++t) {
      const auto i = static_cast<std::size_t>(t);
      const double got = schedule->lr(t);
      const double want = expected[i].get<double>();
      double error = std::fabs(got - want);
      if (std::isnan(error)) error = std::numeric_limits<double>::infinity();
      result.worst_ratio = std::max(result.worst_ratio, tolerance.ratio(got, want));
      if (!tolerance.accepts(got, want)) {
        ++failures;
        if (first_failure < 0) first_failure = t;
      }
      if (error > worst) {
        worst = error;
        worst_tick = t;
        worst_got = got;
      }
      if (metrics != nullptr) {
        EpochMetrics m;
        m.epoch = t;
        m.*field = (*metrics)[i].get<double>();
        schedule->observe(m);
      }
    }
    result.max_abs_error = std::max(worst, 0.0);
    result.passed = failures == 0;
    if (worst_tick >= 0 && worst == 0.0) {
      result.detail = "exact at every tick";
    } else if (worst_tick >= 0) {
      result.detail = "worst at tick " + std::to_string(worst_tick) + ": got " + format_number(worst_got) +
                      ", want " + format_number(expected[static_cast<std::size_t>(worst_tick)].get<double>());
    }
    if (failures > 0) {
      result.detail = std::to_string(failures) + " of " + std::to_string(steps) +
                      " ticks out of tolerance, first at tick " + std::to_string(first_failure) + "; " +
                      result.detail;
    }
  } catch (const std::exception& e) {
    result.passed = false;
    result.detail = (t < 0 ? std::string("could not make the schedule: ")
                           : "the schedule threw at tick " + std::to_string(t) + ": ") + e.what();
  }
  return result;
}

CaseResult run_schedule_case(const nlohmann::json& c, std::size_t index, const Tolerance& tolerance,
                             const plugins::PluginCatalog& catalog, const CheckOptions& options) {
  if (!c.is_object()) malformed(index, "", "expected an object");
  CaseResult result;
  result.name = "case " + std::to_string(index);
  if (c.contains("name")) {
    if (!c["name"].is_string()) malformed(index, "", "'name' is not a string");
    result.name = c["name"].get<std::string>();
  }
  const std::string& name = result.name;
  if (!c.contains("schedule") || !c["schedule"].is_string()) malformed(index, name, "'schedule' (a plugin name) is missing");
  result.subject = c["schedule"].get<std::string>();
  if (!c.contains("base_lr") || !c["base_lr"].is_number()) malformed(index, name, "'base_lr' (a number) is missing");
  if (!c.contains("steps") || !c["steps"].is_number_integer() || c["steps"].get<std::int64_t>() < 0) {
    malformed(index, name, "'steps' (a whole number >= 0) is missing");
  }
  const double base_lr = c["base_lr"].get<double>();
  const auto steps = c["steps"].get<std::int64_t>();
  const auto n = static_cast<std::size_t>(steps);
  const nlohmann::json& expected = c.contains("expected_lr") ? c["expected_lr"] : nlohmann::json();
  if (!expected.is_array() || expected.size() != n) {
    malformed(index, name, "'expected_lr' must be a list of 'steps' (" + std::to_string(steps) + ") numbers");
  }
  for (const auto& v : expected) {
    if (!v.is_number()) malformed(index, name, "'expected_lr' holds a non-number: " + v.dump());
  }
  const nlohmann::json* metrics = nullptr;
  if (c.contains("metrics")) {
    metrics = &c["metrics"];
    if (!metrics->is_array() || metrics->size() < n) {
      malformed(index, name, "'metrics' must be a list of at least 'steps' (" + std::to_string(steps) + ") numbers");
    }
    for (const auto& v : *metrics) {
      if (!v.is_number()) malformed(index, name, "'metrics' holds a non-number: " + v.dump());
    }
  }
  const nlohmann::json params = c.contains("params") ? c["params"] : nlohmann::json::object();

  const PluginInfo* info = catalog.find(PluginKind::schedule, result.subject);
  if (info == nullptr || info->make_schedule == nullptr) {
    result.detail = plugins::not_found(catalog, PluginKind::schedule, result.subject);
    return result;
  }
  return run_case(options, result, [&] {
    return replay_schedule(result, *info, params, base_lr, steps, expected, metrics, tolerance, catalog);
  });
}

}  // namespace

std::vector<CaseResult> check_schedule_cases(const nlohmann::json& file, const Tolerance& tolerance,
                                             const plugins::PluginCatalog& catalog, const CheckOptions& options) {
  if (!file.is_object() || !file.contains("cases") || !file["cases"].is_array()) {
    throw std::runtime_error("expected an object with a 'cases' list");
  }
  std::vector<CaseResult> results;
  const nlohmann::json& cases = file["cases"];
  results.reserve(cases.size());
  for (std::size_t i = 0; i < cases.size(); ++i) {
    results.push_back(run_schedule_case(cases[i], i, tolerance, catalog, options));
  }
  return results;
}

}  // namespace lrbench::conformance
