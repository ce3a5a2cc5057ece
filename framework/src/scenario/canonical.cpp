#include "scenario/canonical.hpp"

#include "data/dataset.hpp"
#include "plugins/params_json.hpp"

namespace lrbench::scenario {
namespace {

using plugins::to_json;

nlohmann::json amount_json(const data::Amount& a) {
  if (a.is_fraction) return a.fraction;
  return a.count;
}

// Only the parts given (a missing part takes the rest) and stratify when
// set: the seed study's `{train: 500}` keeps its spelling, and its run ids.
nlohmann::json split_json(const data::SplitSpec& split) {
  nlohmann::json j = nlohmann::json::object();
  if (split.train) j["train"] = amount_json(*split.train);
  if (split.validation) j["validation"] = amount_json(*split.validation);
  if (split.test) j["test"] = amount_json(*split.test);
  if (split.stratify) j["stratify"] = true;
  return j;
}

}  // namespace

const std::vector<std::string>& config_sections() {
  static const std::vector<std::string> sections = {"data", "model", "training", "optimizer", "schedule", "record"};
  return sections;
}

const std::vector<std::string>& top_level_keys() {
  static const std::vector<std::string> keys = {"name",      "description", "data",   "model",    "training",
                                                "optimizer", "schedule",    "record", "sweep",    "variants",
                                                "seeds",     "target",      "extends"};
  return keys;
}

nlohmann::json canonical_json(const RunConfig& c) {
  nlohmann::json j;
  j["data"] = data::to_json(c.data.source);
  const bool function = data::is_function(c.data.source);
  if (!function) j["data"]["split"] = split_json(c.data.split);
  nlohmann::json layers = nlohmann::json::array();
  for (const model::LayerSpec& l : c.model.layers) {
    layers.push_back({{"units", l.units},
                      {"activation", std::string(model::to_string(l.activation))},
                      {"init", std::string(model::to_string(l.init))}});
  }
  if (function) {
    // No model; an epoch is a number of steps.
    j["training"] = {{"epochs", c.training.epochs}, {"steps_per_epoch", c.training.steps_per_epoch}};
  } else {
    j["model"] = {{"layers", layers}};
    j["training"] = {{"epochs", c.training.epochs}, {"batch_size", c.training.batch_size},
                     {"shuffle", c.training.shuffle}};
  }
  j["optimizer"] = {{"name", c.optimizer.name}, {"lr", c.optimizer.lr}, {"params", to_json(c.optimizer.params)}};
  // Written only when true, so that the configurations (and run ids) of
  // plugins that use lr as their step size stay as they were.
  if (c.optimizer.adapts_step_size) j["optimizer"]["adapts_step_size"] = true;
  nlohmann::json parts = nlohmann::json::array();
  for (const SchedulePart& p : c.schedule.parts) {
    nlohmann::json part = {{"name", p.name}, {"params", to_json(p.params)}};
    if (p.ticks) part["ticks"] = *p.ticks;
    parts.push_back(part);
  }
  j["schedule"] = {{"tick", std::string(kTickNames.name(c.schedule.tick))}, {"sequence", parts}};
  j["record"] = {{"lr_per_update", c.record.lr_per_update}};
  return j;
}

}  // namespace lrbench::scenario
