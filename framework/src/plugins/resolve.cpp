#include "plugins/resolve.hpp"

#include <algorithm>
#include <cmath>
#include <exception>
#include <stdexcept>
#include <utility>

#include <fmt/format.h>

#include "plugins/construct.hpp"
#include "plugins/declaration.hpp"
#include "util/scalars.hpp"
#include "util/suggest.hpp"
#include "util/text.hpp"

namespace lrbench::plugins {
namespace {

// Nested optimizers deeper than this are a cycle in some declaration (an
// inner optimizer whose default is itself) or a mistake.
constexpr int kMaxDepth = 8;

// The range of one number as it reads after "expected a number": " in
// [0, 1)", " >= 0", "" (for a list: of each element).
std::string range_text(const ParamSpec& spec) { return range_of(spec).text(); }

std::string expectation(const ParamSpec& spec) {
  switch (spec.type) {
    case ParamType::real: return "a number";
    case ParamType::integer: return "an integer";
    case ParamType::boolean: return "true or false";
    case ParamType::choice: return "one of " + std::string(spec.choices);
    case ParamType::integer_list: return "a list of integers";
    case ParamType::optimizer: return "an optimizer ({name: ..., params: {...}} or a plugin name)";
  }
  return "a value";
}

bool declares(const PluginInfo& info, std::string_view name) {
  return std::any_of(info.params.begin(), info.params.end(), [&](const ParamSpec& s) { return s.name == name; });
}

// The tail of "unknown parameter 'k' of optimizer 'x'": a hint for what other
// libraries call it, else the nearest declared name.
std::string unknown_hint(const PluginInfo& info, const MapEntry& e, const std::vector<std::string>& declared) {
  if (e.key == "lr" || e.key == "learning_rate") {
    return "; the learning rate is not a plugin parameter: write it as 'lr' of the optimizer (optimizer.lr), "
           "which the schedule scales";
  }
  if (e.key == "betas" && declares(info, "beta1") && declares(info, "beta2")) {
    std::string example = "beta1: ..., beta2: ...";
    if (e.value.is_sequence() && e.value.items.size() == 2 && e.value.items[0].is_scalar() &&
        e.value.items[1].is_scalar()) {
      example = "beta1: " + e.value.items[0].text + ", beta2: " + e.value.items[1].text;
    }
    return "; lrbench declares the betas as two parameters: write {" + example + "}";
  }
  if ((e.key == "eps" || e.key == "epsilon") && declares(info, "epsilon")) return "; lrbench calls it 'epsilon'";
  if (declared.empty()) return "; it takes no parameters";
  return util::suggestion(e.key, declared);
}

class Resolver {
 public:
  Resolver(const PluginCatalog& catalog, std::vector<ParamDiagnostic>& out) : catalog_(catalog), out_(out) {}

  std::optional<ParamValues> params(const PluginInfo& info, const ValueTree* given, const std::string& path,
                                    int depth) {
    const std::size_t before = out_.size();
    std::vector<std::string> declared;
    for (const ParamSpec& spec : info.params) declared.emplace_back(spec.name);
    // The given values first, then a default for each parameter not given
    // (an `optimizer` default is resolved only when it is used).
    std::vector<std::optional<ParamValue>> chosen(info.params.size());
    std::vector<bool> written(info.params.size(), false);
    if (given != nullptr && !given->is_null()) {
      if (!given->is_map()) {
        error(given->at, path, "expected a map, found " + describe(*given));
      } else {
        for (const MapEntry& e : given->entries) {
          const auto at = static_cast<std::size_t>(std::find(declared.begin(), declared.end(), e.key) - declared.begin());
          if (at == declared.size()) {
            error(e.key_at, util::join_key(path, e.key),
                  fmt::format("unknown parameter '{}' of {} '{}'", e.key, to_string(info.kind), info.meta.name) +
                      unknown_hint(info, e, declared));
            continue;
          }
          written[at] = true;
          chosen[at] = value(info.params[at], e.value, util::join_key(path, e.key), depth);
        }
      }
    }
    for (std::size_t i = 0; i < info.params.size(); ++i) {
      if (!written[i]) chosen[i] = default_of(info, info.params[i], util::join_key(path, info.params[i].name), depth);
    }
    if (out_.size() != before) return std::nullopt;
    ParamValues values;
    for (std::size_t i = 0; i < info.params.size(); ++i) values.set(declared[i], std::move(*chosen[i]));
    return values;
  }

