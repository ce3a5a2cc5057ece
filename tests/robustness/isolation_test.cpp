// Issue 10, item 11 (and issue 15's --isolate promise), end to end: with
// `run --isolate`, plugin code runs only in child processes, so
// - a library whose `lrbench_plugin` symbol is not the entry function (it
//   crashes whoever calls it) is refused by the probe, and the sweep runs;
// - an optimizer whose constructor crashes fails its own runs and nothing
//   else (the loader does not construct plugins when isolating).
#include "e2e.hpp"

namespace {

using namespace lrbench::e2e;  // NOLINT: the shared fixtures of these tests

TEST(IsolatePlugins, ALibraryThatCrashesWhenProbedIsRefusedAndTheSweepRuns) {
  const fs::path out = fresh_dir("hostile-library");
  const Result r = run_lrbench("run " + quote(kTiny.string()) + " --out " + quote(out.string()) + " --plugin-dir " +
                           quote(kHostilePlugins) + " --isolate");
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("lrbench: warning: " + kHostilePlugins +
                          "/lrbench_fixture_wrong_entry.so: refused: crashed while being loaded: signal "),
            std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("probed in a child process"), std::string::npos) << r.output;
  EXPECT_EQ(records_by_id(out / "tiny" / "runs.jsonl").size(), 4U);
  fs::remove_all(out);
}

TEST(IsolatePlugins, AConstructorThatCrashesFailsItsOwnRunsOnly) {
  const fs::path out = fresh_dir("constructor-crash");
  const Result r = run_lrbench("run " + quote((kScenarios / "constructor.yaml").string()) + " --out " +
                           quote(out.string()) + " --plugin-dir " + quote(kFaultyPlugins) + " --isolate --jobs 2");
  EXPECT_EQ(r.status, 1) << "failed runs, not a crash\n" << r.output;
  EXPECT_NE(r.output.find("4 runs (2 ok, 0 diverged, 2 failed)"), std::string::npos) << r.output;
  std::vector<std::string> warnings;
  for (const auto& record : read_records(out / "constructor" / "runs.jsonl", warnings)) {
    if (record.label == "none") {
      EXPECT_EQ(record.status, lrbench::run::RunStatus::ok);
      continue;
    }
    EXPECT_EQ(record.status, lrbench::run::RunStatus::failed);
    // Under the sanitizers the null store is caught first (UBSan exits 1).
    if (!kSanitized) EXPECT_EQ(record.error, "run crashed with signal 11 (Segmentation fault)");
  }
  EXPECT_TRUE(fs::exists(out / "constructor" / "README.md"));
  fs::remove_all(out);
}

TEST(IsolatePlugins, AConstructorThatThrowsFailsItsRunsWithTheReason) {
  // Without --isolate the loader's dry construction refuses the scenario
  // (exit 2, with a position); with it, every run of the variant fails with
  // the constructor's message.
  const fs::path dir = fresh_dir("constructor-throws");
  std::string text = read_file(kTiny);
  text.replace(text.find("params: {momentum: 0.5}"), std::string("params: {momentum: 0.5}").size(),
               "params: {momentum: 0.5, nesterov: true, dampening: 0.5}");
  write_file(dir / "tiny.yaml", text);
  const std::string run = "run " + quote((dir / "tiny.yaml").string()) + " --out " + quote((dir / "out").string());
  const Result checked = run_lrbench(run);
  if (checked.status == 0) GTEST_SKIP() << "sgd accepts nesterov with dampening here; nothing to construct-check";
  EXPECT_EQ(checked.status, 2) << checked.output;
  EXPECT_NE(checked.output.find("rejects these parameters"), std::string::npos) << checked.output;

  const Result isolated = run_lrbench(run + " --isolate");
  EXPECT_EQ(isolated.status, 1) << isolated.output;
  std::vector<std::string> warnings;
  for (const auto& record : read_records(dir / "out" / "tiny" / "runs.jsonl", warnings)) {
    EXPECT_EQ(record.status, lrbench::run::RunStatus::failed);
    EXPECT_EQ(record.error.rfind("the optimizer or schedule could not be constructed: ", 0), 0U) << record.error;
  }
  fs::remove_all(dir);
}

}  // namespace
