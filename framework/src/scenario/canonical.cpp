#include "scenario/canonical.hpp"

#include <type_traits>
#include <variant>

namespace lrbench::scenario {
namespace {

nlohmann::json to_json(const ParamValue& v) {
  return std::visit(
      [](const auto& x) -> nlohmann::json {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, std::monostate>) {
          return nullptr;
        } else {
          return x;
        }
      },
      v);
}

nlohmann::json to_json(const ParamValues& values) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [name, value] : values.entries()) out[name] = to_json(value);
  return out;
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
  const data::BlobsSpec& b = c.data;
  nlohmann::json split;
  if (c.split.is_fraction) {
    split["train"] = c.split.fraction;
  } else {
    split["train"] = c.split.count;
  }
  j["data"] = {{"kind", "blobs"},
               {"generator", std::string(data::kBlobsGeneratorNames.name(b.generator))},
               {"n_samples", b.n_samples},
               {"centers", b.centers},
               {"n_features", b.n_features},
               {"cluster_std", b.cluster_std},
               {"center_box", {b.center_box_low, b.center_box_high}},
               {"shuffle", b.shuffle},
               {"random_state", b.random_state},
               {"split", split}};
  nlohmann::json layers = nlohmann::json::array();
  for (const model::LayerSpec& l : c.model.layers) {
    layers.push_back({{"units", l.units},
                      {"activation", std::string(model::to_string(l.activation))},
                      {"init", std::string(model::to_string(l.init))}});
  }
  j["model"] = {{"layers", layers}};
  j["training"] = {{"epochs", c.training.epochs}, {"batch_size", c.training.batch_size}, {"shuffle", c.training.shuffle}};
  j["optimizer"] = {{"name", c.optimizer.name}, {"lr", c.optimizer.lr}, {"params", to_json(c.optimizer.params)}};
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
