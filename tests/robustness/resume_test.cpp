// Issue 10, the data-loss items, end to end:
// 1. --resume after the scenario or --seeds changed: only the plan's runs
//    enter the statistics; the stale records are moved to runs.stale.jsonl;
//    `lrbench report` holds to the plan too.
// 5. kill -9 during a re-run leaves no old report beside the new runs.
// 7. A write error on runs.jsonl (a full disk) is exit status 4 with the OS
//    reason, in process with --jobs 2 (no `terminate called`) and isolated;
//    the finished runs stay recorded and --resume completes the sweep.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>

#include "e2e.hpp"

namespace {

using namespace lrbench::e2e;  // NOLINT: the shared fixtures of these tests

// tiny.yaml with its lr and seeds replaced (text edits: the scenario a user
// changes between two runs).
fs::path tiny_variant(const fs::path& dir, const std::string& lrs, const std::string& seeds) {
  std::string text = read_file(kTiny);
  text.replace(text.find("optimizer.lr: [0.1, 1e-3]"), std::string("optimizer.lr: [0.1, 1e-3]").size(),
               "optimizer.lr: [" + lrs + "]");
  text.replace(text.find("seeds: [0, 1]"), std::string("seeds: [0, 1]").size(), "seeds: [" + seeds + "]");
  fs::create_directories(dir);
  write_file(dir / "tiny.yaml", text);
  return dir / "tiny.yaml";
}

std::vector<double> lrs_of(const fs::path& runs) {
  std::vector<std::string> warnings;
  std::vector<double> out;
  for (const auto& r : read_records(runs, warnings)) out.push_back(r.config.at("optimizer").at("lr").get<double>());
  std::sort(out.begin(), out.end());
  return out;
}

// The same scenario run from scratch into `out`: what a resumed folder must equal.
json fresh_summary(const fs::path& scenario, const fs::path& out) {
  const Result r = run_lrbench("run " + quote(scenario.string()) + " --out " + quote(out.string()));
  EXPECT_EQ(r.status, 0) << r.output;
  return summary_masked(out / "tiny");
}

TEST(Resume, AfterTheScenarioChangedOnlyThePlanEntersTheStatistics) {
  const fs::path dir = fresh_dir("resume-changed");
  const fs::path out = dir / "out";
  const fs::path first = tiny_variant(dir / "v1", "0.1, 1e-3", "0, 1");
  ASSERT_EQ(run_lrbench("run " + quote(first.string()) + " --out " + quote(out.string())).status, 0);

  // lr 0.1 becomes 0.5: the 0.1 runs are stale, the 1e-3 runs still count.
  const fs::path second = tiny_variant(dir / "v2", "0.5, 1e-3", "0, 1");
  const Result r = run_lrbench("run " + quote(second.string()) + " --out " + quote(out.string()) + " --resume");
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("tiny: resuming: 2 of 4 runs already recorded; 2 stale records (of runs not in this "
                          "plan: the scenario or its seeds changed) moved to " +
                          (out / "tiny" / "runs.stale.jsonl").string() + "\n"),
            std::string::npos)
      << r.output;
  EXPECT_EQ(lrs_of(out / "tiny" / "runs.jsonl"), (std::vector<double>{1e-3, 1e-3, 0.5, 0.5}));
  EXPECT_EQ(lrs_of(out / "tiny" / "runs.stale.jsonl"), (std::vector<double>{0.1, 0.1}));
  // The statistics are exactly those of a fresh run of the new scenario.
  EXPECT_EQ(summary_masked(out / "tiny"), fresh_summary(second, dir / "fresh"));
  fs::remove_all(dir);
}

TEST(Resume, WithOtherSeedsTheReportAndTheStatisticsAgree) {
  const fs::path dir = fresh_dir("resume-seeds");
  const fs::path out = dir / "out";
  const std::string run = "run " + quote(kTiny.string()) + " --out " + quote(out.string());
  ASSERT_EQ(run_lrbench(run + " --seeds 0,1,2").status, 0);
  const Result r = run_lrbench(run + " --seeds 1 --resume");
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("tiny: resuming: 2 of 2 runs already recorded; 4 stale records"), std::string::npos)
      << r.output;
  const json summary = json::parse(read_file(out / "tiny" / "summary.json"));
  for (const json& v : summary.at("variants")) EXPECT_EQ(v.at("seeds"), 1) << v.at("label");
  EXPECT_FALSE(summary.at("partial").get<bool>());
  EXPECT_NE(read_file(out / "tiny" / "README.md").find("**Seeds** (1 per variant): 1;"), std::string::npos);
  fs::remove_all(dir);
}

