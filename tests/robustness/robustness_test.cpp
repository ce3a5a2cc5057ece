// Robustness, end to end through the lrbench executable:
// - every file in tests/data/bad-scenarios/ fails with exit status 2, prints
//   exactly the diagnostics its `# expect:` lines list, and writes nothing;
// - scenario names cannot write outside --out;
// - a torn last line of runs.jsonl is ignored with a warning;
// - faulty plugins (exceptions, NaN, crashes, aborts, hangs) fail their own
//   runs only, in process or with --isolate;
// - Ctrl-C finishes the running runs and writes a report marked partial; a
//   second Ctrl-C stops at once;
// - `kill -9` mid-sweep, then --resume, gives the uninterrupted results.
#include <signal.h>
#include <sys/wait.h>

#include <chrono>
#include <thread>

#include "e2e.hpp"

namespace {

using namespace lrbench::e2e;  // NOLINT: the shared fixtures of these tests

// --- bad scenarios ------------------------------------------------------------

TEST(BadScenarios, EveryFileFailsWithItsExpectedMessagesAndWritesNothing) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(kBadScenarios)) {
    if (entry.path().extension() == ".yaml") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  ASSERT_GE(files.size(), 100U) << "the bad-scenarios folder looks incomplete";
  for (const fs::path& file : files) expect_refused(file, expectations(read_file(file)));
}

// Files that cannot carry an `# expect:` line: made here.

TEST(BadScenarios, EmptyBinaryAndNotUtf8FilesAreRefusedWithAPosition) {
  const fs::path dir = fresh_dir("generated");
  write_file(dir / "empty.yaml", "");
  expect_refused(dir / "empty.yaml", {"empty.yaml: error: the file is empty"});
  write_file(dir / "binary.yaml", bytes("data:\n  kind: bl\0bs\n"));
  expect_refused(dir / "binary.yaml", {"binary.yaml:2:11: error: the file contains a NUL byte; is it a binary file"});
  // UTF-16 (with its byte-order mark), as some editors save.
  write_file(dir / "utf16.yaml", bytes("\xFF\xFEn\0a\0m\0e\0:\0 \0x\0\n\0"));
  expect_refused(dir / "utf16.yaml", {"utf16.yaml:1:1: error: the file is not valid UTF-8 (byte 0xFF)"});
  // Latin-1 text: valid bytes for a human, not UTF-8.
  write_file(dir / "latin1.yaml", "description: caf\xE9\ndata: {kind: blobs}\n");
  expect_refused(dir / "latin1.yaml", {"latin1.yaml:1:17: error: the file is not valid UTF-8 (byte 0xE9)"});
  // Random bytes.
  std::string noise;
  for (int i = 0; i < 4096; ++i) noise.push_back(static_cast<char>((i * 7919 + 13) % 251 + 1));
  write_file(dir / "noise.yaml", noise);
  expect_refused(dir / "noise.yaml", {"noise.yaml:1:"});
  fs::remove_all(dir);
}

TEST(BadScenarios, AFileNameThatIsNoSafeFolderNameNeedsAName) {
  const fs::path dir = fresh_dir("unsafe-file-name");
  std::string body = read_file(kTiny);
  body.erase(body.find("name: tiny\n"), std::string("name: tiny\n").size());
  write_file(dir / "my study.yaml", body);
  expect_refused(dir / "my study.yaml",
                 {"my study.yaml:3:1: error: name: the file name 'my study' is not a safe scenario name; add a "
                  "'name:' key"});
  fs::remove_all(dir);
}

TEST(BadScenarios, MaxRunsIsAFlag) {
  // 4 runs; --max-runs 3 refuses them, naming the count and the flag.
  const fs::path dir = fresh_dir("max-runs");
  fs::copy_file(kTiny, dir / "tiny.yaml");
  expect_refused(dir / "tiny.yaml", {"tiny.yaml:25:1: error: the plan has 4 runs, more than --max-runs 3"},
                 " --max-runs 3");
  fs::remove_all(dir);
}

// --- output safety --------------------------------------------------------------

