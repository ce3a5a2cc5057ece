#include "plugins/declaration.hpp"

#include <algorithm>
#include <cmath>
#include <set>
#include <variant>

#include <fmt/format.h>

#include "plugins/value_tree.hpp"

namespace lrbench::plugins {

bool is_valid_name(std::string_view name) noexcept {
  if (name.empty() || name.front() < 'a' || name.front() > 'z') return false;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) return false;
  }
  return true;
}

util::Range range_of(const ParamSpec& spec) noexcept {
  return util::Range{spec.min, spec.max, spec.min_exclusive, spec.max_exclusive};
}

bool in_range(const ParamSpec& spec, double value) noexcept { return range_of(spec).contains(value); }

std::vector<std::string> choice_words(std::string_view choices) {
  std::vector<std::string> words;
  std::size_t start = 0;
  while (start <= choices.size()) {
    const std::size_t bar = std::min(choices.find('|', start), choices.size());
    words.emplace_back(choices.substr(start, bar - start));
    start = bar + 1;
  }
  return words;
}

std::string describe_range(const ParamSpec& spec) {
  if (spec.type == ParamType::boolean) return "true | false";
  if (spec.type == ParamType::choice) return std::string(spec.choices);
  if (spec.type == ParamType::optimizer) return "an optimizer plugin";
  std::string range = range_of(spec).bounds();
  if (range.empty()) range = "any";
  if (spec.type == ParamType::integer_list) range = "each " + range;
  return range;
}

std::string describe_default(const ParamSpec& spec) {
  if (spec.default_is_null) return "null";
  switch (spec.type) {
    case ParamType::real: return fmt::format("{}", spec.default_number);
    case ParamType::integer: return fmt::format("{}", static_cast<long long>(spec.default_number));
    case ParamType::boolean: return spec.default_number != 0.0 ? "true" : "false";
    case ParamType::choice:
    case ParamType::integer_list:
    case ParamType::optimizer: return std::string(spec.default_text);
  }
  return "?";
}

std::string describe_build(const BuildInfo& build) {
  return fmt::format("{}, {}", build.optimized ? "optimised" : "not optimised",
                     build.compiler.empty() ? std::string_view("unknown compiler") : build.compiler);
}

