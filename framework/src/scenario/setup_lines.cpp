#include "scenario/setup_lines.hpp"

#include <algorithm>
#include <type_traits>
#include <variant>

#include <fmt/format.h>

#include "data/dataset.hpp"
#include "util/number_text.hpp"

namespace lrbench::scenario {
namespace {

std::string params_text(const ParamValues& params);

std::string value_text(const ParamValue& value) {
  return std::visit(
      [](const auto& v) -> std::string {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::monostate>) {
          return "null";
        } else if constexpr (std::is_same_v<T, bool>) {
          return v ? "true" : "false";
        } else if constexpr (std::is_same_v<T, double>) {
          return util::short_number(v);
        } else if constexpr (std::is_same_v<T, std::int64_t>) {
          return std::to_string(v);
        } else if constexpr (std::is_same_v<T, std::string>) {
          return v;
        } else if constexpr (std::is_same_v<T, InnerOptimizer>) {
          // A nested optimizer (an `optimizer` parameter): its name and its own parameters.
          const std::string inner = v.params ? params_text(*v.params) : std::string();
          return "`" + v.name + "`" + (inner.empty() ? "" : " (" + inner + ")");
        } else {
          std::string out;
          for (const auto x : v) out += (out.empty() ? "" : ", ") + std::to_string(x);
          return "[" + out + "]";
        }
      },
      value);
}

// "momentum 0, nesterov false": a plugin's parameters, alphabetically (the
// order of the canonical JSON).
std::string params_text(const ParamValues& params) {
  std::vector<std::pair<std::string, ParamValue>> entries = params.entries();
  std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::string out;
  for (const auto& [name, value] : entries) out += (out.empty() ? "" : ", ") + name + " " + value_text(value);
  return out;
}

std::string schedule_text(const ScheduleSpec& s) {
  const bool per_epoch = s.tick == Tick::epoch;
  std::string out;
  for (std::size_t i = 0; i < s.parts.size(); ++i) {
    const SchedulePart& p = s.parts[i];
    if (i > 0) out += ", then ";
    out += "`" + p.name + "`";
    const std::string ps = params_text(p.params);
    if (!ps.empty()) out += " (" + ps + ")";
    // A schedule watching a metric says which set it watches.
    for (const auto& [name, value] : p.params.entries()) {
      const auto* metric = std::get_if<std::string>(&value);
      if (name != "monitor" || metric == nullptr) continue;
      std::string words = *metric;
      std::replace(words.begin(), words.end(), '_', ' ');
      out += " watching the " + words;
    }
    if (p.ticks) out += fmt::format(" for {} {}", *p.ticks, per_epoch ? "epochs" : "updates");
  }
  return out + (per_epoch ? ", updated once per epoch" : ", updated at every update (step)");
}

}  // namespace

std::string optimizer_text(const OptimizerSpec& o) {
  std::string out = fmt::format("`{}`, lr {}", o.name, util::short_number(o.lr));
  // A plugin that sets its own step size (Prodigy, D-Adaptation): lr scales it.
  if (o.adapts_step_size) out += " (a multiplier: the optimizer adapts its own step size)";
  const std::string ps = params_text(o.params);
  return ps.empty() ? out : out + "; " + ps;
}

std::vector<SetupLine> setup_lines(const RunConfig& c) {
  std::vector<SetupLine> out;
  if (data::is_function(c.data.source)) {
    const std::int64_t steps = c.training.steps_per_epoch;
    out.push_back({"Task", data::describe(c.data.source) + "; measured per epoch: f(x) − f* and ‖x − x*‖"});
    out.push_back({"Training", fmt::format("{} epoch{} of {} step{} ({} updates in all), no model: the optimizer "
                                           "updates x with the exact gradient{}",
                                           c.training.epochs, c.training.epochs == 1 ? "" : "s", steps,
                                           steps == 1 ? "" : "s", steps * c.training.epochs,
                                           std::get<data::FunctionSpec>(c.data.source).function ==
                                                   data::TestFunction::noisy_quadratic
                                               ? " plus noise"
                                               : "")});
    out.push_back({"Optimizer", optimizer_text(c.optimizer)});
    out.push_back({"Schedule", schedule_text(c.schedule)});
    return out;
  }
  out.push_back({"Data", data::describe(c.data.source) + "; " + data::describe(c.data.split, c.shape, c.rows)});
  std::string layers = std::to_string(c.shape.features);
  for (const model::LayerSpec& l : c.model.layers) {
    layers += fmt::format(" → {} {} ({})", l.units, model::to_string(l.activation), model::to_string(l.init));
  }
  out.push_back({"Model", layers + "; cross-entropy loss, biases start at zero"});
  const std::int64_t batch = c.training.batch_size;
  const std::int64_t per_epoch = (c.rows.train + batch - 1) / batch;
  out.push_back({"Training", fmt::format("{} epoch{} of minibatches of {} ({} updates per epoch, {} in all){}",
                                         c.training.epochs, c.training.epochs == 1 ? "" : "s", batch, per_epoch,
                                         per_epoch * c.training.epochs,
                                         c.training.shuffle ? ", training rows reshuffled every epoch" : "")});
  out.push_back({"Optimizer", optimizer_text(c.optimizer)});
  out.push_back({"Schedule", schedule_text(c.schedule)});
  if (c.record.lr_per_update > 0) {
    out.push_back({"Recorded", fmt::format("the lr of the first {} updates", c.record.lr_per_update)});
  }
  return out;
}

}  // namespace lrbench::scenario
