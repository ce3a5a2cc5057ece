// Fake plugins declared in the tests, so the scenario tests need no plugin
// libraries: one of each ParamSpec kind, and a cross-parameter check.
#pragma once

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

#include "lrbench/plugin.hpp"
#include "plugins/catalog.hpp"

namespace fake {

class Sgd final : public lrbench::Optimizer {
 public:
  static constexpr lrbench::PluginMeta meta{.name = "sgd", .version = "1.0.0", .description = "fake sgd"};
  static constexpr lrbench::ParamSpec params[] = {
      lrbench::real("momentum", 0.0).at_least(0.0).below(1.0),
      lrbench::flag("nesterov", false),
  };
  explicit Sgd(const lrbench::ParamValues& v) {
    if (v.flag("nesterov") && v.real("momentum") == 0.0) {
      throw std::invalid_argument("nesterov requires momentum > 0");
    }
  }
  void reset(const lrbench::ParamLayout&) override {}
  void step(std::span<float>, std::span<const float>, const lrbench::StepContext&) override {}
};

class Adam final : public lrbench::Optimizer {
 public:
  static constexpr lrbench::PluginMeta meta{.name = "adam", .version = "1.0.0", .description = "fake adam"};
  static constexpr lrbench::ParamSpec params[] = {
      lrbench::real("beta_1", 0.9).at_least(0.0).below(1.0),
      lrbench::real("epsilon", 1e-7).above(0.0),
  };
  explicit Adam(const lrbench::ParamValues&) {}
  void reset(const lrbench::ParamLayout&) override {}
  void step(std::span<float>, std::span<const float>, const lrbench::StepContext&) override {}
};

// Every ParamType, plus a nullable integer.
class Kitchen final : public lrbench::Optimizer {
 public:
  static constexpr lrbench::PluginMeta meta{.name = "kitchen", .version = "0.1.0", .description = "all kinds"};
  static constexpr lrbench::ParamSpec params[] = {
      lrbench::integer("window", 3).at_least(1).at_most(100),
      lrbench::choice("mode", "cos", "cos|linear"),
      lrbench::integer_list("milestones", "[30, 80]"),
      lrbench::integer("patience", 0).default_null(),
      lrbench::flag("verbose", false),
  };
  explicit Kitchen(const lrbench::ParamValues&) {}
  void reset(const lrbench::ParamLayout&) override {}
  void step(std::span<float>, std::span<const float>, const lrbench::StepContext&) override {}
};

class Constant final : public lrbench::Schedule {
 public:
  static constexpr lrbench::PluginMeta meta{.name = "constant", .version = "1.0.0", .description = "constant"};
  Constant(const lrbench::ParamValues&, double lr) : lr_(lr) {}
  double lr(std::int64_t) override { return lr_; }

 private:
  double lr_;
};

class InverseTime final : public lrbench::Schedule {
 public:
  static constexpr lrbench::PluginMeta meta{.name = "inverse_time", .version = "1.0.0", .description = "1/t"};
  static constexpr lrbench::ParamSpec params[] = {lrbench::real("decay", 0.0).at_least(0.0)};
  InverseTime(const lrbench::ParamValues&, double) {}
  double lr(std::int64_t) override { return 0.0; }
};

class Linear final : public lrbench::Schedule {
 public:
  static constexpr lrbench::PluginMeta meta{.name = "linear", .version = "1.0.0", .description = "linear"};
  static constexpr lrbench::ParamSpec params[] = {lrbench::real("start_factor", 0.25).above(0.0).at_most(1.0)};
  Linear(const lrbench::ParamValues&, double) {}
  double lr(std::int64_t) override { return 0.0; }
};

class Plateau final : public lrbench::Schedule {
 public:
  static constexpr lrbench::PluginMeta meta{.name = "plateau", .version = "1.0.0", .description = "watches a metric"};
  static constexpr lrbench::ParamSpec params[] = {
      lrbench::choice("monitor", "test_loss", "test_loss|validation_loss")};
  Plateau(const lrbench::ParamValues&, double) {}
  double lr(std::int64_t) override { return 0.0; }
};

class Catalog final : public lrbench::plugins::PluginCatalog {
 public:
  Catalog()
      : infos_{&lrbench::detail::optimizer_info<Sgd>(), &lrbench::detail::optimizer_info<Adam>(),
               &lrbench::detail::optimizer_info<Kitchen>(), &lrbench::detail::schedule_info<Constant>(),
               &lrbench::detail::schedule_info<InverseTime>(), &lrbench::detail::schedule_info<Linear>(),
               &lrbench::detail::schedule_info<Plateau>()} {}

  const lrbench::PluginInfo* find(lrbench::PluginKind kind, std::string_view name) const override {
    for (const auto* info : infos_) {
      if (info->kind == kind && info->meta.name == name) return info;
    }
    return nullptr;
  }
  std::vector<std::string> names(lrbench::PluginKind kind) const override {
    std::vector<std::string> out;
    for (const auto* info : infos_) {
      if (info->kind == kind) out.emplace_back(info->meta.name);
    }
    std::sort(out.begin(), out.end());
    return out;
  }

 private:
  std::vector<const lrbench::PluginInfo*> infos_;
};

}  // namespace fake
