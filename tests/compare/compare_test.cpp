// compare: the speed and convergence verdicts on the fixtures in
// tests/data/compare, and the exit statuses of `lrbench compare`. (The
// Mann–Whitney U test itself is tested in tests/stats.)
#include <sys/wait.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "cli_runner.hpp"

#include "compare/compare.hpp"

namespace {

namespace fs = std::filesystem;
using namespace lrbench::compare;

const fs::path kData = fs::path(LRBENCH_TEST_DATA_DIR) / "compare";

// ---- speed --------------------------------------------------------------------

const SpeedRow& row(const SpeedComparison& c, const std::string& name) {
  for (const auto& r : c.rows) {
    if (r.name == name) return r;
  }
  throw std::runtime_error("no row " + name);
}

TEST(Speed, FixturesGiveEachVerdict) {
  const SpeedInput base = load_speed(kData / "speed-baseline.json");
  const SpeedInput cur = load_speed(kData / "speed-current.json");
  EXPECT_EQ(base.aggregate_rows, 3);  // noticed, not used
  EXPECT_EQ(base.benchmarks.at("clear/regression").real_time_ns.size(), 9U);
  const SpeedComparison c = compare_speed(base, cur);
  EXPECT_EQ(c.min_repetitions, 5);

  const SpeedRow& regression = row(c, "clear/regression");
  EXPECT_EQ(regression.verdict, Verdict::regression);
  EXPECT_NEAR(regression.change, 0.30, 1e-12);
  EXPECT_LT(regression.p, 0.01);

  EXPECT_EQ(row(c, "noise/within").verdict, Verdict::unchanged);
  // Median +13.6%, but the repetitions overlap widely: not significant.
  const SpeedRow& noisy = row(c, "noisy/large");
  EXPECT_EQ(noisy.verdict, Verdict::unchanged);
  EXPECT_GT(noisy.change, 0.10);
  EXPECT_GT(noisy.p, 0.01);
  // Consistent but small (+5% < 10%): significant, yet not a regression.
  const SpeedRow& shift = row(c, "small/shift");
  EXPECT_EQ(shift.verdict, Verdict::unchanged);
  EXPECT_LT(shift.p, 0.01);

  const SpeedRow& improvement = row(c, "clear/improvement");  // current in µs
  EXPECT_EQ(improvement.verdict, Verdict::improvement);
  EXPECT_NEAR(improvement.change, -0.25, 1e-9);

  const SpeedRow& few = row(c, "too/few");  // tripled, but 3 + 3 repetitions cannot reach α = 0.01
  EXPECT_EQ(few.verdict, Verdict::not_enough_repetitions);
  EXPECT_TRUE(std::isnan(few.p));

  EXPECT_EQ(row(c, "only/baseline").verdict, Verdict::baseline_only);
  EXPECT_EQ(row(c, "only/current").verdict, Verdict::current_only);
  EXPECT_TRUE(has_regression(c));
  EXPECT_EQ(c.common, 6);

  const std::string md = render_markdown(c, "base", "cur");
  EXPECT_NE(md.find("| `clear/regression` | REGRESSION |"), std::string::npos) << md;
  EXPECT_NE(md.find("not enough repetitions"), std::string::npos) << md;
  EXPECT_NE(md.find("only/current"), std::string::npos) << md;
  // Regressions are listed first.
  EXPECT_LT(md.find("clear/regression"), md.find("noise/within"));
}

TEST(Speed, ThresholdAndAlphaAreOptions) {
  const SpeedInput base = load_speed(kData / "speed-baseline.json");
  const SpeedInput cur = load_speed(kData / "speed-current.json");
  // A 40% allowance tolerates the 30% slowdown.
  EXPECT_EQ(row(compare_speed(base, cur, {0.40, 0.01}), "clear/regression").verdict, Verdict::unchanged);
  // A 3% allowance makes the consistent 5% shift a regression.
  EXPECT_EQ(row(compare_speed(base, cur, {0.03, 0.01}), "small/shift").verdict, Verdict::regression);
  // α = 0.1 lets 3 + 3 repetitions decide (2/20 = 0.1 ≤ α).
  EXPECT_EQ(row(compare_speed(base, cur, {0.10, 0.1}), "too/few").verdict, Verdict::regression);
}

TEST(Speed, SameNumbersAreNoRegression) {
  const SpeedComparison c =
      compare_speed(load_speed(kData / "speed-baseline.json"), load_speed(kData / "speed-same.json"));
  EXPECT_FALSE(has_regression(c));
  EXPECT_EQ(row(c, "clear/regression").verdict, Verdict::unchanged);
}

TEST(Speed, UnusableInputNamesTheFileAndReason) {
  auto message = [](const fs::path& file) {
    try {
      (void)load_speed(file);
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(message(kData / "missing.json").find("no such file"), std::string::npos);
  EXPECT_NE(message(kData / "not-json.json").find("not valid JSON"), std::string::npos);
  EXPECT_NE(message(kData / "malformed-no-time.json").find("no numeric real_time"), std::string::npos);
  EXPECT_NE(message(kData / "malformed-no-benchmarks.json").find("no \"benchmarks\" array"), std::string::npos);
  EXPECT_THROW((void)compare_speed(load_speed(kData / "speed-baseline.json"),
                                   load_speed(kData / "speed-unrelated.json")),
               InputError);
}

// ---- convergence ----------------------------------------------------------------

const ConvergenceRow& row(const ConvergenceComparison& c, const std::string& key) {
  for (const auto& r : c.rows) {
    if (r.key == key) return r;
  }
  throw std::runtime_error("no row " + key);
}

TEST(Convergence, FixturesGiveEachVerdict) {
  const ConvergenceInput base = load_convergence(kData / "conv-baseline");
  const ConvergenceInput cur = load_convergence(kData / "conv-current");
  const ConvergenceComparison c = compare_convergence(base, cur);
  EXPECT_EQ(row(c, "01-lr / lr=0.1").verdict, Verdict::regression);  // final 0.95 → 0.93
  EXPECT_EQ(row(c, "01-lr / lr=0.01").verdict, Verdict::unchanged);
  EXPECT_EQ(row(c, "01-lr / lr=0.001").verdict, Verdict::config_changed);
  EXPECT_EQ(row(c, "01-lr / lr=1e-4").verdict, Verdict::baseline_only);
  EXPECT_EQ(row(c, "02-momentum / momentum=0.9").verdict, Verdict::improvement);
  EXPECT_EQ(row(c, "02-momentum / momentum=0.99").verdict, Verdict::current_only);
  // Reaching the target → never reaching it, with equal accuracy.
  const ConvergenceRow& target = row(c, "03-target / opt=adam");
  EXPECT_EQ(target.verdict, Verdict::regression);
  ASSERT_EQ(target.reasons.size(), 1U);
  EXPECT_NE(target.reasons[0].find("40 → never"), std::string::npos) << target.reasons[0];
  EXPECT_TRUE(has_regression(c));
  const std::string md = render_markdown(c, "a", "b");
  EXPECT_NE(md.find("| 01-lr / lr=0.1 | REGRESSION | 0.9500 → 0.9300 |"), std::string::npos) << md;
  EXPECT_NE(md.find("config changed"), std::string::npos);
}

TEST(Convergence, ToleranceAllowsSmallDrops) {
  const ConvergenceInput base = load_convergence(kData / "conv-baseline");
  const ConvergenceInput cur = load_convergence(kData / "conv-current");
  const ConvergenceComparison c = compare_convergence(base, cur, {0.05, 0.0});
  EXPECT_EQ(row(c, "01-lr / lr=0.1").verdict, Verdict::unchanged);  // a 0.02 drop is within 0.05
  // Never reaching the target stays a regression whatever the tolerance.
  EXPECT_EQ(row(c, "03-target / opt=adam").verdict, Verdict::regression);
  // An improvement of 0.01 is also within the tolerance.
  EXPECT_EQ(row(c, "02-momentum / momentum=0.9").verdict, Verdict::improvement);  // epochs 30 → 25
  EXPECT_EQ(row(compare_convergence(base, cur, {0.05, 10.0}), "02-momentum / momentum=0.9").verdict,
            Verdict::unchanged);
}

TEST(Convergence, OneScenarioFolderAndUnusableFolders) {
  // A single scenario folder against a folder of them: only 01-lr in common.
  const ConvergenceComparison c =
      compare_convergence(load_convergence(kData / "conv-baseline"), load_convergence(kData / "conv-same/01-lr"));
  EXPECT_EQ(c.common, 4);
  EXPECT_FALSE(has_regression(c));
  EXPECT_EQ(row(c, "02-momentum / momentum=0.9").verdict, Verdict::baseline_only);
  EXPECT_THROW((void)load_convergence(kData / "conv-empty"), InputError);
  EXPECT_THROW((void)compare_convergence(load_convergence(kData / "conv-baseline"),
                                         load_convergence(kData / "conv-unrelated")),
               InputError);
}

// ---- lrbench compare -----------------------------------------------------------

using Result = lrbench::testing::CommandResult;

Result lrbench(const std::string& args) { return lrbench::testing::run_lrbench(args); }

std::string data(const char* name) { return (kData / name).string(); }

TEST(CompareCommand, ExitStatuses) {
  const Result regression = lrbench("compare " + data("speed-baseline.json") + " " + data("speed-current.json"));
  EXPECT_EQ(regression.status, 1) << regression.output;
  EXPECT_NE(regression.output.find("| benchmark | verdict |"), std::string::npos) << regression.output;

  const Result same = lrbench("compare " + data("speed-baseline.json") + " " + data("speed-same.json"));
  EXPECT_EQ(same.status, 0) << same.output;
  EXPECT_NE(same.output.find("baseline only"), std::string::npos) << same.output;

  const Result missing = lrbench("compare " + data("speed-baseline.json") + " " + data("missing.json"));
  EXPECT_EQ(missing.status, 2);
  EXPECT_NE(missing.output.find("missing.json: no such file"), std::string::npos) << missing.output;

  const Result malformed = lrbench("compare " + data("speed-baseline.json") + " " + data("not-json.json"));
  EXPECT_EQ(malformed.status, 2);
  EXPECT_NE(malformed.output.find("not-json.json: not valid JSON"), std::string::npos) << malformed.output;

  const Result unrelated = lrbench("compare " + data("speed-baseline.json") + " " + data("speed-unrelated.json"));
  EXPECT_EQ(unrelated.status, 2);
  EXPECT_NE(unrelated.output.find("no benchmark in common"), std::string::npos) << unrelated.output;

  const Result mixed = lrbench("compare " + data("speed-baseline.json") + " " + data("conv-baseline"));
  EXPECT_EQ(mixed.status, 2);
  EXPECT_NE(mixed.output.find("not the same kind of input"), std::string::npos) << mixed.output;

  const Result conv = lrbench("compare " + data("conv-baseline") + " " + data("conv-current"));
  EXPECT_EQ(conv.status, 1) << conv.output;
  const Result tolerated =
      lrbench("compare " + data("conv-baseline") + " " + data("conv-same") + " --tolerance 0.01");
  EXPECT_EQ(tolerated.status, 0) << tolerated.output;
}

TEST(CompareCommand, WritesMarkdownFile) {
  const fs::path out = fs::temp_directory_path() / ("lrbench-compare-" + std::to_string(::getpid()) + ".md");
  const Result r = lrbench("compare " + data("speed-baseline.json") + " " + data("speed-current.json") +
                           " --max-slowdown 0.5 --markdown " + out.string());
  EXPECT_EQ(r.status, 0) << r.output;  // 30% slower is within a 50% allowance
  ASSERT_TRUE(fs::exists(out));
  EXPECT_GT(fs::file_size(out), 100U);
  fs::remove(out);
}

}  // namespace