  // A default as a value; `optimizer` defaults are resolved like a given
  // value (a broken one is the plugin's bug, reported as such).
  std::optional<ParamValue> default_of(const PluginInfo& info, const ParamSpec& spec, const std::string& path,
                                       int depth) {
    try {
      if (spec.type != ParamType::optimizer || spec.default_is_null) return default_value(spec);
    } catch (const std::exception& e) {
      error({}, path, fmt::format("{} '{}' declares a bad default: {}", to_string(info.kind), info.meta.name, e.what()));
      return std::nullopt;
    }
    std::string problem;
    const std::optional<ValueTree> tree = parse_flow(spec.default_text, problem);
    if (!tree) {
      error({}, path, fmt::format("{} '{}' declares a bad default: {}", to_string(info.kind), info.meta.name, problem));
      return std::nullopt;
    }
    const std::size_t before = out_.size();
    std::optional<ParamValue> v = value(spec, *tree, path, depth);
    for (std::size_t i = before; i < out_.size(); ++i) {
      out_[i].message = fmt::format("the default of {} '{}' ({}): {}", to_string(info.kind), info.meta.name,
                                    spec.default_text, out_[i].message);
    }
    return v;
  }

  std::optional<ParamValue> value(const ParamSpec& spec, const ValueTree& n, const std::string& path, int depth) {
    if (n.is_null()) {
      if (spec.nullable) return ParamValue{std::monostate{}};
      error(n.at, path, fmt::format("expected {}, found nothing (null); '{}' cannot be null", expectation(spec), spec.name));
      return std::nullopt;
    }
    switch (spec.type) {
      case ParamType::real:
        if (auto v = number(spec, n, path)) return ParamValue{*v};
        return std::nullopt;
      case ParamType::integer:
        if (auto v = integer(spec, n, path)) return ParamValue{*v};
        return std::nullopt;
      case ParamType::boolean:
        if (n.is_scalar() && !n.quoted) {
          // YAML 1.2 core schema only: yes/no/on/off are YAML 1.1 and ambiguous.
          if (n.text == "true" || n.text == "True" || n.text == "TRUE") return ParamValue{true};
          if (n.text == "false" || n.text == "False" || n.text == "FALSE") return ParamValue{false};
        }
        error(n.at, path, "expected true or false, found " + describe(n));
        return std::nullopt;
      case ParamType::choice: {
        const std::vector<std::string> words = choice_words(spec.choices);
        if (n.is_scalar() && std::find(words.begin(), words.end(), n.text) != words.end()) return ParamValue{n.text};
        std::string message = fmt::format("expected one of {}, found {}", spec.choices, describe(n));
        if (n.is_scalar()) {
          if (auto best = util::nearest(n.text, words)) message += "; did you mean '" + *best + "'?";
        }
        error(n.at, path, message);
        return std::nullopt;
      }
      case ParamType::integer_list: {
        if (!n.is_sequence()) {
          error(n.at, path, "expected a list of integers, found " + describe(n));
          return std::nullopt;
        }
        std::vector<std::int64_t> list;
        bool ok = true;
        for (std::size_t i = 0; i < n.items.size(); ++i) {
          if (auto v = integer(spec, n.items[i], util::join_key(path, std::to_string(i)))) {
            list.push_back(*v);
          } else {
            ok = false;
          }
        }
        if (!ok) return std::nullopt;
        return ParamValue{std::move(list)};
      }
      case ParamType::optimizer:
        if (auto v = optimizer(n, path, depth)) return ParamValue{std::move(*v)};
        return std::nullopt;
    }
    return std::nullopt;
  }

 private:
  void error(const Position& at, const std::string& path, std::string message) {
    out_.push_back(ParamDiagnostic{at, path, std::move(message)});
  }

  std::optional<std::int64_t> integer(const ParamSpec& spec, const ValueTree& n, const std::string& path) {
    std::int64_t v = 0;
    const util::IntParse r = (n.is_scalar() && !n.quoted) ? util::parse_integer(n.text, v) : util::IntParse::not_integer;
    if (r == util::IntParse::not_integer) {
      error(n.at, path, "expected an integer" + range_text(spec) + ", found " + describe(n));
      return std::nullopt;
    }
    if (r == util::IntParse::overflow || !in_range(spec, static_cast<double>(v))) {
      error(n.at, path, "expected an integer" + range_text(spec) + ", found " + n.text);
      return std::nullopt;
    }
    return v;
  }

  std::optional<double> number(const ParamSpec& spec, const ValueTree& n, const std::string& path) {
    const std::optional<double> v = (n.is_scalar() && !n.quoted) ? util::parse_real(n.text) : std::nullopt;
    if (!v) {
      error(n.at, path, "expected a number" + range_text(spec) + ", found " + describe(n));
      return std::nullopt;
    }
    if (std::isnan(*v) || (std::isinf(*v) && !spec.infinite_ok)) {
      error(n.at, path, "expected a finite number" + range_text(spec) + ", found " + n.text);
      return std::nullopt;
    }
    if (!in_range(spec, *v)) {
      error(n.at, path, "expected a number" + range_text(spec) + ", found " + n.text);
      return std::nullopt;
    }
    return v;
  }

