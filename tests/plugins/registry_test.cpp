#include "plugins/registry.hpp"

#include <cstdlib>
#include <filesystem>
#include <vector>

#include <gtest/gtest.h>

#include "plugins/declaration.hpp"
#include "plugins/probe.hpp"

namespace lrbench::plugins {
namespace {

namespace fs = std::filesystem;
const fs::path kFixtures = LRBENCH_TEST_PLUGIN_DIR;

bool refused_with(const Registry& r, std::string_view file_part, std::string_view reason_part) {
  for (const auto& refused : r.refused()) {
    if (refused.file.string().find(file_part) != std::string::npos &&
        refused.reason.find(reason_part) != std::string::npos) {
      return true;
    }
  }
  return false;
}

TEST(Registry, LoadsAWellFormedPluginAndCreatesObjects) {
  Registry r;
  r.load_directory(kFixtures / "good");
  ASSERT_NE(r.find(PluginKind::optimizer, "fixture_gd"), nullptr);
  EXPECT_EQ(r.find(PluginKind::schedule, "fixture_gd"), nullptr);
  EXPECT_EQ(r.names(PluginKind::optimizer), (std::vector<std::string>{"fixture_gd", "fixture_picky"}));
  EXPECT_TRUE(r.refused().empty());

  ParamValues values;
  values.set("scale", 2.0);
  auto opt = r.make_optimizer("fixture_gd", values);
  std::vector<float> w{1.0F, 2.0F};
  const std::vector<float> g{0.5F, -1.0F};
  opt->reset(ParamLayout::single(2));
  opt->step(w, g, StepContext{0.1, 1});
  EXPECT_FLOAT_EQ(w[0], 0.9F);
  EXPECT_FLOAT_EQ(w[1], 2.2F);
}

TEST(Registry, ObjectsKeepTheirLibraryLoadedPastTheRegistry) {
  std::shared_ptr<Optimizer> opt;
  {
    Registry r;
    r.load_directory(kFixtures / "good");
    ParamValues values;
    values.set("scale", 1.0);
    opt = r.make_optimizer("fixture_gd", values);
  }
  std::vector<float> w{1.0F};
  const std::vector<float> g{1.0F};
  opt->step(w, g, StepContext{0.5, 1});  // would crash if the library had been unloaded
  EXPECT_FLOAT_EQ(w[0], 0.5F);
}

TEST(Registry, FactoryExceptionsReachTheCaller) {
  Registry r;
  r.load_directory(kFixtures / "good");
  ParamValues values;
  values.set("ok", false);
  EXPECT_THROW({ auto o = r.make_optimizer("fixture_picky", values); }, std::invalid_argument);
  EXPECT_THROW({ auto o = r.make_optimizer("no_such", values); }, std::invalid_argument);
}

TEST(Registry, RefusesALibraryWithoutTheEntryPoint) {
  Registry r;
  r.load_directory(kFixtures / "no-entry");
  EXPECT_TRUE(r.plugins().empty());
  EXPECT_TRUE(refused_with(r, "lrbench_fixture_no_entry", "no `lrbench_plugin` entry point"));
  // The message names the macros that export it.
  EXPECT_TRUE(refused_with(r, "lrbench_fixture_no_entry", "LRBENCH_OPTIMIZER_PLUGIN(Class)"));
  EXPECT_TRUE(refused_with(r, "lrbench_fixture_no_entry", "LRBENCH_SCHEDULE_PLUGIN(Class)"));
}

TEST(Registry, RefusesAnSdk1PluginWithHowToPortIt) {
  Registry r;
  r.load_directory(kFixtures / "sdk1");
  EXPECT_TRUE(r.plugins().empty());
  EXPECT_TRUE(refused_with(r, "lrbench_fixture_sdk1", "was built against lrbench SDK 1 (ABI version 1)"));
  EXPECT_TRUE(refused_with(r, "lrbench_fixture_sdk1", "docs/writing-a-plugin.md"));
  EXPECT_TRUE(refused_with(r, "lrbench_fixture_sdk1", "Porting from SDK 1"));
}

// A library whose `lrbench_plugin` is data kills whoever calls it; probed in
// a child process, it is refused and the libraries after it still load.
TEST(Registry, ProbingInAChildRefusesALibraryThatCrashesAndKeepsLoading) {
  const fs::path crashing = kFixtures / "wrong-entry" / "lrbench_fixture_wrong_entry.so";
  const fs::path first = kFixtures / "good" / "lrbench_fixture_gd.so";
  const fs::path last = kFixtures / "good" / "lrbench_fixture_picky.so";
  const auto crashed = probe_in_child({first, crashing, last});
  ASSERT_EQ(crashed.size(), 1U);
  const std::string& why = crashed.at(crashing);
  EXPECT_EQ(why.rfind("crashed while being loaded: signal ", 0), 0U) << why;
  EXPECT_NE(why.find("probed in a child process"), std::string::npos) << why;

  Registry r;
  r.set_probe_in_child(true);
  r.load_directory(kFixtures / "wrong-entry");
  r.load_directory(kFixtures / "good");
  EXPECT_TRUE(refused_with(r, "lrbench_fixture_wrong_entry", "crashed while being loaded"));
  EXPECT_EQ(r.names(PluginKind::optimizer), (std::vector<std::string>{"fixture_gd", "fixture_picky"}));
  EXPECT_FALSE(r.load_file(crashing)) << "load_file probes too";
}

TEST(Registry, RefusesALibraryBuiltAgainstAnotherAbi) {
  Registry r;
  r.load_directory(kFixtures / "wrong-abi");
  EXPECT_TRUE(r.plugins().empty());
  EXPECT_TRUE(refused_with(r, "lrbench_fixture_wrong_abi", "ABI version 3, this lrbench uses 2"));
}

TEST(Registry, RefusesASecondLibraryClaimingTheSameNameAndKeepsLoading) {
  Registry r;
  r.load_directory(kFixtures / "good");
  r.load_directory(kFixtures / "duplicate");
  r.load_directory(kFixtures / "no-entry");
  ASSERT_EQ(r.names(PluginKind::optimizer).size(), 2U);
  EXPECT_EQ(r.file_of(r.find(PluginKind::optimizer, "fixture_gd"))->parent_path().filename(), "good");
  EXPECT_TRUE(refused_with(r, "lrbench_fixture_gd_copy", "already provided by"));
  EXPECT_EQ(r.refused().size(), 2U);
}

TEST(Registry, RefusesABrokenDeclaration) {
  Registry r;
  r.load_directory(kFixtures / "bad-declaration");
  EXPECT_TRUE(r.plugins().empty());
  EXPECT_TRUE(refused_with(r, "bad_declaration", "defaults to 1.5, outside its range [0, 1)"));
}

TEST(Registry, LoadingTheSameFileTwiceIsHarmless) {
  Registry r;
  r.load_directory(kFixtures / "good");
  r.load_directory(kFixtures / "good");
  EXPECT_EQ(r.plugins().size(), 2U);
  EXPECT_TRUE(r.refused().empty());
}

TEST(Registry, SearchPathPutsExtraFoldersFirstThenTheEnvironment) {
  ::setenv("LRBENCH_PLUGIN_PATH", "/a:/b::/c", 1);
  const auto dirs = plugin_search_path({"/x"});
  ::unsetenv("LRBENCH_PLUGIN_PATH");
  ASSERT_GE(dirs.size(), 4U);
  EXPECT_EQ(dirs[0], "/x");
  EXPECT_EQ(dirs[1], "/a");
  EXPECT_EQ(dirs[2], "/b");
  EXPECT_EQ(dirs[3], "/c");
  EXPECT_EQ(dirs.back().filename(), "plugins");
}

TEST(Declaration, NamesAndRanges) {
  EXPECT_TRUE(is_valid_name("adam_w2"));
  EXPECT_FALSE(is_valid_name("Adam"));
  EXPECT_FALSE(is_valid_name("2adam"));
  EXPECT_FALSE(is_valid_name(""));
  EXPECT_FALSE(is_valid_name("a-b"));
  constexpr ParamSpec momentum = real("momentum", 0.0).at_least(0.0).below(1.0).help("m");
  EXPECT_TRUE(in_range(momentum, 0.0));
  EXPECT_TRUE(in_range(momentum, 0.99));
  EXPECT_FALSE(in_range(momentum, 1.0));
  EXPECT_FALSE(in_range(momentum, -0.1));
  EXPECT_EQ(describe_range(momentum), "[0, 1)");
  EXPECT_EQ(describe_range(real("eps", 1e-7).above(0.0).help("e")), "> 0");
  EXPECT_EQ(describe_default(integer_list("milestones", "[30, 80]").help("m")), "[30, 80]");
  EXPECT_EQ(std::get<std::vector<std::int64_t>>(default_value(integer_list("m", "[30, 80]"))),
            (std::vector<std::int64_t>{30, 80}));
}

}  // namespace
}  // namespace lrbench::plugins
