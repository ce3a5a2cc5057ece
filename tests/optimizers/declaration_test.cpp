// What every optimizer declares about itself: documented parameters whose
// defaults lie in their own ranges, and a working default construction.
#include <cmath>
#include <map>
#include <string>

#include <gtest/gtest.h>

#include "loaded_plugins.hpp"

namespace lrbench {
namespace {

// Where an optimizer's reference allows epsilon = 0 (its golden file's
// declaration, tools/golden/optimizers/<name>.py) or keeps more state than
// AMSGrad's three buffers, it is listed here with its reason.
struct Exception {
  bool epsilon_may_be_zero = false;
  std::size_t state_buffers = 3;
};
const std::map<std::string, Exception>& exceptions() {
  static const std::map<std::string, Exception> table{
      // Modern optimizers, part a (issue 16).
      {"adabelief", {.epsilon_may_be_zero = true}},  // adabelief_pytorch: eps >= 0
      {"adan", {.epsilon_may_be_zero = true, .state_buffers = 4}},  // sail-sg/Adan: eps >= 0; m, d, n, g_prev
      {"adopt", {.epsilon_may_be_zero = true}},  // iShohei220/adopt: eps >= 0 (a floor on sqrt(v))
      {"lamb", {.epsilon_may_be_zero = true}},   // optax lamb: eps >= 0
      {"lars", {.epsilon_may_be_zero = true}},   // optax lars: eps default 0
      {"prodigy", {.state_buffers = 4}},         // m, v, s and the initial weights w0
  };
  return table;
}
Exception exception_for(const std::string& name) {
  const auto it = exceptions().find(name);
  return it == exceptions().end() ? Exception{} : it->second;
}

bool within(const ParamSpec& s, double v) {
  if (std::isnan(v)) return false;
  if (s.min_exclusive ? !(v > s.min) : !(v >= s.min)) return false;
  if (s.max_exclusive ? !(v < s.max) : !(v <= s.max)) return false;
  return true;
}

class OptimizerDeclaration : public ::testing::TestWithParam<std::string> {
 protected:
  const PluginInfo& info() const { return *testing::registry().find(PluginKind::optimizer, GetParam()); }
};

TEST_P(OptimizerDeclaration, MetadataIsComplete) {
  EXPECT_EQ(info().meta.name, GetParam());
  EXPECT_FALSE(info().meta.version.empty());
  EXPECT_FALSE(info().meta.description.empty());
  EXPECT_FALSE(info().params.empty()) << GetParam() << " declares no parameters";
}

TEST_P(OptimizerDeclaration, EveryParameterHasHelpSourceAndAnInRangeDefault) {
  for (const ParamSpec& s : info().params) {
    SCOPED_TRACE(std::string(GetParam()) + "." + std::string(s.name));
    EXPECT_FALSE(s.help_text.empty());
    EXPECT_FALSE(s.source_text.empty());
    // A null default (a derived value) has no number to check.
    if ((s.type == lrbench::ParamType::real || s.type == lrbench::ParamType::integer) && !s.default_is_null) {
      EXPECT_TRUE(within(s, s.default_number)) << "default " << s.default_number << " outside its range";
    }
    if (s.name == "epsilon" && exception_for(GetParam()).epsilon_may_be_zero) {
      EXPECT_TRUE(s.min == 0.0 && !s.min_exclusive) << "epsilon must be declared >= 0";
    } else if (s.name == "epsilon") {
      EXPECT_TRUE(s.min == 0.0 && s.min_exclusive) << "epsilon must be declared > 0";
    }
    if (s.name == "weight_decay") {
      EXPECT_TRUE(s.min == 0.0 && !s.min_exclusive) << "weight_decay must be >= 0";
    }
    // Named like a rate but not one: SAM's rho is a radius (ASAM's recommended
    // value is 2), Adafactor's beta2_decay an exponent (t^beta2_decay, <= 0).
    const bool not_a_rate =
        (GetParam() == "sam" && s.name == "rho") || (GetParam() == "adafactor" && s.name == "beta2_decay");
    if ((s.name.starts_with("beta") || s.name == "momentum" || s.name == "rho") && !not_a_rate) {
      EXPECT_TRUE(s.min == 0.0 && s.max == 1.0 && s.max_exclusive) << "must be declared in [0, 1)";
    }
  }
}

TEST_P(OptimizerDeclaration, ConstructsFromDefaults) {
  // Through the registry, as the host builds them: nested optimizers (Lookahead's and SAM's inner) need it.
  std::shared_ptr<Optimizer> opt;
  ASSERT_NO_THROW(opt = testing::registry().make_optimizer(GetParam(), testing::defaults(info())));
  ASSERT_NE(opt, nullptr);
  opt->reset(ParamLayout::single(4));
  // No shipped optimizer keeps more than AMSGrad, except those listed above.
  EXPECT_LE(opt->state_buffers(), exception_for(GetParam()).state_buffers);
}

INSTANTIATE_TEST_SUITE_P(Discovered, OptimizerDeclaration, ::testing::ValuesIn(testing::optimizer_names()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace lrbench