TEST(Resume, ReportHoldsToThePlanInScenarioJson) {
  // Records of another plan appended by hand: `lrbench report` leaves them
  // out of the statistics, says so, and counts the plan for "partial".
  const fs::path dir = fresh_dir("report-plan");
  const fs::path out = dir / "out";
  ASSERT_EQ(run_lrbench("run " + quote(kTiny.string()) + " --out " + quote(out.string())).status, 0);
  const json before = summary_masked(out / "tiny");
  const fs::path other = tiny_variant(dir / "v2", "0.5, 0.7", "5, 6, 7");
  ASSERT_EQ(run_lrbench("run " + quote(other.string()) + " --out " + quote((dir / "other").string())).status, 0);
  const std::string runs = read_file(out / "tiny" / "runs.jsonl");
  const std::string first_two = runs.substr(0, runs.find('\n', runs.find('\n') + 1) + 1);
  write_file(out / "tiny" / "runs.jsonl", first_two + read_file(dir / "other" / "tiny" / "runs.jsonl"));

  const Result r = run_lrbench("report " + quote((out / "tiny").string()));
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("6 records of runs.jsonl belong to no run of this scenario's plan"), std::string::npos)
      << r.output;
  const json after = summary_masked(out / "tiny");
  EXPECT_TRUE(after.at("partial").get<bool>()) << "2 of the plan's 4 runs are left";
  int seeds = 0;
  for (const json& v : after.at("variants")) seeds += v.at("seeds").get<int>();
  EXPECT_EQ(seeds, 2);
  EXPECT_NE(read_file(out / "tiny" / "README.md").find("**Partial results:** 2 of 4 runs recorded"),
            std::string::npos);
  EXPECT_NE(before, after);
  fs::remove_all(dir);
}

TEST(Resume, AKilledReRunLeavesNoStaleReportBehind) {
  const fs::path out = fresh_dir("rerun-killed");
  const fs::path dir = out / "slow";
  {
    Background whole(slow_args(out, {}), out.string() + ".log");
    ASSERT_EQ(whole.wait(), 0) << whole.log();
  }
  ASSERT_TRUE(fs::exists(dir / "summary.json"));
  {
    Background rerun(slow_args(out, {}), out.string() + ".log");
    // The old summary goes before the first new record is appended.
    ASSERT_TRUE(wait_until(rerun, [&] { return !fs::exists(dir / "summary.json") && complete_lines(dir / "runs.jsonl") >= 1; }))
        << rerun.log();
    rerun.signal(SIGKILL);
    rerun.wait();
  }
  ASSERT_LT(complete_lines(dir / "runs.jsonl"), kSlowRuns) << "the re-run finished before kill -9";
  for (const char* derived : {"summary.json", "README.md", "accuracy.svg", "loss.svg"})
    EXPECT_FALSE(fs::exists(dir / derived)) << derived;
  EXPECT_TRUE(fs::exists(dir / "scenario.json"));
  // compare finds nothing to compare rather than the stale results.
  const Result compared = run_lrbench("compare " + quote(dir.string()) + " " + quote(dir.string()));
  EXPECT_EQ(compared.status, 2) << compared.output;
  // A report of what is there is marked partial.
  ASSERT_EQ(run_lrbench("report " + quote(dir.string())).status, 0);
  EXPECT_TRUE(json::parse(read_file(dir / "summary.json")).at("partial").get<bool>());
  fs::remove_all(out);
}

// --- a full disk ------------------------------------------------------------------

class DiskFull : public ::testing::TestWithParam<bool> {};  // isolate?