  // {name: X, params: {...}}, or just X.
  std::optional<InnerOptimizer> optimizer(const ValueTree& n, const std::string& path, int depth) {
    const ValueTree* name = nullptr;
    const ValueTree* given = nullptr;
    std::string name_path = path;
    if (n.is_scalar()) {
      name = &n;
    } else if (n.is_map()) {
      const std::size_t before = out_.size();
      for (const MapEntry& e : n.entries) {
        if (e.key != "name" && e.key != "params") {
          error(e.key_at, util::join_key(path, e.key),
                "unknown key '" + e.key + "'" + util::suggestion(e.key, {"name", "params"}));
        }
      }
      name = n.find("name");
      given = n.find("params");
      name_path = util::join_key(path, "name");
      if (name == nullptr) error(n.at, path, "missing required key 'name' (the optimizer plugin's name)");
      if (out_.size() != before) return std::nullopt;
    }
    if (name == nullptr || !name->is_scalar()) {
      error(name ? name->at : n.at, name_path,
            "expected an optimizer ({name: ..., params: {...}} or a plugin name), found " + describe(name ? *name : n));
      return std::nullopt;
    }
    const PluginInfo* info = catalog_.find(PluginKind::optimizer, name->text);
    if (info == nullptr) {
      error(name->at, name_path, not_found(catalog_, PluginKind::optimizer, name->text));
      return std::nullopt;
    }
    if (depth + 1 > kMaxDepth) {
      error(n.at, path, fmt::format("optimizers nested more than {} deep (a cycle of defaults?)", kMaxDepth));
      return std::nullopt;
    }
    const std::string params_path = util::join_key(path, "params");
    std::optional<ParamValues> values = params(*info, given, params_path, depth + 1);
    if (!values) return std::nullopt;
    // Made once, so its own cross-parameter checks report here.
    const Position& at = given != nullptr ? given->at : n.at;
    try {
      static_cast<void>(make_optimizer(catalog_, info->meta.name, *values));
    } catch (const std::exception& e) {
      error(at, params_path, fmt::format("optimizer '{}' rejects these parameters: {}", info->meta.name, e.what()));
      return std::nullopt;
    } catch (...) {
      error(at, params_path, fmt::format("optimizer '{}' failed to construct", info->meta.name));
      return std::nullopt;
    }
    return InnerOptimizer{std::string(info->meta.name), std::make_shared<const ParamValues>(std::move(*values)), {}};
  }

  const PluginCatalog& catalog_;
  std::vector<ParamDiagnostic>& out_;
};

std::string joined(const std::vector<ParamDiagnostic>& diagnostics) {
  std::string out;
  for (const ParamDiagnostic& d : diagnostics) out += (out.empty() ? "" : "; ") + format(d);
  return out;
}

}  // namespace

std::optional<ParamValues> resolve_params(const PluginInfo& info, const ValueTree* given, const std::string& path,
                                          const PluginCatalog& catalog, std::vector<ParamDiagnostic>& out) {
  return Resolver(catalog, out).params(info, given, path, 0);
}

std::string example_text(const ParamSpec& spec) {
  if (!spec.has_example) return {};
  if (!spec.example_text.empty()) return std::string(spec.example_text);
  switch (spec.type) {
    case ParamType::integer: return fmt::format("{}", static_cast<long long>(spec.example_number));
    case ParamType::boolean: return spec.example_number != 0.0 ? "true" : "false";
    default: return fmt::format("{}", spec.example_number);
  }
}

ParamValues default_params(const PluginInfo& info, const PluginCatalog& catalog, bool use_examples) {
  std::vector<ParamDiagnostic> problems;
  Resolver resolver(catalog, problems);
  ValueTree given;
  given.kind = ValueTree::Kind::map;
  if (use_examples) {
    for (const ParamSpec& spec : info.params) {
      if (!spec.default_is_null || !spec.has_example) continue;
      std::string error;
      std::optional<ValueTree> v = parse_flow(example_text(spec), error);
      if (!v) throw std::invalid_argument(fmt::format("{} '{}' declares a bad example for '{}': {}",
                                                      to_string(info.kind), info.meta.name, spec.name, error));
      given.entries.push_back(MapEntry{std::string(spec.name), {}, std::move(*v)});
    }
  }
  std::optional<ParamValues> values = resolver.params(info, &given, "params", 0);
  if (!values) throw std::invalid_argument(joined(problems));
  return std::move(*values);
}

std::string format(const ParamDiagnostic& d, const std::string& default_file) {
  const std::string file = d.at.file ? *d.at.file : default_file;
  std::string out;
  if (!file.empty()) out += file + ":";
  if (d.at.line > 0) out += fmt::format("{}:{}:", d.at.line, d.at.column);
  if (!out.empty()) out += " ";
  if (!d.path.empty()) out += d.path + ": ";
  return out + d.message;
}

}  // namespace lrbench::plugins
