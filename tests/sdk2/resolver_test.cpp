// The one parameter resolver (plugins/resolve.hpp) and nested optimizers
// (plugins/construct.hpp), on plugins compiled into the test: positions at
// every depth, hints, defaults written in flow notation, examples, cycles,
// and inner instances that are fresh and independent.
#include <cmath>
#include <limits>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "lrbench/lrbench.hpp"
#include "plugins/construct.hpp"
#include "plugins/declaration.hpp"
#include "plugins/resolve.hpp"

namespace {

using lrbench::ParamValues;
using lrbench::plugins::ParamDiagnostic;
using lrbench::plugins::ValueTree;

// w -= lr * g; counts its instances' steps so tests can tell them apart.
class Gd final : public lrbench::Optimizer {
 public:
  static constexpr lrbench::PluginMeta meta{.name = "gd", .version = "1", .description = "gd"};
  static constexpr lrbench::ParamSpec params[] = {
      lrbench::real("momentum", 0.0).at_least(0.0).below(1.0).help("unused"),
      lrbench::real("epsilon", 1e-8).above(0.0).help("unused"),
      lrbench::real("beta1", 0.9).at_least(0.0).below(1.0).help("unused"),
      lrbench::real("beta2", 0.999).at_least(0.0).below(1.0).help("unused"),
  };
  explicit Gd(const ParamValues& v) {
    if (v.real("momentum") == 0.5) throw std::invalid_argument("gd: momentum 0.5 is refused (a cross-check)");
  }
  void reset(const lrbench::ParamLayout&) override { steps_ = 0; }
  void step(std::span<float> w, std::span<const float> g, const lrbench::StepContext& c) override {
    ++steps_;
    for (std::size_t i = 0; i < w.size(); ++i) w[i] -= static_cast<float>(c.lr) * g[i];
  }
  int steps_ = 0;
};

// Holds an inner optimizer; its default has parameters of its own.
class Wrap final : public lrbench::Optimizer {
 public:
  static constexpr lrbench::PluginMeta meta{.name = "wrap", .version = "1", .description = "wrap",
                                            .default_lr = 0.5, .adapts_step_size = true};
  static constexpr lrbench::ParamSpec params[] = {
      lrbench::optimizer("inner", "{name: gd, params: {momentum: 0.25}}").help("the inner one"),
      lrbench::real("clip", std::numeric_limits<double>::infinity()).above(0.0).or_infinite().help("a bound"),
      lrbench::integer("t_max", 0).at_least(1).default_null().example(100).help("required"),
  };
  explicit Wrap(const ParamValues& v) : inner_(v.optimizer("inner")) {}
  void reset(const lrbench::ParamLayout& l) override { inner_->reset(l); }
  void step(std::span<float> w, std::span<const float> g, const lrbench::StepContext& c) override {
    inner_->step(w, g, c);
  }
  std::shared_ptr<lrbench::Optimizer> inner_;
};

// Its default inner optimizer is itself: a cycle the resolver must stop.
class Loop final : public lrbench::Optimizer {
 public:
  static constexpr lrbench::PluginMeta meta{.name = "loop", .version = "1", .description = "loop"};
  static constexpr lrbench::ParamSpec params[] = {lrbench::optimizer("inner", "loop").help("itself")};
  explicit Loop(const ParamValues&) {}
  void reset(const lrbench::ParamLayout&) override {}
  void step(std::span<float>, std::span<const float>, const lrbench::StepContext&) override {}
};

class Catalog final : public lrbench::plugins::PluginCatalog {
 public:
  const lrbench::PluginInfo* find(lrbench::PluginKind kind, std::string_view name) const override {
    for (const auto* info : infos_) {
      if (info->kind == kind && info->meta.name == name) return info;
    }
    return nullptr;
  }
  std::vector<std::string> names(lrbench::PluginKind) const override { return {"gd", "loop", "wrap"}; }

