// lrbench SDK 2: declared plugin parameters and the values the host resolves
// for them.
//
// A plugin declares each hyperparameter once, as a constexpr ParamSpec:
//
//   static constexpr lrbench::ParamSpec kParams[] = {
//       lrbench::real("momentum", 0.0).at_least(0.0).below(1.0)
//           .help("momentum factor mu").source("Keras SGD default"),
//       lrbench::flag("nesterov", false).help("use Nesterov momentum"),
//   };
//
// The host validates a scenario against that list before any run starts
// (unknown key, wrong type, out of range: an error naming file:line:col, at
// every depth of nested optimizers), fills in defaults, and hands the plugin a
// ParamValues holding every declared parameter. `lrbench describe` and
// docs/plugins.md are generated from the same declaration, so the
// documentation cannot drift from what is validated.
//
// A parameter of type `optimizer` holds another optimizer plugin by name, with
// its own parameters (Lookahead's and SAM's `inner`):
//
//   lrbench::optimizer("inner", "{name: sgd, params: {momentum: 0.9}}")
//       .help("the optimizer whose steps are looked ahead"),
//
//   scenario:  params: {inner: {name: adam, params: {beta1: 0.8}}}
//   plugin:    inner_(values.optimizer("inner"))   // a fresh instance
#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace lrbench {

class Optimizer;  // optimizer.hpp

// The type of a declared parameter, as written in YAML.
enum class ParamType : std::uint8_t {
  real,          // a number: 0.9, 1e-7
  integer,       // a whole number: 32
  boolean,       // true | false
  choice,        // one of a fixed set of words: "cos|linear"
  integer_list,  // a list of whole numbers: [30, 80]
  optimizer,     // another optimizer plugin: {name: sgd, params: {momentum: 0.9}}
};

[[nodiscard]] constexpr std::string_view to_string(ParamType type) noexcept {
  switch (type) {
    case ParamType::real: return "number";
    case ParamType::integer: return "integer";
    case ParamType::boolean: return "boolean";
    case ParamType::choice: return "choice";
    case ParamType::integer_list: return "list of integers";
    case ParamType::optimizer: return "optimizer";
  }
  return "?";
}

// One declared parameter. Built with the constexpr helpers below (real(),
// integer(), flag(), choice(), integer_list(), optimizer()) and chained
// modifiers; a declaration reads like a sentence and never depends on
// argument order.
struct ParamSpec {
  std::string_view name;
  ParamType type = ParamType::real;
  double default_number = 0.0;        // real, integer, boolean (0 or 1)
  std::string_view default_text;      // choice: the word; integer_list: "[30, 80]";
                                      // optimizer: "sgd" or "{name: sgd, params: {momentum: 0.9}}"
  bool nullable = false;              // YAML null allowed ("not set")
  bool default_is_null = false;       // the default is null
  bool infinite_ok = false;           // real: .inf / -.inf allowed (within the range)
  double min = -std::numeric_limits<double>::infinity();
  double max = std::numeric_limits<double>::infinity();
  bool min_exclusive = false;
  bool max_exclusive = false;
  std::string_view choices;           // choice: "cos|linear"
  std::string_view help_text;         // one line
  std::string_view source_text;       // where the default comes from
  bool has_example = false;           // example_number / example_text are set
  double example_number = 0.0;        // real, integer, boolean: a typical value
  std::string_view example_text;      // choice, integer_list, optimizer: a typical value

  // Range modifiers: inclusive and exclusive bounds.
  [[nodiscard]] constexpr ParamSpec at_least(double v) const { auto s = *this; s.min = v; s.min_exclusive = false; return s; }
  [[nodiscard]] constexpr ParamSpec above(double v) const { auto s = *this; s.min = v; s.min_exclusive = true; return s; }
  [[nodiscard]] constexpr ParamSpec at_most(double v) const { auto s = *this; s.max = v; s.max_exclusive = false; return s; }
  [[nodiscard]] constexpr ParamSpec below(double v) const { auto s = *this; s.max = v; s.max_exclusive = true; return s; }
  // May be written as `null` in YAML; `default_null` makes null the default.
  [[nodiscard]] constexpr ParamSpec or_null() const { auto s = *this; s.nullable = true; return s; }
  [[nodiscard]] constexpr ParamSpec default_null() const { auto s = *this; s.nullable = true; s.default_is_null = true; return s; }
  // A real that may be infinite (.inf in YAML, "inf" in golden files), e.g.
  // Prodigy's growth_rate; the range still applies.
  [[nodiscard]] constexpr ParamSpec or_infinite() const { auto s = *this; s.infinite_ok = true; return s; }
  // A typical value, for tools that need one where the default is null (a
  // required parameter): throughput benchmarks, examples in the docs. Never
  // used to fill in a scenario.
  [[nodiscard]] constexpr ParamSpec example(double v) const {
    auto s = *this; s.has_example = true; s.example_number = v; return s;
  }
  [[nodiscard]] constexpr ParamSpec example(std::string_view text) const {
    auto s = *this; s.has_example = true; s.example_text = text; return s;
  }
  [[nodiscard]] constexpr ParamSpec help(std::string_view text) const { auto s = *this; s.help_text = text; return s; }
  [[nodiscard]] constexpr ParamSpec source(std::string_view text) const { auto s = *this; s.source_text = text; return s; }