namespace {

bool is_choice(const ParamSpec& spec, std::string_view word) {
  const std::vector<std::string> words = choice_words(spec.choices);
  return std::find(words.begin(), words.end(), word) != words.end();
}

// An `optimizer` default or example: a plugin name, or {name: X, params: {...}}.
std::string check_optimizer_text(const ParamSpec& spec, std::string_view text, const char* what) {
  std::string error;
  const std::optional<ValueTree> tree = parse_flow(text, error);
  if (!tree) return fmt::format("parameter '{}' has a malformed {} optimizer: {}", spec.name, what, error);
  const bool named = tree->is_scalar() || (tree->is_map() && tree->find("name") != nullptr &&
                                           tree->find("name")->is_scalar());
  if (!named) {
    return fmt::format("parameter '{}' has a {} optimizer without a name: {} (write \"sgd\" or "
                       "\"{{name: sgd, params: {{...}}}}\")",
                       spec.name, what, text);
  }
  return {};
}

std::string check_number(const ParamSpec& spec, double value, const char* what) {
  if (std::isinf(value) && !spec.infinite_ok) {
    return fmt::format("parameter '{}' has an infinite {} but is not declared or_infinite()", spec.name, what);
  }
  if (!in_range(spec, value)) {
    return fmt::format("parameter '{}' has the {} {}, outside its range {}", spec.name, what, value, describe_range(spec));
  }
  if (spec.type == ParamType::integer && value != std::floor(value)) {
    return fmt::format("parameter '{}' has the {} {}, which is not an integer", spec.name, what, value);
  }
  return {};
}

std::string check_param(const ParamSpec& spec) {
  if (!is_valid_name(spec.name)) return fmt::format("parameter name '{}' does not match [a-z][a-z0-9_]*", spec.name);
  if (spec.help_text.empty()) return fmt::format("parameter '{}' has no help text", spec.name);
  if (spec.infinite_ok && spec.type != ParamType::real) {
    return fmt::format("parameter '{}' is declared or_infinite() but is not a real number", spec.name);
  }
  if (spec.has_example) {
    if (spec.type == ParamType::optimizer) {
      if (std::string p = check_optimizer_text(spec, spec.example_text, "example"); !p.empty()) return p;
    } else if (spec.type == ParamType::real || spec.type == ParamType::integer) {
      if (!spec.example_text.empty()) return fmt::format("parameter '{}' gives a text example for a number", spec.name);
      if (std::string p = check_number(spec, spec.example_number, "example"); !p.empty()) return p;
    } else if (spec.type == ParamType::integer_list) {
      try {
        static_cast<void>(parse_integer_list(spec.example_text, "the example"));
      } catch (const std::exception& e) {
        return fmt::format("parameter '{}': {}", spec.name, e.what());
      }
    }
  }
  if (spec.default_is_null) return {};
  if (spec.type == ParamType::optimizer) return check_optimizer_text(spec, spec.default_text, "default");
  ParamValue value;
  try {
    value = default_value(spec);
  } catch (const std::exception& e) {
    return e.what();
  }
  switch (spec.type) {
    case ParamType::real:
    case ParamType::integer:
      if (std::isinf(spec.default_number) && !spec.infinite_ok) {
        return fmt::format("parameter '{}' defaults to {}, infinite, but is not declared or_infinite()", spec.name,
                           describe_default(spec));
      }
      if (!in_range(spec, spec.default_number)) {
        return fmt::format("parameter '{}' defaults to {}, outside its range {}", spec.name,
                           describe_default(spec), describe_range(spec));
      }
      break;
    case ParamType::choice:
      if (!is_choice(spec, spec.default_text)) {
        return fmt::format("parameter '{}' defaults to '{}', not one of {}", spec.name, spec.default_text,
                           spec.choices);
      }
      break;
    case ParamType::integer_list:
      for (std::int64_t v : std::get<std::vector<std::int64_t>>(value)) {
        if (!in_range(spec, static_cast<double>(v))) {
          return fmt::format("parameter '{}' has a default element {} outside {}", spec.name, v,
                             describe_range(spec));
        }
      }
      break;
    case ParamType::boolean:
    case ParamType::optimizer: break;
  }
  return {};
}

// What only optimizers may declare: a default learning rate (finite, > 0)
// and that they adapt their own step size.
std::string check_learning_rate(const PluginInfo& info) {
  if (info.kind != PluginKind::optimizer) {
    if (info.meta.default_lr || info.meta.adapts_step_size) {
      return "declares default_lr or adapts_step_size, which only optimizers may";
    }
    return {};
  }
  if (info.meta.default_lr && !(std::isfinite(*info.meta.default_lr) && *info.meta.default_lr > 0.0)) {
    return fmt::format("declares default_lr {}; a learning rate is a finite number > 0", *info.meta.default_lr);
  }
  return {};
}

}  // namespace

std::string check_declaration(const PluginInfo& info) {
  if (info.kind != PluginKind::optimizer && info.kind != PluginKind::schedule) {
    return fmt::format("declares an unknown plugin kind ({})", static_cast<unsigned>(info.kind));
  }
  if (!is_valid_name(info.meta.name)) {
    return fmt::format("declares the name '{}', which does not match [a-z][a-z0-9_]*", info.meta.name);
  }
  if (info.kind == PluginKind::optimizer && info.make_optimizer == nullptr) return "declares an optimizer without a factory";
  if (info.kind == PluginKind::schedule && info.make_schedule == nullptr) return "declares a schedule without a factory";
  if (std::string problem = check_learning_rate(info); !problem.empty()) return problem;
  std::set<std::string_view> seen;
  for (const ParamSpec& spec : info.params) {
    if (!seen.insert(spec.name).second) return fmt::format("declares parameter '{}' twice", spec.name);
    if (std::string problem = check_param(spec); !problem.empty()) return "declares " + problem;
  }
  return {};
}

}  // namespace lrbench::plugins
