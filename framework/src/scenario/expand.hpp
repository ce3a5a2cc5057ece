// Sweeps and variants: reading them, sizing the plan before anything is
// expanded, and expanding the base document into one resolved configuration
// per variant.
//
//   sweep:    {dotted.key: [v1, v2, ...], ...}   a grid, last key fastest
//   variants: [{label?, set: {dotted.key: value}}, ...]
// Each variant is combined with every point of the grid; labels default to
// "key=value, ..." from the settings.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "scenario/plugin_params.hpp"
#include "scenario/reader.hpp"
#include "scenario/scenario.hpp"

namespace lrbench::scenario {

// One `sweep` key and its values.
struct Axis {
  std::vector<std::string> path;
  std::string key;  // as written: "optimizer.lr"
  tree::Mark key_mark;
  std::vector<tree::NodePtr> values;
};

// One `set` entry of a variant.
struct Setting {
  std::vector<std::string> path;
  std::string key;
  tree::Mark key_mark;
  tree::NodePtr value;
};

struct VariantDef {
  std::optional<std::string> label;
  tree::Mark mark;  // the label's, or the variant's
  std::vector<Setting> settings;
};

[[nodiscard]] std::vector<Axis> read_sweep(Reader& reader, const tree::Node& root);
[[nodiscard]] std::vector<VariantDef> read_variants(Reader& reader, const tree::Node& root);

// Variants × grid points (at least 1), or nullopt when the count overflows.
[[nodiscard]] std::optional<std::size_t> count_variants(const std::vector<Axis>& axes,
                                                        const std::vector<VariantDef>& defs);

// The base document's configuration for the report: the resolved one when
// the base alone is complete, else the config sections as written.
[[nodiscard]] nlohmann::json setup_as_written(const tree::Node& root);

// Every variant × grid point, each read as a whole configuration; problems
// (a setting that cannot be applied, duplicate labels, two variants with the
// same configuration, a label over limits::kMaxLabelLength, any invalid
// value) are reported through `reader`.
[[nodiscard]] std::vector<Variant> expand(Reader& reader, const PluginContext& context,
                                          const tree::NodePtr& root, const std::vector<Axis>& axes,
                                          std::vector<VariantDef> defs);

}  // namespace lrbench::scenario
