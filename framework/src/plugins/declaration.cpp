#include "plugins/declaration.hpp"

#include <cmath>
#include <set>
#include <variant>

#include <fmt/format.h>

namespace lrbench::plugins {

bool is_valid_name(std::string_view name) noexcept {
  if (name.empty() || name.front() < 'a' || name.front() > 'z') return false;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) return false;
  }
  return true;
}

bool in_range(const ParamSpec& spec, double value) noexcept {
  if (std::isnan(value)) return false;
  if (spec.min_exclusive ? !(value > spec.min) : !(value >= spec.min)) return false;
  if (spec.max_exclusive ? !(value < spec.max) : !(value <= spec.max)) return false;
  return true;
}

std::string describe_range(const ParamSpec& spec) {
  if (spec.type == ParamType::boolean) return "true | false";
  if (spec.type == ParamType::choice) return std::string(spec.choices);
  const bool lo = spec.has_lower_bound();
  const bool hi = spec.has_upper_bound();
  std::string range;
  if (lo && hi) {
    range = fmt::format("{}{}, {}{}", spec.min_exclusive ? '(' : '[', spec.min, spec.max,
                        spec.max_exclusive ? ')' : ']');
  } else if (lo) {
    range = fmt::format("{} {}", spec.min_exclusive ? ">" : ">=", spec.min);
  } else if (hi) {
    range = fmt::format("{} {}", spec.max_exclusive ? "<" : "<=", spec.max);
  } else {
    range = "any";
  }
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
    case ParamType::integer_list: return std::string(spec.default_text);
  }
  return "?";
}

namespace {

bool is_choice(const ParamSpec& spec, std::string_view word) {
  std::string_view rest = spec.choices;
  while (true) {
    const std::size_t bar = rest.find('|');
    if (rest.substr(0, bar) == word) return true;
    if (bar == std::string_view::npos) return false;
    rest.remove_prefix(bar + 1);
  }
}

std::string check_param(const ParamSpec& spec) {
  if (!is_valid_name(spec.name)) return fmt::format("parameter name '{}' does not match [a-z][a-z0-9_]*", spec.name);
  if (spec.help_text.empty()) return fmt::format("parameter '{}' has no help text", spec.name);
  ParamValue value;
  try {
    value = default_value(spec);
  } catch (const std::exception& e) {
    return e.what();
  }
  if (spec.default_is_null) return {};
  switch (spec.type) {
    case ParamType::real:
    case ParamType::integer:
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
    case ParamType::boolean: break;
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
  std::set<std::string_view> seen;
  for (const ParamSpec& spec : info.params) {
    if (!seen.insert(spec.name).second) return fmt::format("declares parameter '{}' twice", spec.name);
    if (std::string problem = check_param(spec); !problem.empty()) return "declares " + problem.substr(0);
  }
  return {};
}

}  // namespace lrbench::plugins
