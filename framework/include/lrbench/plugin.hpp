// lrbench SDK 2: what a plugin library exports.
//
// Each plugin library exports exactly one Boost.DLL alias, `lrbench_plugin`: a
// function returning its PluginInfo (SDK ABI version, kind, name, version,
// description, declared parameters, factory, and how the library was built).
// Write a plugin class and one line:
//
//   class Sgd final : public lrbench::Optimizer {
//    public:
//     static constexpr lrbench::PluginMeta meta{
//         .name = "sgd", .version = "1.0.0", .description = "SGD with momentum"};
//     static constexpr lrbench::ParamSpec params[] = { ... };
//     explicit Sgd(const lrbench::ParamValues& values);
//     void reset(const lrbench::ParamLayout& layout) override;
//     void step(std::span<float> weights, std::span<const float> grads,
//               const lrbench::StepContext& context) override;
//   };
//   LRBENCH_OPTIMIZER_PLUGIN(Sgd)
//
// Schedules do the same with LRBENCH_SCHEDULE_PLUGIN and a constructor
// `(const lrbench::ParamValues&, double base_lr)`.
//
// An optimizer that finds its own step size (Prodigy, D-Adaptation) says so in
// its meta, and may give a learning rate to use when the scenario names none:
//
//   static constexpr lrbench::PluginMeta meta{
//       .name = "prodigy", .version = "1.0.0", .description = "...",
//       .default_lr = 1.0, .adapts_step_size = true};
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string_view>

#include <boost/dll/alias.hpp>

#include "lrbench/optimizer.hpp"
#include "lrbench/params.hpp"
#include "lrbench/schedule.hpp"

namespace lrbench {

// Bumped whenever a type that crosses the plugin boundary changes layout or
// meaning. The host refuses a library whose PluginInfo::abi_version differs.
// 2: SDK 2 (ParamLayout, StepContext, evaluation weights, `optimizer`
//    parameters, default lr, build info, validation metrics).
inline constexpr std::uint32_t kAbiVersion = 2;

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
  // Optimizers only. The learning rate used when a scenario gives no
  // `optimizer.lr` (without one, `lr` is required).
  std::optional<double> default_lr = std::nullopt;
  // Optimizers only. The plugin sets its own step size (Prodigy's d,
  // D-Adaptation): the lr the schedule answers multiplies it, and reports say
  // so. Leave false when lr is the step size itself.
  bool adapts_step_size = false;
};

// How the library was compiled, recorded by the entry-point macros in the
// plugin's own translation unit. The host warns about an unoptimised plugin
// (its throughput figures would mislead) and reports list each plugin's build.
struct BuildInfo {
  bool optimized = false;         // compiled with optimisation (__OPTIMIZE__: -O1 or more)
  std::string_view compiler;      // "GCC 12.2.0", "Clang 16.0.6"
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
  BuildInfo build;
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
const PluginInfo& optimizer_info(BuildInfo build = {}) {
  static const PluginInfo info{kAbiVersion, PluginKind::optimizer, T::meta, params_of<T>(),
                               &make_optimizer<T>, nullptr, build};
  return info;
}

template <class T>
const PluginInfo& schedule_info(BuildInfo build = {}) {
  static const PluginInfo info{kAbiVersion, PluginKind::schedule, T::meta, params_of<T>(),
                               nullptr, &make_schedule<T>, build};
  return info;
}

}  // namespace detail
}  // namespace lrbench

// The entry point's signature, as the host imports it.
using lrbench_plugin_entry = const lrbench::PluginInfo&();

// The build of the translation unit that expands it: these macros are
// evaluated where LRBENCH_OPTIMIZER_PLUGIN / LRBENCH_SCHEDULE_PLUGIN is
// written, i.e. with the plugin's own compiler flags.
#define LRBENCH_DETAIL_STR2(x) #x
#define LRBENCH_DETAIL_STR(x) LRBENCH_DETAIL_STR2(x)
#if defined(__clang__)
#define LRBENCH_DETAIL_COMPILER \
  "Clang " LRBENCH_DETAIL_STR(__clang_major__) "." LRBENCH_DETAIL_STR(__clang_minor__) "." LRBENCH_DETAIL_STR(__clang_patchlevel__)
#elif defined(__GNUC__)
#define LRBENCH_DETAIL_COMPILER \
  "GCC " LRBENCH_DETAIL_STR(__GNUC__) "." LRBENCH_DETAIL_STR(__GNUC_MINOR__) "." LRBENCH_DETAIL_STR(__GNUC_PATCHLEVEL__)
#else
#define LRBENCH_DETAIL_COMPILER "unknown"
#endif
#if defined(__OPTIMIZE__)
#define LRBENCH_DETAIL_BUILD_INFO (::lrbench::BuildInfo{true, LRBENCH_DETAIL_COMPILER})
#else
#define LRBENCH_DETAIL_BUILD_INFO (::lrbench::BuildInfo{false, LRBENCH_DETAIL_COMPILER})
#endif

// Exports `Class` (an lrbench::Optimizer with `meta`, `params` and a
// constructor from ParamValues) as this library's plugin.
#define LRBENCH_OPTIMIZER_PLUGIN(Class)                                                   \
  namespace {                                                                             \
  const ::lrbench::PluginInfo& lrbench_plugin_entry_impl() {                              \
    return ::lrbench::detail::optimizer_info<Class>(LRBENCH_DETAIL_BUILD_INFO);           \
  }                                                                                       \
  }                                                                                       \
  BOOST_DLL_ALIAS(lrbench_plugin_entry_impl, lrbench_plugin)

// Exports `Class` (an lrbench::Schedule with `meta`, `params` and a
// constructor from (ParamValues, base_lr)) as this library's plugin.
#define LRBENCH_SCHEDULE_PLUGIN(Class)                                                    \
  namespace {                                                                             \
  const ::lrbench::PluginInfo& lrbench_plugin_entry_impl() {                              \
    return ::lrbench::detail::schedule_info<Class>(LRBENCH_DETAIL_BUILD_INFO);            \
  }                                                                                       \
  }                                                                                       \
  BOOST_DLL_ALIAS(lrbench_plugin_entry_impl, lrbench_plugin)
