// What every optimizer declares about itself: documented parameters whose
// defaults lie in their own ranges, and a working default construction.
#include <cmath>
#include <string>

#include <gtest/gtest.h>

#include "loaded_plugins.hpp"

namespace lrbench {
namespace {

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
    if (s.type == lrbench::ParamType::real || s.type == lrbench::ParamType::integer) {
      EXPECT_TRUE(within(s, s.default_number)) << "default " << s.default_number << " outside its range";
    }
    if (s.name == "epsilon") {
      EXPECT_TRUE(s.min == 0.0 && s.min_exclusive) << "epsilon must be declared > 0";
    }
    if (s.name == "weight_decay") {
      EXPECT_TRUE(s.min == 0.0 && !s.min_exclusive) << "weight_decay must be >= 0";
    }
    if (s.name.starts_with("beta") || s.name == "momentum" || s.name == "rho") {
      EXPECT_TRUE(s.min == 0.0 && s.max == 1.0 && s.max_exclusive) << "must be declared in [0, 1)";
    }
  }
}

TEST_P(OptimizerDeclaration, ConstructsFromDefaults) {
  std::unique_ptr<Optimizer> opt;
  ASSERT_NO_THROW(opt = info().make_optimizer(testing::defaults(info())));
  ASSERT_NE(opt, nullptr);
  opt->reset(ParamLayout::single(4));
  EXPECT_LE(opt->state_buffers(), 3u);  // no shipped optimizer keeps more than AMSGrad
}

INSTANTIATE_TEST_SUITE_P(Discovered, OptimizerDeclaration, ::testing::ValuesIn(testing::optimizer_names()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace lrbench
