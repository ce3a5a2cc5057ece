// lrbench SDK: what a plugin library exports.
//
// Each plugin library exports exactly one Boost.DLL alias, `lrbench_plugin`: a
// function returning its PluginInfo (SDK ABI version, kind, name, version,
// description, declared parameters, factory). Write a plugin class and one
// line:
//
//   class Sgd final : public lrbench::Optimizer {
//    public:
//     static constexpr lrbench::PluginMeta meta{
//         .name = "sgd", .version = "1.0.0", .description = "SGD with momentum"};
//     static constexpr lrbench::ParamSpec params[] = { ... };
//     explicit Sgd(const lrbench::ParamValues& values);
//     void reset(std::size_t n) override;
//     void step(std::span<float>, std::span<const float>, double, std::int64_t) override;
//   };
//   LRBENCH_OPTIMIZER_PLUGIN(Sgd)
//
// Schedules do the same with LRBENCH_SCHEDULE_PLUGIN and a constructor
// `(const lrbench::ParamValues&, double base_lr)`.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>

#include <boost/dll/alias.hpp>

#include "lrbench/optimizer.hpp"
#include "lrbench/params.hpp"
#include "lrbench/schedule.hpp"

namespace lrbench {

// Bumped whenever a type that crosses the plugin boundary changes layout or
// meaning. The host refuses a library whose PluginInfo::abi_version differs.
inline constexpr std::uint32_t kAbiVersion = 1;

// The symbol every plugin library exports (a Boost.DLL alias).
inline constexpr const char* kEntryPoint = "lrbench_plugin";

enum class PluginKind : std::uint32_t { optimizer = 1, schedule = 2 };

[[nodiscard]] constexpr std::string_view to_string(PluginKind kind) noexcept {
  return kind == PluginKind::optimizer ? "optimizer" : "schedule";
}

// A plugin's identity. `name` matches [a-z][a-z0-9_]* and is what scenarios
// write; `version` is the plugin's own (semantic) version.
struct PluginMeta {
  std::string_view name;
  std::string_view version;
  std::string_view description;
};

using OptimizerFactory = std::unique_ptr<Optimizer> (*)(const ParamValues& values);
using ScheduleFactory = std::unique_ptr<Schedule> (*)(const ParamValues& values, double base_lr);

struct PluginInfo {
  std::uint32_t abi_version;  // must stay the first member, in every ABI version
  PluginKind kind;
  PluginMeta meta;
  std::span<const ParamSpec> params;
  OptimizerFactory make_optimizer;  // set when kind == optimizer
  ScheduleFactory make_schedule;    // set when kind == schedule
};

namespace detail {

template <class T>
std::unique_ptr<Optimizer> make_optimizer(const ParamValues& values) {
  return std::make_unique<T>(values);
}

template <class T>
std::unique_ptr<Schedule> make_schedule(const ParamValues& values, double base_lr) {
  return std::make_unique<T>(values, base_lr);
}

template <class T>
std::span<const ParamSpec> params_of() {
  if constexpr (requires { T::params; }) {
    return std::span<const ParamSpec>(T::params);
  } else {
    return {};
  }
}

template <class T>
const PluginInfo& optimizer_info() {
  static const PluginInfo info{kAbiVersion, PluginKind::optimizer, T::meta, params_of<T>(),
                               &make_optimizer<T>, nullptr};
  return info;
}

template <class T>
const PluginInfo& schedule_info() {
  static const PluginInfo info{kAbiVersion, PluginKind::schedule, T::meta, params_of<T>(),
                               nullptr, &make_schedule<T>};
  return info;
}

}  // namespace detail
}  // namespace lrbench

// The entry point's signature, as the host imports it.
using lrbench_plugin_entry = const lrbench::PluginInfo&();

// Exports `Class` (an lrbench::Optimizer with `meta`, `params` and a
// constructor from ParamValues) as this library's plugin.
#define LRBENCH_OPTIMIZER_PLUGIN(Class)                                                   \
  namespace {                                                                             \
  const ::lrbench::PluginInfo& lrbench_plugin_entry_impl() {                              \
    return ::lrbench::detail::optimizer_info<Class>();                                    \
  }                                                                                       \
  }                                                                                       \
  BOOST_DLL_ALIAS(lrbench_plugin_entry_impl, lrbench_plugin)

// Exports `Class` (an lrbench::Schedule with `meta`, `params` and a
// constructor from (ParamValues, base_lr)) as this library's plugin.
#define LRBENCH_SCHEDULE_PLUGIN(Class)                                                    \
  namespace {                                                                             \
  const ::lrbench::PluginInfo& lrbench_plugin_entry_impl() {                              \
    return ::lrbench::detail::schedule_info<Class>();                                     \
  }                                                                                       \
  }                                                                                       \
  BOOST_DLL_ALIAS(lrbench_plugin_entry_impl, lrbench_plugin)