TEST(OutputSafety, NoScenarioNameWritesOutsideOut) {
  // Every refused name, run together with a good scenario: the good one must
  // not run either (validation comes first), and nothing may appear anywhere
  // in the sandbox, including where an escaping name would have pointed.
  const fs::path sandbox = fresh_dir("escape");
  const fs::path work = sandbox / "a" / "b";
  fs::create_directories(work);
  std::string args;
  int names = 0;
  for (const auto& entry : fs::directory_iterator(kBadScenarios)) {
    if (entry.path().filename().string().rfind("name-", 0) != 0) continue;
    fs::copy_file(entry.path(), work / entry.path().filename());
    args += " " + quote(entry.path().filename().string());
    ++names;
  }
  ASSERT_GE(names, 6);
  fs::copy_file(kTiny, work / "tiny.yaml");
  const std::set<std::string> before = tree_of(sandbox);
  const Result r = run_lrbench("run" + args + " tiny.yaml --out out", work);
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_EQ(tree_of(sandbox), before) << r.output;
  EXPECT_FALSE(fs::exists("/tmp/escaped"));
  fs::remove_all(sandbox);
}

TEST(OutputSafety, AGoodRunWritesOnlyBelowOutAndLeavesNoTemporaryFiles) {
  const fs::path sandbox = fresh_dir("contained");
  const Result r = run_lrbench("run " + quote(kTiny.string()) + " --out " + quote((sandbox / "out").string()));
  ASSERT_EQ(r.status, 0) << r.output;
  for (const std::string& path : tree_of(sandbox)) {
    EXPECT_EQ(path.rfind("out", 0), 0U) << path;
    EXPECT_EQ(path.find(".tmp-"), std::string::npos) << "a temporary file was left behind: " << path;
  }
  fs::remove_all(sandbox);
}

// --- runs.jsonl -----------------------------------------------------------------


TEST(RunsFile, ATornLastLineIsIgnoredWithAWarningAndRunsAgainOnResume) {
  const fs::path out = fresh_dir("torn");
  ASSERT_EQ(run_lrbench("run " + quote(kTiny.string()) + " --out " + quote(out.string())).status, 0);
  const fs::path dir = out / "tiny";
  const std::string full = read_file(dir / "runs.jsonl");
  const auto last_line = full.rfind('\n', full.size() - 2) + 1;
  write_file(dir / "runs.jsonl", full.substr(0, last_line + (full.size() - last_line) / 2));  // half the last record

  const Result report = run_lrbench("report " + quote(dir.string()));
  EXPECT_EQ(report.status, 0) << report.output;
  const json summary = json::parse(read_file(dir / "summary.json"));
  EXPECT_EQ(recorded_in_summary(summary), 3);
  EXPECT_TRUE(summary.at("partial").get<bool>());
  // The warning goes to stderr and stays as a note in the report.
  EXPECT_NE(report.output.find("warning: " + dir.string() + ": runs.jsonl: ignoring a truncated last line (line 4)"),
            std::string::npos)
      << report.output;
  const std::string readme = read_file(dir / "README.md");
  EXPECT_NE(readme.find("Partial results:** 3 of 4 runs"), std::string::npos) << readme;
  EXPECT_NE(readme.find("runs.jsonl: ignoring a truncated last line (line 4)"), std::string::npos) << readme;

  // --resume cuts the torn tail and runs that run again.
  const Result resumed = run_lrbench("run " + quote(kTiny.string()) + " --out " + quote(out.string()) + " --resume");
  EXPECT_EQ(resumed.status, 0) << resumed.output;
  EXPECT_EQ(records_by_id(dir / "runs.jsonl").size(), 4U);
  EXPECT_FALSE(json::parse(read_file(dir / "summary.json")).at("partial").get<bool>());
  fs::remove_all(out);
}

// --- faulty plugins -------------------------------------------------------------


