#include "scenario/expand.hpp"

#include <algorithm>
#include <limits>
#include <map>

#include <fmt/format.h>

#include "scenario/canonical.hpp"
#include "scenario/limits.hpp"
#include "scenario/sections.hpp"
#include "scenario/setup_lines.hpp"
#include "scenario/suggest.hpp"

#include "util/text.hpp"

namespace lrbench::scenario {
namespace {

using tree::Entry;
using tree::Mark;
using tree::Node;
using tree::NodePtr;

std::string last_part(const std::vector<std::string>& path) { return path.empty() ? "" : path.back(); }

// Splits a dotted key and checks its first part names a config section.
std::optional<std::vector<std::string>> dotted(Reader& r, const std::string& key, const Mark& at,
                                               const std::string& path) {
  std::vector<std::string> parts = util::split(key, '.');
  for (const std::string& p : parts) {
    if (p.empty()) {
      r.error(at, path, fmt::format("'{}' is not a dotted key (empty part)", key));
      return std::nullopt;
    }
  }
  const std::vector<std::string>& sections = config_sections();
  if (std::find(sections.begin(), sections.end(), parts[0]) == sections.end()) {
    const std::vector<std::string>& top = top_level_keys();
    if (std::find(top.begin(), top.end(), parts[0]) != top.end()) {
      r.error(at, path,
              fmt::format("'{}' describes the experiment and cannot be swept or set by a variant; "
                          "keys under data, model, training, optimizer, schedule, record can",
                          parts[0]));
      return std::nullopt;
    }
    std::string message = fmt::format("unknown key '{}'", parts[0]);
    if (auto best = nearest(parts[0], sections)) {
      message += "; did you mean '" + *best + "'?";
    } else {
      message += "; sweeps and variants may set keys under: data, model, training, optimizer, schedule, record";
    }
    r.error(at, path, message);
    return std::nullopt;
  }
  return parts;
}

nlohmann::json raw_json(const Node& n) {
  switch (n.kind) {
    case Node::Kind::null: return nullptr;
    case Node::Kind::scalar: return n.text;
    case Node::Kind::sequence: {
      nlohmann::json a = nlohmann::json::array();
      for (const auto& item : n.items) a.push_back(raw_json(*item));
      return a;
    }
    case Node::Kind::map: {
      nlohmann::json o = nlohmann::json::object();
      for (const Entry& e : n.entries) o[e.key] = raw_json(*e.value);
      return o;
    }
  }
  return nullptr;
}

}  // namespace

std::vector<Axis> read_sweep(Reader& r, const Node& root) {
  std::vector<Axis> axes;
  const Entry* sweep = root.find("sweep");
  if (sweep == nullptr) return axes;
  const Node* m = r.map(sweep->value.get(), "sweep");
  if (m == nullptr) return axes;
  for (const Entry& e : m->entries) {
    const std::string p = "sweep." + e.key;
    auto path = dotted(r, e.key, e.key_mark, p);
    if (!e.value->is_sequence() || e.value->items.empty()) {
      r.error(e.value->mark, p,
              "expected a non-empty list of values, found " +
                  (e.value->is_sequence() ? std::string("an empty list") : describe(*e.value)) +
                  (e.value->is_scalar() ? fmt::format(" (write [{}] to sweep one value)", e.value->text) : ""));
      continue;
    }
    if (path) axes.push_back(Axis{*path, e.key, e.key_mark, e.value->items});
  }
  return axes;
}

std::vector<VariantDef> read_variants(Reader& r, const Node& root) {
  std::vector<VariantDef> defs;
  const Entry* variants = root.find("variants");
  if (variants == nullptr) return defs;
  const Node& v = *variants->value;
  if (!v.is_sequence() || v.items.empty()) {
    r.error(v.mark, "variants",
            "expected a non-empty list of variants, found " +
                (v.is_sequence() ? std::string("an empty list") : describe(v)));
    return defs;
  }
  for (std::size_t i = 0; i < v.items.size(); ++i) {
    const std::string p = "variants." + std::to_string(i);
    const Node* m = r.map(v.items[i].get(), p);
    if (m == nullptr) continue;
    r.check_keys(*m, p, {"label", "set"});
    VariantDef def;
    def.mark = m->mark;
    if (const Node* l = Reader::get(*m, "label")) {
      if (auto text = r.text(*l, p + ".label")) {
        if (text->empty()) {
          r.error(l->mark, p + ".label", "a label cannot be empty");
        } else {
          def.label = *text;
          def.mark = l->mark;
        }
      }
    }
    if (const Node* set = r.map(Reader::get(*m, "set"), p + ".set")) {
      for (const Entry& e : set->entries) {
        if (auto path = dotted(r, e.key, e.key_mark, p + ".set." + e.key)) {
          def.settings.push_back(Setting{*path, e.key, e.key_mark, e.value});
        }
      }
    }
    defs.push_back(std::move(def));
  }
  return defs;
}

std::optional<std::size_t> count_variants(const std::vector<Axis>& axes, const std::vector<VariantDef>& defs) {
  std::size_t count = std::max<std::size_t>(1, defs.size());
  for (const Axis& a : axes) {
    if (count > std::numeric_limits<std::size_t>::max() / a.values.size()) return std::nullopt;
    count *= a.values.size();
  }
  return count;
}

nlohmann::json setup_as_written(const Node& root) {
  nlohmann::json setup = nlohmann::json::object();
  const std::vector<std::string>& sections = config_sections();
  for (const Entry& e : root.entries) {
    if (std::find(sections.begin(), sections.end(), e.key) != sections.end()) setup[e.key] = raw_json(*e.value);
  }
  return setup;
}

std::vector<Variant> expand(Reader& r, const PluginContext& context, const NodePtr& root,
                            const std::vector<Axis>& axes, std::vector<VariantDef> defs) {
  std::vector<Variant> variants;
  if (defs.empty()) defs.push_back(VariantDef{});  // the grid alone
  std::size_t grid = 1;
  for (const Axis& a : axes) grid *= a.values.size();  // count_variants has bounded it
  std::map<std::string, std::size_t> labels;   // label → variant index
  std::map<std::string, std::string> configs;  // resolved dump → label
  for (const VariantDef& def : defs) {
    // The variant's own settings.
    NodePtr variant_root = root;
    std::string variant_label;
    bool ok = true;
    for (const Setting& set : def.settings) {
      std::string why;
      NodePtr next = tree::with_value(variant_root, set.path, set.value, set.key_mark, why);
      if (!next) {
        r.error(set.key_mark, set.key, fmt::format("cannot set '{}': {}", set.key, why));
        ok = false;
        break;
      }
      variant_root = next;
      if (!def.label) {
        variant_label += (variant_label.empty() ? "" : ", ") + last_part(set.path) + "=" + tree::render(*set.value);
      }
    }
    if (!ok) continue;
    if (def.label) variant_label = *def.label;
    if (variant_label.empty() && axes.empty()) variant_label = "base";
    // Each point of the grid, last key fastest.
    std::vector<std::size_t> index(axes.size(), 0);
    for (std::size_t point = 0; point < grid; ++point) {
      NodePtr point_root = variant_root;
      std::string label = variant_label;
      Mark mark = def.mark;
      for (std::size_t k = 0; k < axes.size(); ++k) {
        const Axis& axis = axes[k];
        const NodePtr& value = axis.values[index[k]];
        std::string why;
        NodePtr next = tree::with_value(point_root, axis.path, value, axis.key_mark, why);
        if (!next) {
          r.error(axis.key_mark, "sweep." + axis.key, fmt::format("cannot set '{}': {}", axis.key, why));
          ok = false;
          break;
        }
        point_root = next;
        label += (label.empty() ? "" : ", ") + last_part(axis.path) + "=" + tree::render(*value);
        if (index[k] > 0) mark = value->mark;
      }
      // Advance the odometer.
      for (std::size_t k = axes.size(); k-- > 0;) {
        if (++index[k] < axes[k].values.size()) break;
        index[k] = 0;
      }
      if (!ok) break;
      std::optional<RunConfig> config = read_config(r, context, *point_root);
      if (label.size() > limits::kMaxLabelLength) {
        // The grid's first point has no value mark of its own: the sweep's.
        r.error(mark.line > 0 || axes.empty() ? mark : axes.front().key_mark,
                def.label ? "variants" : (axes.empty() ? "variants" : "sweep"),
                fmt::format("the label '{}...' is {} characters long, more than {}; give the variant a shorter 'label'",
                            printable(label.substr(0, 40)), label.size(), limits::kMaxLabelLength));
        continue;
      }
      if (auto [where, inserted] = labels.emplace(label, variants.size()); !inserted) {
        r.error(mark, def.label ? "variants" : (axes.empty() ? "variants" : "sweep"),
                fmt::format("duplicate label '{}'; every variant needs its own", label));
        continue;
      }
      if (!config) continue;
      if (auto [where, inserted] = configs.emplace(config->resolved.dump(), label); !inserted) {
        r.error(mark, "",
                fmt::format("variant '{}' resolves to the same configuration as '{}'; their runs would be identical",
                            label, where->second));
        continue;
      }
      std::vector<SetupLine> setup = setup_lines(*config);
      variants.push_back(Variant{label, std::move(*config), std::move(setup)});
    }
  }
  return variants;
}

}  // namespace lrbench::scenario