 private:
  std::vector<const lrbench::PluginInfo*> infos_{&lrbench::detail::optimizer_info<Gd>(),
                                                 &lrbench::detail::optimizer_info<Wrap>(),
                                                 &lrbench::detail::optimizer_info<Loop>()};
};

const Catalog kCatalog;

const lrbench::PluginInfo& info(const char* name) { return *kCatalog.find(lrbench::PluginKind::optimizer, name); }

// A flow text as a tree (no positions: tests set the ones they follow).
ValueTree tree(const std::string& text) {
  std::string error;
  auto t = lrbench::plugins::parse_flow(text, error);
  EXPECT_TRUE(t) << error;
  return t ? *t : ValueTree{};
}

std::vector<ParamDiagnostic> problems(const char* plugin, const std::string& text) {
  std::vector<ParamDiagnostic> out;
  const ValueTree given = tree(text);
  EXPECT_FALSE(lrbench::plugins::resolve_params(info(plugin), &given, "optimizer.params", kCatalog, out));
  return out;
}

bool has(const std::vector<ParamDiagnostic>& d, const std::string& path, const std::string& text) {
  for (const auto& p : d) {
    if (p.path == path && p.message.find(text) != std::string::npos) return true;
  }
  std::string all;
  for (const auto& p : d) all += "\n  " + lrbench::plugins::format(p);
  ADD_FAILURE() << "no diagnostic at " << path << " with '" << text << "' among:" << all;
  return false;
}

TEST(Resolver, DefaultsOfNestedOptimizersAreResolvedWithTheirOwnParameters) {
  std::vector<ParamDiagnostic> out;
  const auto values = lrbench::plugins::resolve_params(info("wrap"), nullptr, "params", kCatalog, out);
  ASSERT_TRUE(values) << (out.empty() ? "" : out[0].message);
  const lrbench::InnerOptimizer& inner = values->inner_optimizer("inner");
  EXPECT_EQ(inner.name, "gd");
  EXPECT_EQ(inner.params->real("momentum"), 0.25);  // from the default's own params
  EXPECT_EQ(inner.params->real("beta2"), 0.999);    // gd's declared default
  EXPECT_TRUE(std::isinf(values->real("clip")));
  EXPECT_TRUE(values->is_null("t_max"));
}

TEST(Resolver, APluginNameAloneIsAnOptimizerAtItsDefaults) {
  std::vector<ParamDiagnostic> out;
  const ValueTree given = tree("{inner: gd, clip: .inf}");
  const auto values = lrbench::plugins::resolve_params(info("wrap"), &given, "params", kCatalog, out);
  ASSERT_TRUE(values);
  EXPECT_EQ(values->inner_optimizer("inner").params->real("momentum"), 0.0);
}

TEST(Resolver, NestedProblemsAreReportedAtTheirPathAndPosition) {
  ValueTree given = tree("{inner: {name: gd, params: {momentum: 1.5, epsilonn: 1}}}");
  // Positions come with the tree (from YAML in the loader): give one to the
  // nested value and see it come back.
  given.entries[0].value.entries[1].value.entries[0].value.at = {nullptr, 7, 31};
  std::vector<ParamDiagnostic> out;
  EXPECT_FALSE(lrbench::plugins::resolve_params(info("wrap"), &given, "optimizer.params", kCatalog, out));
  ASSERT_TRUE(has(out, "optimizer.params.inner.params.momentum", "expected a number in [0, 1), found 1.5"));
  for (const auto& d : out) {
    if (d.path == "optimizer.params.inner.params.momentum") EXPECT_EQ(d.at.line, 7);
  }
  has(out, "optimizer.params.inner.params.epsilonn", "unknown parameter 'epsilonn' of optimizer 'gd'; did you mean 'epsilon'?");
}

TEST(Resolver, NestedOptimizerErrors) {
  has(problems("wrap", "{inner: {name: gdd}}"), "optimizer.params.inner.name",
      "no optimizer plugin named 'gdd' is loaded; did you mean 'gd'?");
  has(problems("wrap", "{inner: {params: {}}}"), "optimizer.params.inner", "missing required key 'name'");
  has(problems("wrap", "{inner: {name: gd, param: {}}}"), "optimizer.params.inner.param",
      "unknown key 'param'; did you mean 'params'?");
  has(problems("wrap", "{inner: [gd]}"), "optimizer.params.inner", "expected an optimizer");
  // The inner plugin's own cross-check, reported at the inner params.
  has(problems("wrap", "{inner: {name: gd, params: {momentum: 0.5}}}"), "optimizer.params.inner.params",
      "optimizer 'gd' rejects these parameters: gd: momentum 0.5 is refused");
}

TEST(Resolver, HintsForOtherLibrariesSpellings) {
  const auto d = problems("gd", "{lr: 0.1, betas: [0.8, 0.99], eps: 1e-6}");
  has(d, "optimizer.params.lr", "the learning rate is not a plugin parameter: write it as 'lr' of the optimizer");
  has(d, "optimizer.params.betas", "write {beta1: 0.8, beta2: 0.99}");
  has(d, "optimizer.params.eps", "lrbench calls it 'epsilon'");
  has(problems("gd", "{learning_rate: 0.1}"), "optimizer.params.learning_rate", "optimizer.lr");
}

TEST(Resolver, InfinityOnlyWhereDeclared) {
  has(problems("gd", "{epsilon: .inf}"), "optimizer.params.epsilon", "expected a finite number > 0, found .inf");
  has(problems("wrap", "{clip: -.inf}"), "optimizer.params.clip", "expected a number > 0, found -.inf");
  has(problems("gd", "{epsilon: .nan}"), "optimizer.params.epsilon", "expected a finite number");
}

TEST(Resolver, ACycleOfDefaultsStops) {
  std::vector<ParamDiagnostic> out;
  EXPECT_FALSE(lrbench::plugins::resolve_params(info("loop"), nullptr, "params", kCatalog, out));
  ASSERT_FALSE(out.empty());
  EXPECT_NE(out.back().message.find("nested more than 8 deep"), std::string::npos) << out.back().message;
}

TEST(Resolver, ExamplesFillRequiredParametersForTools) {
  EXPECT_TRUE(lrbench::plugins::default_params(info("wrap"), kCatalog).is_null("t_max"));
  EXPECT_EQ(lrbench::plugins::default_params(info("wrap"), kCatalog, true).integer("t_max"), 100);
}

TEST(NestedOptimizers, EachCallMakesAFreshInstance) {
  const ParamValues values = lrbench::plugins::default_params(info("wrap"), kCatalog);
  const ParamValues bound = lrbench::plugins::bind(values, kCatalog);
  auto a = bound.optimizer("inner");
  auto b = bound.optimizer("inner");
  ASSERT_NE(a, b);
  std::vector<float> w{1.0F};
  const std::vector<float> g{1.0F};
  a->reset(lrbench::ParamLayout::single(1));
  b->reset(lrbench::ParamLayout::single(1));
  a->step(w, g, lrbench::StepContext{0.5, 1});
  EXPECT_EQ(dynamic_cast<Gd&>(*a).steps_, 1);
  EXPECT_EQ(dynamic_cast<Gd&>(*b).steps_, 0);
  EXPECT_FLOAT_EQ(w[0], 0.5F);
  // Unbound values say what is missing instead of crashing.
  EXPECT_THROW(static_cast<void>(values.optimizer("inner")), std::logic_error);
}

TEST(NestedOptimizers, MadeThroughTheCatalog) {
  const ParamValues values = lrbench::plugins::default_params(info("wrap"), kCatalog);
  auto wrap = lrbench::plugins::make_optimizer(kCatalog, "wrap", values);
  std::vector<float> w{1.0F, 2.0F};
  const std::vector<float> g{1.0F, -1.0F};
  wrap->reset(lrbench::ParamLayout::single(2));
  wrap->step(w, g, lrbench::StepContext{0.25, 1});
  EXPECT_FLOAT_EQ(w[0], 0.75F);
  EXPECT_FLOAT_EQ(w[1], 2.25F);
}

TEST(Declarations, SdkTwoDeclarationsAreChecked) {
  EXPECT_EQ(lrbench::plugins::check_declaration(info("wrap")), "");
  lrbench::PluginInfo bad = info("wrap");
  const lrbench::ParamSpec no_name[] = {lrbench::optimizer("inner", "{params: {}}").help("x")};
  bad.params = no_name;
  EXPECT_NE(lrbench::plugins::check_declaration(bad).find("optimizer without a name"), std::string::npos);
  const lrbench::ParamSpec infinite[] = {lrbench::real("x", std::numeric_limits<double>::infinity()).help("x")};
  bad.params = infinite;
  EXPECT_NE(lrbench::plugins::check_declaration(bad).find("not declared or_infinite()"), std::string::npos);
  const lrbench::ParamSpec example[] = {lrbench::integer("x", 0).at_least(1).default_null().example(0).help("x")};
  bad.params = example;
  EXPECT_NE(lrbench::plugins::check_declaration(bad).find("the example 0, outside its range >= 1"), std::string::npos);
  bad.params = {};
  bad.meta.default_lr = -1.0;
  EXPECT_NE(lrbench::plugins::check_declaration(bad).find("default_lr -1"), std::string::npos);
  bad.meta.default_lr = std::nullopt;
  bad.kind = lrbench::PluginKind::schedule;
  bad.make_schedule = [](const ParamValues&, double) -> std::unique_ptr<lrbench::Schedule> { return nullptr; };
  bad.meta.adapts_step_size = true;
  EXPECT_NE(lrbench::plugins::check_declaration(bad).find("only optimizers may"), std::string::npos);
}

TEST(Layout, TensorsAreContiguousAndNamedOnce) {
  lrbench::ParamLayout layout;
  layout.add_matrix("layer1.weight", 4, 3, lrbench::TensorRole::weight)
      .add_vector("layer1.bias", 4, lrbench::TensorRole::bias);
  ASSERT_EQ(layout.tensors().size(), 2u);
  EXPECT_EQ(layout.size(), 16u);
  EXPECT_EQ(layout.tensors()[1].offset, 12u);
  EXPECT_TRUE(layout.tensors()[0].is_matrix());
  EXPECT_FALSE(layout.tensors()[1].is_matrix());
  std::vector<float> buffer(16);
  EXPECT_EQ(layout.tensors()[1].in(std::span<float>(buffer)).data(), buffer.data() + 12);
  EXPECT_THROW(layout.add_vector("layer1.bias", 1, lrbench::TensorRole::bias), std::invalid_argument);
}

}  // namespace