TEST(FaultyPlugins, ExceptionsFailTheirRunAndNonFiniteWeightsDiverge) {
  for (const char* mode : {"", " --isolate"}) {
    SCOPED_TRACE(mode);
    const fs::path out = fresh_dir("faulty");
    const Result r = run_lrbench("run " + quote((kScenarios / "faulty.yaml").string()) + " --out " + quote(out.string()) +
                             " --plugin-dir " + quote(kFaultyPlugins) + " --jobs 2" + mode);
    EXPECT_EQ(r.status, 1) << "failed runs make the exit status 1\n" << r.output;
    EXPECT_NE(r.output.find("12 runs (2 ok, 4 diverged, 6 failed)"), std::string::npos) << r.output;
    const auto runs = records_by_label(out / "faulty" / "runs.jsonl");
    ASSERT_EQ(runs.size(), 6U);
    EXPECT_EQ(runs.at("none").status, lrbench::run::RunStatus::ok);
    EXPECT_EQ(runs.at("none").epochs.test_accuracy.size(), 4U);
    EXPECT_EQ(runs.at("throw_reset").status, lrbench::run::RunStatus::failed);
    EXPECT_EQ(runs.at("throw_reset").error, "fixture_faulty: reset failed on purpose");
    EXPECT_EQ(runs.at("throw_step").status, lrbench::run::RunStatus::failed);
    EXPECT_EQ(runs.at("throw_step").error, "fixture_faulty: step 5 failed on purpose");
    // Issue 10, item 6: a message that is not UTF-8 aborted the sweep (-j2)
    // or emptied the report (-j1); its bad bytes are now replaced by U+FFFD.
    EXPECT_EQ(runs.at("throw_latin1").status, lrbench::run::RunStatus::failed);
    EXPECT_EQ(runs.at("throw_latin1").error, "fixture_faulty: caf\uFFFD \uFFFD\uFFFD failed");
    for (const char* label : {"nan", "inf"}) {
      EXPECT_EQ(runs.at(label).status, lrbench::run::RunStatus::diverged) << label;
      // Step 5 is in epoch 2 (3 updates an epoch): epoch 1 is kept.
      EXPECT_EQ(runs.at(label).diverged_epoch, 2) << label;
    }
    // The report is written, and names the failures.
    const std::string readme = read_file(out / "faulty" / "README.md");
    EXPECT_NE(readme.find("reset failed on purpose"), std::string::npos);
    EXPECT_TRUE(fs::exists(out / "faulty" / "summary.json"));
    fs::remove_all(out);
  }
}

TEST(FaultyPlugins, IsolateSurvivesCrashesAbortsAndHangs) {
  const fs::path out = fresh_dir("crashing");
  const Result r = run_lrbench("run " + quote((kScenarios / "crashing.yaml").string()) + " --out " + quote(out.string()) +
                           " --plugin-dir " + quote(kFaultyPlugins) + " --isolate --timeout 3 --jobs 2");
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_NE(r.output.find("6 runs (1 ok, 1 diverged, 4 failed)"), std::string::npos) << r.output;
  const auto runs = records_by_label(out / "crashing" / "runs.jsonl");
  ASSERT_EQ(runs.size(), 6U);
  EXPECT_EQ(runs.at("none").status, lrbench::run::RunStatus::ok);
  EXPECT_EQ(runs.at("none").epochs.test_accuracy.size(), 4U);
  EXPECT_EQ(runs.at("nan").status, lrbench::run::RunStatus::diverged);
  EXPECT_EQ(runs.at("throw_step").error, "fixture_faulty: step 5 failed on purpose");
  for (const char* label : {"segfault", "abort", "hang"}) {
    EXPECT_EQ(runs.at(label).status, lrbench::run::RunStatus::failed) << label;
  }
  // Under the sanitizers the null store is caught first: UBSan reports it and
  // exits with status 1 (-fno-sanitize-recover), or ASan aborts.
  if (!kSanitized) {
    EXPECT_EQ(runs.at("segfault").error, "run crashed with signal 11 (Segmentation fault)");
  } else {
    const std::string& error = runs.at("segfault").error;
    EXPECT_TRUE(error.rfind("run crashed with signal", 0) == 0 ||
                error == "run process exited with status 1 without a result")
        << error;
  }
  EXPECT_EQ(runs.at("abort").error, "run crashed with signal 6 (Aborted)");
  EXPECT_EQ(runs.at("hang").error, "run exceeded --timeout 3 s and was killed");
  EXPECT_TRUE(fs::exists(out / "crashing" / "README.md"));
  fs::remove_all(out);
}