  [[nodiscard]] constexpr bool has_lower_bound() const noexcept { return min != -std::numeric_limits<double>::infinity(); }
  [[nodiscard]] constexpr bool has_upper_bound() const noexcept { return max != std::numeric_limits<double>::infinity(); }
};

[[nodiscard]] constexpr ParamSpec real(std::string_view name, double default_value) {
  ParamSpec s;
  s.name = name;
  s.type = ParamType::real;
  s.default_number = default_value;
  return s;
}

[[nodiscard]] constexpr ParamSpec integer(std::string_view name, std::int64_t default_value) {
  ParamSpec s;
  s.name = name;
  s.type = ParamType::integer;
  s.default_number = static_cast<double>(default_value);
  return s;
}

[[nodiscard]] constexpr ParamSpec flag(std::string_view name, bool default_value) {
  ParamSpec s;
  s.name = name;
  s.type = ParamType::boolean;
  s.default_number = default_value ? 1.0 : 0.0;
  return s;
}

// `choices` lists the allowed words separated by '|': "cos|linear".
[[nodiscard]] constexpr ParamSpec choice(std::string_view name, std::string_view default_value,
                                         std::string_view choices) {
  ParamSpec s;
  s.name = name;
  s.type = ParamType::choice;
  s.default_text = default_value;
  s.choices = choices;
  return s;
}

// `default_value` is written as in YAML: "[30, 80]" or "[]".
[[nodiscard]] constexpr ParamSpec integer_list(std::string_view name, std::string_view default_value) {
  ParamSpec s;
  s.name = name;
  s.type = ParamType::integer_list;
  s.default_text = default_value;
  return s;
}

// `default_value` names another optimizer plugin, with or without its own
// parameters, in the notation scenarios use: "sgd", or
// "{name: sgd, params: {momentum: 0.9}}"; parameters not given take the inner
// plugin's defaults. The host resolves it against the loaded plugins.
[[nodiscard]] constexpr ParamSpec optimizer(std::string_view name, std::string_view default_value) {
  ParamSpec s;
  s.name = name;
  s.type = ParamType::optimizer;
  s.default_text = default_value;
  return s;
}

class ParamValues;

// The value of an `optimizer` parameter: a plugin by name and its own
// parameters, resolved and validated like the outer plugin's. The host binds
// `factory` before it constructs the outer plugin; ParamValues::optimizer()
// calls it. An instance it makes keeps its plugin library loaded for as long
// as it lives.
struct InnerOptimizer {
  std::string name;
  std::shared_ptr<const ParamValues> params;  // every declared parameter of `name`
  std::function<std::shared_ptr<Optimizer>()> factory;

  // The same plugin with the same parameters (the factory is not compared).
  [[nodiscard]] bool operator==(const InnerOptimizer& other) const;
};

// The value of one parameter after validation: the type its spec declares,
// or monostate for null.
using ParamValue = std::variant<std::monostate, double, std::int64_t, bool, std::string,
                                std::vector<std::int64_t>, InnerOptimizer>;

// A list of whole numbers written as in YAML: "[30, 80]", "[]". Throws
// std::invalid_argument, naming `what`, for anything else.
[[nodiscard]] inline std::vector<std::int64_t> parse_integer_list(std::string_view text, std::string_view what) {
  std::vector<std::int64_t> list;
  std::size_t i = 0;
  auto fail = [&] {
    throw std::invalid_argument(std::string(what) + " is not a list of integers: " + std::string(text));
  };
  while (i < text.size() && text[i] == ' ') ++i;
  if (i == text.size() || text[i] != '[') fail();
  ++i;
  while (i < text.size() && text[i] == ' ') ++i;
  while (i < text.size() && text[i] != ']') {
    bool negative = false;
    if (text[i] == '-') { negative = true; ++i; }
    if (i >= text.size() || text[i] < '0' || text[i] > '9') fail();
    std::int64_t v = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') v = v * 10 + (text[i++] - '0');
    list.push_back(negative ? -v : v);
    while (i < text.size() && text[i] == ' ') ++i;
    if (i < text.size() && text[i] == ',') ++i;
    while (i < text.size() && text[i] == ' ') ++i;
  }
  if (i == text.size()) fail();
  return list;
}

