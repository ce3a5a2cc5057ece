#include "scenario/plugin_params.hpp"

#include <algorithm>
#include <exception>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "scenario/suggest.hpp"

namespace lrbench::scenario {
namespace {

using tree::Entry;
using tree::Mark;
using tree::Node;

std::vector<std::string> split_choices(std::string_view choices) {
  std::vector<std::string> words;
  std::size_t start = 0;
  while (start <= choices.size()) {
    const std::size_t bar = std::min(choices.find('|', start), choices.size());
    words.emplace_back(choices.substr(start, bar - start));
    start = bar + 1;
  }
  return words;
}

std::string expectation(const ParamSpec& spec) {
  switch (spec.type) {
    case ParamType::real: return "a number";
    case ParamType::integer: return "an integer";
    case ParamType::boolean: return "true or false";
    case ParamType::choice: return "one of " + std::string(spec.choices);
    case ParamType::integer_list: return "a list of integers";
  }
  return "a value";
}

std::optional<ParamValue> read_param(Reader& reader, const ParamSpec& spec, const Node& n, const std::string& path) {
  if (n.is_null()) {
    if (spec.nullable) return ParamValue{std::monostate{}};
    reader.error(n.mark, path,
                 fmt::format("expected {}, found nothing (null); '{}' cannot be null", expectation(spec), spec.name));
    return std::nullopt;
  }
  const Range range{spec.min, spec.max, spec.min_exclusive, spec.max_exclusive};
  switch (spec.type) {
    case ParamType::real:
      if (auto v = reader.number(n, path, range)) return ParamValue{*v};
      return std::nullopt;
    case ParamType::integer:
      if (auto v = reader.integer(n, path, range)) return ParamValue{*v};
      return std::nullopt;
    case ParamType::boolean:
      if (auto v = reader.boolean(n, path)) return ParamValue{*v};
      return std::nullopt;
    case ParamType::choice:
      if (auto v = reader.one_of(n, path, split_choices(spec.choices))) return ParamValue{*v};
      return std::nullopt;
    case ParamType::integer_list: {
      if (!n.is_sequence()) {
        reader.error(n.mark, path, "expected a list of integers, found " + describe(n));
        return std::nullopt;
      }
      std::vector<std::int64_t> list;
      bool ok = true;
      for (std::size_t i = 0; i < n.items.size(); ++i) {
        if (auto v = reader.integer(*n.items[i], join(path, std::to_string(i)), range)) {
          list.push_back(*v);
        } else {
          ok = false;
        }
      }
      if (!ok) return std::nullopt;
      return ParamValue{std::move(list)};
    }
  }
  return std::nullopt;
}

}  // namespace

const PluginInfo* read_plugin(Reader& reader, const plugins::PluginCatalog& catalog, PluginKind kind,
                              const Node& name_node, const std::string& path) {
  const auto name = reader.text(name_node, path);
  if (!name) return nullptr;
  if (const PluginInfo* info = catalog.find(kind, *name)) return info;
  const std::vector<std::string> names = catalog.names(kind);
  std::string message = fmt::format("unknown {} '{}'", to_string(kind), *name);
  if (names.empty()) {
    message += fmt::format("; no {} plugins are loaded (check --plugin-dir)", to_string(kind));
  } else {
    message += suggestion(*name, names);
  }
  reader.error(name_node.mark, path, message);
  return nullptr;
}

std::optional<ParamValues> read_params(Reader& reader, const PluginInfo& info, const Node* given,
                                       const std::string& path) {
  const std::size_t before = reader.errors();
  ParamValues values;
  std::vector<std::string> declared;
  for (const ParamSpec& spec : info.params) {
    declared.emplace_back(spec.name);
    try {
      values.set(std::string(spec.name), default_value(spec));
    } catch (const std::exception& e) {
      reader.error(Mark{}, join(path, spec.name),
                   fmt::format("{} '{}' declares a bad default: {}", to_string(info.kind), info.meta.name, e.what()));
    }
  }
  if (const Node* m = reader.map(given, path)) {
    for (const Entry& e : m->entries) {
      const ParamSpec* spec = nullptr;
      for (const ParamSpec& s : info.params) {
        if (s.name == e.key) spec = &s;
      }
      const std::string key_path = join(path, e.key);
      if (spec == nullptr) {
        std::string message =
            fmt::format("unknown parameter '{}' of {} '{}'", e.key, to_string(info.kind), info.meta.name);
        message += declared.empty() ? std::string("; it takes no parameters") : suggestion(e.key, declared);
        reader.error(e.key_mark, key_path, message);
        continue;
      }
      if (auto v = read_param(reader, *spec, *e.value, key_path)) values.set(std::string(spec->name), std::move(*v));
    }
  }
  if (reader.errors() != before) return std::nullopt;
  return values;
}

}  // namespace lrbench::scenario