TEST(FaultyPlugins, TimeoutNeedsIsolate) {
  const Result r = run_lrbench("run " + quote(kTiny.string()) + " --out " + quote(fresh_dir("timeout").string()) +
                           " --timeout 3");
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find("--timeout needs --isolate"), std::string::npos) << r.output;
}

TEST(Isolate, ResultsAreBitIdenticalToInProcessRuns) {
  const fs::path a = fresh_dir("in-process");
  const fs::path b = fresh_dir("isolated");
  ASSERT_EQ(run_lrbench("run " + quote(kTiny.string()) + " --out " + quote(a.string()) + " --jobs 2").status, 0);
  const Result r = run_lrbench("run " + quote(kTiny.string()) + " --out " + quote(b.string()) + " --jobs 2 --isolate");
  ASSERT_EQ(r.status, 0) << r.output;
  const auto in_process = records_by_id(a / "tiny" / "runs.jsonl");
  EXPECT_EQ(in_process.size(), 4U);
  EXPECT_EQ(in_process, records_by_id(b / "tiny" / "runs.jsonl"));
  EXPECT_EQ(summary_masked(a / "tiny"), summary_masked(b / "tiny"));
  fs::remove_all(a);
  fs::remove_all(b);
}

// --- interrupted sweeps ---------------------------------------------------------


class Interrupt : public ::testing::TestWithParam<bool> {};  // isolate?

TEST_P(Interrupt, CtrlCFinishesRunningRunsAndWritesAPartialReport) {
  const bool isolate = GetParam();
  const fs::path out = fresh_dir(isolate ? "sigint-isolated" : "sigint");
  const fs::path runs = out / "slow" / "runs.jsonl";
  Background lrbench_process(slow_args(out, isolate ? std::vector<std::string>{"--isolate"} : std::vector<std::string>{}),
                             out.string() + ".log");
  ASSERT_TRUE(wait_until(lrbench_process, [&] { return complete_lines(runs) >= 2; }))
      << "finished before it could be interrupted:\n" << lrbench_process.log();
  lrbench_process.signal(SIGINT);
  const int status = lrbench_process.wait();
  const std::string log = lrbench_process.log();
  ASSERT_TRUE(WIFEXITED(status)) << log;
  EXPECT_EQ(WEXITSTATUS(status), 130) << log;
  EXPECT_NE(log.find("press Ctrl-C again to stop at once"), std::string::npos) << log;
  EXPECT_NE(log.find("interrupted: the reports cover the runs that finished and are marked partial"),
            std::string::npos)
      << log;

  // Every finished run is recorded whole, and the report covers exactly them.
  std::vector<std::string> warnings;
  const auto records = read_records(runs, warnings);
  EXPECT_TRUE(warnings.empty()) << "no torn line after Ctrl-C";
  EXPECT_EQ(records.size(), complete_lines(runs));
  EXPECT_LT(records.size(), kSlowRuns);
  for (const auto& r : records) EXPECT_EQ(r.status, lrbench::run::RunStatus::ok);
  const json summary = json::parse(read_file(out / "slow" / "summary.json"));
  EXPECT_TRUE(summary.at("partial").get<bool>());
  EXPECT_EQ(recorded_in_summary(summary), static_cast<int>(records.size()));
  const std::string readme = read_file(out / "slow" / "README.md");
  EXPECT_NE(readme.find("**Partial results:** " + std::to_string(records.size()) + " of 48 runs recorded (the run "
                        "was interrupted or limited)"),
            std::string::npos)
      << readme.substr(0, 400);
  EXPECT_NE(read_file(out / "README.md").find("(partial)"), std::string::npos) << "the index marks it too";
  fs::remove_all(out);
}