// The default of a declared parameter as a value (integer_list defaults are
// parsed from their YAML-style text, "[30, 80]"). Throws std::invalid_argument
// for a malformed default, which is a bug in the plugin's declaration. An
// `optimizer` default names another plugin and can only be resolved by the
// host against the loaded plugins (plugins::resolve): it throws here.
[[nodiscard]] inline ParamValue default_value(const ParamSpec& spec) {
  if (spec.default_is_null) return std::monostate{};
  switch (spec.type) {
    case ParamType::real: return spec.default_number;
    case ParamType::integer: return static_cast<std::int64_t>(spec.default_number);
    case ParamType::boolean: return spec.default_number != 0.0;
    case ParamType::choice: return std::string(spec.default_text);
    case ParamType::integer_list:
      return parse_integer_list(spec.default_text, "the default of '" + std::string(spec.name) + "'");
    case ParamType::optimizer:
      throw std::invalid_argument("parameter '" + std::string(spec.name) +
                                  "' names an optimizer; its default is resolved by the host");
  }
  return std::monostate{};
}

// Every declared parameter of one plugin, resolved (scenario value or
// default) and validated by the host. Plugins read it once, in their
// constructor, into a const settings struct.
class ParamValues {
 public:
  ParamValues() = default;

  void set(std::string name, ParamValue value) {
    for (auto& entry : entries_) {
      if (entry.first == name) {
        entry.second = std::move(value);
        return;
      }
    }
    entries_.emplace_back(std::move(name), std::move(value));
  }

  [[nodiscard]] bool contains(std::string_view name) const noexcept { return find(name) != nullptr; }
  // The value as the host resolved it; throws for an undeclared name.
  [[nodiscard]] const ParamValue& value(std::string_view name) const { return at(name); }
  [[nodiscard]] bool is_null(std::string_view name) const {
    return std::holds_alternative<std::monostate>(at(name));
  }

  // Typed reads. An integer parameter may be read as real.
  [[nodiscard]] double real(std::string_view name) const {
    const ParamValue& v = at(name);
    if (const auto* d = std::get_if<double>(&v)) return *d;
    if (const auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
    throw std::invalid_argument(std::string("parameter '") + std::string(name) + "' is not a number");
  }
  [[nodiscard]] std::int64_t integer(std::string_view name) const { return get<std::int64_t>(name, "an integer"); }
  [[nodiscard]] bool flag(std::string_view name) const { return get<bool>(name, "a boolean"); }
  [[nodiscard]] const std::string& choice(std::string_view name) const { return get<std::string>(name, "a choice"); }
  [[nodiscard]] const std::vector<std::int64_t>& integer_list(std::string_view name) const {
    return get<std::vector<std::int64_t>>(name, "a list of integers");
  }
  // An integer or real parameter declared or_null(): empty when null.
  [[nodiscard]] std::optional<std::int64_t> optional_integer(std::string_view name) const {
    if (is_null(name)) return std::nullopt;
    return integer(name);
  }
  [[nodiscard]] std::optional<double> optional_real(std::string_view name) const {
    if (is_null(name)) return std::nullopt;
    return real(name);
  }

  // A fresh instance of the optimizer an `optimizer` parameter holds, with
  // its own parameters. Call it once per instance you need (in the
  // constructor); each call makes a new optimizer with its own state.
  [[nodiscard]] std::shared_ptr<Optimizer> optimizer(std::string_view name) const {
    const InnerOptimizer& inner = inner_optimizer(name);
    if (!inner.factory) {
      throw std::logic_error("parameter '" + std::string(name) + "': optimizer '" + inner.name +
                             "' was not bound to the plugin registry by the host");
    }
    std::shared_ptr<Optimizer> made = inner.factory();
    if (!made) throw std::runtime_error("parameter '" + std::string(name) + "': optimizer '" + inner.name + "' made nothing");
    return made;
  }
  // What an `optimizer` parameter holds: its plugin name and parameters.
  [[nodiscard]] const InnerOptimizer& inner_optimizer(std::string_view name) const {
    return get<InnerOptimizer>(name, "an optimizer");
  }

  [[nodiscard]] const std::vector<std::pair<std::string, ParamValue>>& entries() const noexcept { return entries_; }

  // The same names with equal values, in the same order.
  [[nodiscard]] bool operator==(const ParamValues& other) const { return entries_ == other.entries_; }

 private:
  [[nodiscard]] const ParamValue* find(std::string_view name) const noexcept {
    for (const auto& entry : entries_) {
      if (entry.first == name) return &entry.second;
    }
    return nullptr;
  }
  [[nodiscard]] const ParamValue& at(std::string_view name) const {
    if (const ParamValue* v = find(name)) return *v;
    throw std::invalid_argument(std::string("parameter '") + std::string(name) + "' was not declared");
  }
  template <class T>
  [[nodiscard]] const T& get(std::string_view name, const char* what) const {
    if (const auto* v = std::get_if<T>(&at(name))) return *v;
    throw std::invalid_argument(std::string("parameter '") + std::string(name) + "' is not " + what);
  }

  std::vector<std::pair<std::string, ParamValue>> entries_;
};

inline bool InnerOptimizer::operator==(const InnerOptimizer& other) const {
  if (name != other.name) return false;
  if (params == nullptr || other.params == nullptr) return params == other.params;
  return *params == *other.params;
}

}  // namespace lrbench