// RLIMIT_FSIZE: writes past 120 kB fail with EFBIG, as a full disk fails
// with ENOSPC; it needs no privileges. slow.yaml writes about 11 kB a run.
TEST_P(DiskFull, IsExitFourWithTheReasonAndResumeCompletesTheSweep) {
  const bool isolate = GetParam();
  const std::vector<std::string> extra = isolate ? std::vector<std::string>{"--isolate"} : std::vector<std::string>{};
  const fs::path out = fresh_dir(isolate ? "efbig-isolated" : "efbig");
  const fs::path runs = out / "slow" / "runs.jsonl";
  {
    Background starved(slow_args(out, extra), out.string() + ".log", {.max_file_bytes = 120'000});
    const int status = starved.wait();
    const std::string log = starved.log();
    ASSERT_TRUE(WIFEXITED(status)) << "no crash, no `terminate called`:\n" << log;
    EXPECT_EQ(WEXITSTATUS(status), 4) << log;
    EXPECT_NE(log.find("lrbench: error: cannot append to " + runs.string() + ": File too large"), std::string::npos)
        << log;
    EXPECT_NE(log.find("every run that finished is recorded in " + runs.string() +
                       ": make room, then run again with --resume"),
              std::string::npos)
        << log;
    EXPECT_EQ(log.find("terminate called"), std::string::npos) << log;
  }
  // Whole records only, and some of them.
  std::vector<std::string> warnings;
  const auto recorded = read_records(runs, warnings);
  EXPECT_TRUE(warnings.empty()) << "a failed append is undone, not left torn";
  EXPECT_GT(recorded.size(), 0U);
  EXPECT_LT(recorded.size(), kSlowRuns);
  EXPECT_EQ(recorded.size(), complete_lines(runs));

  std::vector<std::string> resume = extra;
  resume.push_back("--resume");
  Background resumed(slow_args(out, resume), out.string() + ".log");
  ASSERT_EQ(resumed.wait(), 0) << resumed.log();
  EXPECT_EQ(records_by_id(runs).size(), kSlowRuns);
  EXPECT_FALSE(summary_masked(out / "slow").at("partial").get<bool>());
  fs::remove_all(out);
}

INSTANTIATE_TEST_SUITE_P(InProcessAndIsolated, DiskFull, ::testing::Bool(),
                         [](const auto& info) { return info.param ? "isolated" : "in_process"; });

// A real ENOSPC: a 160 kB tmpfs mounted in a private mount namespace
// (`unshare --mount --map-root-user`, unprivileged where user namespaces are
// allowed). The sweep fails with exit 4, the tmpfs grows (space freed), and
// --resume completes it; the results are copied out for the checks. Skipped
// where the namespace or the mount is not allowed.
TEST(DiskFull, NoSpaceLeftOnDeviceOnARealFileSystem) {
  if (lrbench::testing::run_command("unshare --mount --map-root-user true").status != 0)
    GTEST_SKIP() << "no private mount namespace here; the RLIMIT_FSIZE tests cover the same path";
  const fs::path dir = fresh_dir("enospc");
  const fs::path mnt = dir / "mnt";
  const fs::path kept = dir / "kept";
  fs::create_directories(mnt);
  const std::string run = quote(LRBENCH_EXE) + " run " + quote((kScenarios / "slow.yaml").string()) + " --jobs 2 --out " +
                          quote((mnt / "out").string());
  const std::string script = "mount -t tmpfs -o size=160k tmpfs " + quote(mnt.string()) + " || exit 99; " + run +
                             " > " + quote((dir / "full.log").string()) + " 2>&1; echo $? > " +
                             quote((dir / "full.status").string()) + "; mount -o remount,size=16m " +
                             quote(mnt.string()) + " && " + run + " --resume > " +
                             quote((dir / "resume.log").string()) + " 2>&1; echo $? > " +
                             quote((dir / "resume.status").string()) + "; cp -a " + quote((mnt / "out").string()) +
                             " " + quote(kept.string());
  const Result r = lrbench::testing::run_command("unshare --mount --map-root-user sh -c " + quote(script));
  if (r.status == 99) GTEST_SKIP() << "cannot mount a tmpfs here: " << r.output;
  ASSERT_EQ(r.status, 0) << r.output;
  const std::string full_log = read_file(dir / "full.log");
  EXPECT_EQ(read_file(dir / "full.status"), "4\n") << full_log;
  EXPECT_NE(full_log.find(": No space left on device"), std::string::npos) << full_log;
  EXPECT_EQ(read_file(dir / "resume.status"), "0\n") << read_file(dir / "resume.log");
  EXPECT_EQ(records_by_id(kept / "slow" / "runs.jsonl").size(), kSlowRuns);
  fs::remove_all(dir);
}

}  // namespace