TEST_P(Interrupt, ASecondCtrlCStopsAtOnce) {
  const bool isolate = GetParam();
  const fs::path out = fresh_dir(isolate ? "sigint2-isolated" : "sigint2");
  const fs::path runs = out / "slow" / "runs.jsonl";
  Background lrbench_process(slow_args(out, isolate ? std::vector<std::string>{"--isolate"} : std::vector<std::string>{}),
                             out.string() + ".log");
  ASSERT_TRUE(wait_until(lrbench_process, [&] { return complete_lines(runs) >= 1; })) << lrbench_process.log();
  lrbench_process.signal(SIGINT);
  // The second Ctrl-C must come after the first was handled (two pending
  // SIGINTs merge into one): the handler says so on stderr.
  ASSERT_TRUE(wait_until(lrbench_process, [&] {
    return lrbench_process.log().find("press Ctrl-C again") != std::string::npos;
  })) << "finished before the second Ctrl-C:\n" << lrbench_process.log();
  lrbench_process.signal(SIGINT);
  const int status = lrbench_process.wait();
  // It may just have finished writing its report; it must not go on running.
  if (WIFSIGNALED(status)) {
    EXPECT_EQ(WTERMSIG(status), SIGINT);
  } else {
    EXPECT_EQ(WEXITSTATUS(status), 130) << lrbench_process.log();
  }
  fs::remove_all(out);
}

INSTANTIATE_TEST_SUITE_P(InProcessAndIsolated, Interrupt, ::testing::Bool(),
                         [](const auto& info) { return info.param ? "isolated" : "in_process"; });

class Resume : public ::testing::TestWithParam<bool> {};  // isolate?

TEST_P(Resume, KillNineThenResumeGivesTheUninterruptedResults) {
  const bool isolate = GetParam();
  const std::vector<std::string> extra = isolate ? std::vector<std::string>{"--isolate"} : std::vector<std::string>{};
  const fs::path whole = fresh_dir(isolate ? "whole-isolated" : "whole");
  const fs::path killed = fresh_dir(isolate ? "killed-isolated" : "killed");
  {
    Background reference(slow_args(whole, extra), whole.string() + ".log");
    const int status = reference.wait();
    ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << reference.log();
  }
  const fs::path runs = killed / "slow" / "runs.jsonl";
  {
    Background victim(slow_args(killed, extra), killed.string() + ".log");
    ASSERT_TRUE(wait_until(victim, [&] { return complete_lines(runs) >= 3; })) << victim.log();
    victim.signal(SIGKILL);
    const int status = victim.wait();
    ASSERT_TRUE(WIFSIGNALED(status)) << victim.log();
  }
  const std::size_t before = complete_lines(runs);
  ASSERT_LT(before, kSlowRuns) << "the sweep finished before kill -9";
  {
    std::vector<std::string> resume_extra = extra;
    resume_extra.push_back("--resume");
    Background resumed(slow_args(killed, resume_extra), killed.string() + ".log");
    const int status = resumed.wait();
    ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << resumed.log();
    EXPECT_NE(resumed.log().find("slow: resuming: " + std::to_string(before) + " of 48 runs already recorded\n"),
              std::string::npos)
        << resumed.log();
  }
  // No run twice, none missing, every value the same (wall-clock aside).
  const auto expected = records_by_id(whole / "slow" / "runs.jsonl");
  EXPECT_EQ(expected.size(), kSlowRuns);
  EXPECT_EQ(records_by_id(runs), expected);
  EXPECT_EQ(complete_lines(runs), kSlowRuns);
  EXPECT_EQ(summary_masked(killed / "slow"), summary_masked(whole / "slow"));
  EXPECT_FALSE(summary_masked(killed / "slow").at("partial").get<bool>());
  fs::remove_all(whole);
  fs::remove_all(killed);
}

INSTANTIATE_TEST_SUITE_P(InProcessAndIsolated, Resume, ::testing::Bool(),
                         [](const auto& info) { return info.param ? "isolated" : "in_process"; });

}  // namespace
