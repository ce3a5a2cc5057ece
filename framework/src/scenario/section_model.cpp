// The model section: the MLP's layers.
#include <fmt/format.h>

#include "scenario/limits.hpp"
#include "scenario/sections.hpp"

namespace lrbench::scenario {

using tree::Node;

std::optional<model::ModelSpec> read_model(Reader& r, const Node& root, std::optional<int> num_classes,
                                           bool function) {
  const std::string path = "model";
  if (function) {
    if (const tree::Entry* e = root.find("model")) {
      r.error(e->key_mark, path, "a function task trains no model: the optimizer works on x itself; remove 'model'");
      return std::nullopt;
    }
    return model::ModelSpec{};
  }
  const Node* m = r.map(r.require(root, "", "model"), path);
  if (m == nullptr) return std::nullopt;
  const std::size_t before = r.errors();
  r.check_keys(*m, path, {"layers"});
  model::ModelSpec spec;
  const Node* layers = r.require(*m, path, "layers");
  if (layers == nullptr) return std::nullopt;
  const std::string lp = join_key(path, "layers");
  if (!layers->is_sequence() || layers->items.empty()) {
    r.error(layers->mark, lp,
            "expected a non-empty list of layers, found " +
                (layers->is_sequence() ? std::string("an empty list") : describe(*layers)));
    return std::nullopt;
  }
  for (std::size_t i = 0; i < layers->items.size(); ++i) {
    const std::string p = join_key(lp, std::to_string(i));
    const Node* l = r.map(layers->items[i].get(), p);
    if (l == nullptr) continue;
    r.check_keys(*l, p, {"units", "activation", "init"});
    model::LayerSpec layer;
    const bool last = i + 1 == layers->items.size();
    if (const Node* units = r.require(*l, p, "units")) {
      if (auto v = r.integer(*units, join_key(p, "units"), at_least(1, limits::kMaxUnits))) {
        layer.units = static_cast<int>(*v);
        if (last && num_classes && layer.units != *num_classes) {
          r.error(units->mark, join_key(p, "units"),
                  fmt::format("the last layer needs one unit per class: the data has {} classes, found {}", *num_classes,
                              units->text));
        }
      }
    }
    if (const Node* a = r.require(*l, p, "activation")) {
      if (auto v = r.word(*a, join_key(p, "activation"), model::kActivationNames)) {
        layer.activation = *v;
        if (last && layer.activation != model::Activation::softmax) {
          r.error(a->mark, join_key(p, "activation"),
                  "the last layer must be softmax (it is fused with the cross-entropy loss), found " + a->text);
        }
        if (!last && layer.activation == model::Activation::softmax) {
          r.error(a->mark, join_key(p, "activation"), "softmax is only allowed on the last layer");
        }
      }
    }
    if (const Node* n = Reader::get(*l, "init")) {
      if (auto v = r.word(*n, join_key(p, "init"), model::kInitNames)) layer.init = *v;
    }
    spec.layers.push_back(layer);
  }
  if (r.errors() != before) return std::nullopt;
  return spec;
}

}  // namespace lrbench::scenario
