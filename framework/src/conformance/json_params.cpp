#include "conformance/json_params.hpp"

#include <stdexcept>
#include <string>

namespace lrbench::conformance {
namespace {

[[noreturn]] void fail(const ParamSpec& spec, const std::string& what, const nlohmann::json& got) {
  throw std::runtime_error("parameter '" + std::string(spec.name) + "': expected " + what + ", found " +
                           got.dump());
}

ParamValue convert(const ParamSpec& spec, const nlohmann::json& v) {
  if (v.is_null()) {
    if (!spec.nullable) fail(spec, std::string(to_string(spec.type)), v);
    return std::monostate{};
  }
  switch (spec.type) {
    case ParamType::real:
      if (!v.is_number()) fail(spec, "a number", v);
      return v.get<double>();
    case ParamType::integer:
      if (!v.is_number_integer() && !(v.is_number_float() && v.get<double>() == static_cast<double>(static_cast<std::int64_t>(v.get<double>())))) {
        fail(spec, "an integer", v);
      }
      return static_cast<std::int64_t>(v.get<double>());
    case ParamType::boolean:
      if (!v.is_boolean()) fail(spec, "true or false", v);
      return v.get<bool>();
    case ParamType::choice:
      if (!v.is_string()) fail(spec, "one of " + std::string(spec.choices), v);
      return v.get<std::string>();
    case ParamType::integer_list: {
      if (!v.is_array()) fail(spec, "a list of integers", v);
      std::vector<std::int64_t> list;
      for (const auto& item : v) {
        if (!item.is_number_integer()) fail(spec, "a list of integers", v);
        list.push_back(item.get<std::int64_t>());
      }
      return list;
    }
  }
  fail(spec, "a value", v);
}

}  // namespace

ParamValues params_from_json(std::span<const ParamSpec> specs, const nlohmann::json& given) {
  if (!given.is_null() && !given.is_object()) {
    throw std::runtime_error("params: expected an object, found " + given.dump());
  }
  ParamValues values;
  for (const ParamSpec& spec : specs) values.set(std::string(spec.name), default_value(spec));
  if (given.is_null()) return values;
  for (const auto& [key, value] : given.items()) {
    const ParamSpec* spec = nullptr;
    for (const ParamSpec& s : specs) {
      if (s.name == key) spec = &s;
    }
    if (spec == nullptr) throw std::runtime_error("parameter '" + key + "' is not declared by the plugin");
    values.set(key, convert(*spec, value));
  }
  return values;
}

}  // namespace lrbench::conformance
