#include "plugins/construct.hpp"

#include <stdexcept>
#include <utility>
#include <variant>
#include <vector>

#include <fmt/format.h>

#include "util/suggest.hpp"

namespace lrbench::plugins {
namespace {

// Keeps the library loaded for as long as the object lives: members are
// destroyed in reverse order, so the object goes before its library.
template <class T>
struct Held {
  std::shared_ptr<const void> library;
  std::unique_ptr<T> object;
};

template <class T>
std::shared_ptr<T> hold(std::shared_ptr<const void> library, std::unique_ptr<T> object) {
  if (!object) throw std::runtime_error("the plugin's factory returned nothing");
  auto held = std::make_shared<Held<T>>(Held<T>{std::move(library), std::move(object)});
  T* raw = held->object.get();
  return std::shared_ptr<T>(std::move(held), raw);
}

const PluginInfo& require(const PluginCatalog& catalog, PluginKind kind, std::string_view name) {
  const PluginInfo* info = catalog.find(kind, name);
  if (info == nullptr) throw std::invalid_argument(not_found(catalog, kind, name));
  if (kind == PluginKind::optimizer ? info->make_optimizer == nullptr : info->make_schedule == nullptr) {
    throw std::invalid_argument(fmt::format("{} '{}' has no factory", to_string(kind), name));
  }
  return *info;
}

}  // namespace

ParamValues bind(const ParamValues& values, const PluginCatalog& catalog) {
  ParamValues bound = values;
  for (const auto& [key, value] : values.entries()) {
    const auto* inner = std::get_if<InnerOptimizer>(&value);
    if (inner == nullptr) continue;
    const PluginInfo& info = require(catalog, PluginKind::optimizer, inner->name);
    auto params = std::make_shared<const ParamValues>(bind(inner->params ? *inner->params : ParamValues{}, catalog));
    InnerOptimizer b{inner->name, params, {}};
    // Captures what the instance needs and nothing of the catalog, which
    // may be gone when the outer plugin makes its inner one.
    b.factory = [info = &info, library = catalog.library_of(&info), params] {
      return std::shared_ptr<Optimizer>(hold<Optimizer>(library, info->make_optimizer(*params)));
    };
    bound.set(key, std::move(b));
  }
  return bound;
}

std::shared_ptr<Optimizer> make_optimizer(const PluginCatalog& catalog, std::string_view name,
                                          const ParamValues& values) {
  const PluginInfo& info = require(catalog, PluginKind::optimizer, name);
  return hold<Optimizer>(catalog.library_of(&info), info.make_optimizer(bind(values, catalog)));
}

std::shared_ptr<Schedule> make_schedule(const PluginCatalog& catalog, std::string_view name,
                                        const ParamValues& values, double base_lr) {
  const PluginInfo& info = require(catalog, PluginKind::schedule, name);
  return hold<Schedule>(catalog.library_of(&info), info.make_schedule(bind(values, catalog), base_lr));
}

std::string search_summary(const PluginCatalog& catalog, std::initializer_list<PluginKind> kinds) {
  constexpr std::size_t kShown = 30;
  std::vector<std::string> parts;
  const std::vector<std::filesystem::path> searched = catalog.searched();
  if (!searched.empty()) {
    std::string part = "searched: ";
    for (std::size_t i = 0; i < searched.size(); ++i) part += (i ? ", " : "") + searched[i].string();
    parts.push_back(part);
  }
  for (const PluginKind kind : kinds) {
    const std::vector<std::string> names = catalog.names(kind);
    if (names.empty()) {
      parts.push_back(fmt::format("no {} plugins found", to_string(kind)));
      continue;
    }
    std::string part = fmt::format("{}s found: ", to_string(kind));
    for (std::size_t i = 0; i < names.size() && i < kShown; ++i) part += (i ? ", " : "") + names[i];
    if (names.size() > kShown) part += fmt::format(", … ({} in all)", names.size());
    parts.push_back(part);
  }
  std::string out = " (";
  for (std::size_t i = 0; i < parts.size(); ++i) out += (i ? "; " : "") + parts[i];
  return out + ")";
}

std::string not_found(const PluginCatalog& catalog, PluginKind kind, std::string_view name) {
  const std::optional<std::string> near = util::nearest(name, catalog.names(kind));
  return fmt::format("no {} plugin named '{}' is loaded{}{}", to_string(kind), name,
                     near ? "; did you mean '" + *near + "'?" : std::string(), search_summary(catalog, {kind}));
}

}  // namespace lrbench::plugins
