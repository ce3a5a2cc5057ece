// The optimizer and schedule sections: plugins by name, with their parameters.
#include <cstdint>
#include <exception>
#include <limits>
#include <memory>

#include <fmt/format.h>

#include "plugins/construct.hpp"
#include "scenario/plugin_params.hpp"
#include "scenario/sections.hpp"

namespace lrbench::scenario {
namespace {

using tree::Entry;
using tree::Mark;
using tree::Node;

// Dry construction: a plugin's cross-parameter checks (std::invalid_argument
// from its constructor) surface now, with a position, instead of failing
// every run of the variant later.
template <class Make>
void try_construct(Reader& r, const PluginInfo& info, const Mark& at, const std::string& path, Make make) {
  const std::string kind(to_string(info.kind));
  try {
    make();
  } catch (const std::exception& e) {
    r.error(at, path, fmt::format("{} '{}' rejects these parameters: {}", kind, info.meta.name, e.what()));
  } catch (...) {
    r.error(at, path, fmt::format("{} '{}' failed to construct", kind, info.meta.name));
  }
}

std::optional<SchedulePart> read_part(Reader& r, const PluginContext& context, const Node& m,
                                      const std::string& path, bool last, bool in_sequence, std::optional<double> lr) {
  const std::size_t before = r.errors();
  SchedulePart part;
  if (in_sequence) {
    const Node* t = Reader::get(m, "ticks");
    if (!last) {
      if (t == nullptr) {
        r.error(m.mark, path, "missing required key 'ticks' (every part but the last needs its length)");
      } else if (auto v = r.integer(*t, join_key(path, "ticks"), at_least(1))) {
        part.ticks = *v;
      }
    } else if (t != nullptr) {
      r.error(m.find("ticks")->key_mark, join_key(path, "ticks"), "the last part runs to the end of training; remove 'ticks'");
    }
  }
  const Node* name = r.require(m, path, "name");
  const PluginInfo* info =
      name ? read_plugin(r, context.catalog, PluginKind::schedule, *name, join_key(path, "name")) : nullptr;
  if (info == nullptr) return std::nullopt;
  part.name = std::string(info->meta.name);
  const Entry* given = m.find("params");
  auto values = read_params(r, context.catalog, *info, given ? given->value.get() : nullptr, join_key(path, "params"));
  if (!values) return std::nullopt;
  if (lr && context.dry_construct) {
    try_construct(r, *info, given ? given->value->mark : m.mark, join_key(path, "params"), [&] {
      static_cast<void>(plugins::make_schedule(context.catalog, info->meta.name, *values, *lr));
    });
  }
  part.params = std::move(*values);
  if (r.errors() != before) return std::nullopt;
  return part;
}

}  // namespace

std::optional<OptimizerSpec> read_optimizer(Reader& r, const PluginContext& context, const Node& root) {
  const std::string path = "optimizer";
  const Node* m = r.map(r.require(root, "", "optimizer"), path);
  if (m == nullptr) return std::nullopt;
  const std::size_t before = r.errors();
  r.check_keys(*m, path, {"name", "lr", "params"});
  OptimizerSpec spec;
  const Node* name = r.require(*m, path, "name");
  const PluginInfo* info =
      name ? read_plugin(r, context.catalog, PluginKind::optimizer, *name, join_key(path, "name")) : nullptr;
  // `lr` may be left out for a plugin that declares a default learning rate.
  if (const Node* n = Reader::get(*m, "lr")) {
    if (auto v = r.number(*n, join_key(path, "lr"), above(0))) spec.lr = *v;
  } else if (info != nullptr && info->meta.default_lr) {
    spec.lr = *info->meta.default_lr;
  } else if (info != nullptr || name == nullptr) {
    static_cast<void>(r.require(*m, path, "lr"));
  }
  if (info == nullptr) return std::nullopt;
  spec.name = std::string(info->meta.name);
  spec.adapts_step_size = info->meta.adapts_step_size;
  const Entry* given = m->find("params");
  auto values = read_params(r, context.catalog, *info, given ? given->value.get() : nullptr, join_key(path, "params"));
  if (!values) return std::nullopt;
  if (context.dry_construct) {
    try_construct(r, *info, given ? given->value->mark : m->mark, join_key(path, "params"), [&] {
      static_cast<void>(plugins::make_optimizer(context.catalog, info->meta.name, *values));
    });
  }
  spec.params = std::move(*values);
  if (r.errors() != before) return std::nullopt;
  return spec;
}

std::optional<ScheduleSpec> read_schedule(Reader& r, const PluginContext& context, const Node& root,
                                          std::optional<double> lr) {
  const std::string path = "schedule";
  const std::size_t before = r.errors();
  ScheduleSpec spec;
  const Node* given = Reader::get(root, "schedule");
  if (given == nullptr) {
    // The documented default: a constant learning rate, ticking per step.
    Node m;
    m.kind = Node::Kind::map;
    m.mark = root.mark;
    auto name = std::make_shared<Node>();
    name->kind = Node::Kind::scalar;
    name->text = "constant";
    name->mark = root.mark;
    m.entries.push_back(Entry{"name", root.mark, name});
    if (auto part = read_part(r, context, m, path, true, false, lr)) spec.parts.push_back(std::move(*part));
    if (r.errors() != before) return std::nullopt;
    return spec;
  }
  const Node* m = r.map(given, path);
  if (m == nullptr) return std::nullopt;
  r.check_keys(*m, path, {"name", "tick", "params", "sequence"});
  if (const Node* t = Reader::get(*m, "tick")) {
    if (auto v = r.word(*t, join_key(path, "tick"), kTickNames)) spec.tick = *v;
  }
  const Entry* sequence = m->find("sequence");
  if (sequence != nullptr) {
    for (const char* key : {"name", "params"}) {
      if (const Entry* e = m->find(key)) {
        r.error(e->key_mark, join_key(path, key), fmt::format("give either 'sequence' or '{}', not both", key));
      }
    }
    const std::string sp = join_key(path, "sequence");
    const Node& s = *sequence->value;
    if (!s.is_sequence() || s.items.empty()) {
      r.error(s.mark, sp,
              "expected a non-empty list of schedules, found " +
                  (s.is_sequence() ? std::string("an empty list") : describe(s)));
      return std::nullopt;
    }
    for (std::size_t i = 0; i < s.items.size(); ++i) {
      const std::string p = join_key(sp, std::to_string(i));
      const Node* pm = r.map(s.items[i].get(), p);
      if (pm == nullptr) continue;
      r.check_keys(*pm, p, {"name", "ticks", "params"});
      if (auto part = read_part(r, context, *pm, p, i + 1 == s.items.size(), true, lr)) {
        spec.parts.push_back(std::move(*part));
      }
    }
    // Each part starts where the ticks before it end: that tick must exist.
    std::int64_t start = 0;
    for (const SchedulePart& part : spec.parts) {
      if (!part.ticks) continue;
      if (*part.ticks > std::numeric_limits<std::int64_t>::max() - start) {
        r.error(s.mark, sp,
                fmt::format("the parts' ticks add up to more than {}; no training has that many",
                            std::numeric_limits<std::int64_t>::max()));
        break;
      }
      start += *part.ticks;
    }
  } else if (m->find("name") == nullptr) {
    r.error(m->mark, path, "missing required key 'name' (or 'sequence')");
  } else if (auto part = read_part(r, context, *m, path, true, false, lr)) {
    spec.parts.push_back(std::move(*part));
  }
  if (r.errors() != before) return std::nullopt;
  return spec;
}

}  // namespace lrbench::scenario
