// Issue 10, where lrbench writes, end to end:
// 2. two `lrbench run` into one folder: the second fails (exit 2) naming the
//    holder, or waits with --wait; no result is lost either way;
// 3. an empty --out is refused; the index is never written over a README.md
//    lrbench did not write, nor into a scenario folder that is not its own;
// 4. scenario names that are file names lrbench writes are refused;
// 17. `report DIR` leaves a foreign DIR/README.md alone; symlinks out of
//    --out are refused, not written through.
#include <signal.h>
#include <sys/wait.h>

#include "e2e.hpp"
#include "util/output_names.hpp"

namespace {

using namespace lrbench::e2e;  // NOLINT: the shared fixtures of these tests

// --- item 2: one writer per folder ---------------------------------------------------

TEST(Concurrency, ASecondRunIntoTheSameFolderFailsNamingTheHolder) {
  const fs::path out = fresh_dir("two-writers");
  const fs::path runs = out / "slow" / "runs.jsonl";
  Background first(slow_args(out, {}), out.string() + ".first.log");
  ASSERT_TRUE(wait_until(first, [&] { return complete_lines(runs) >= 1; })) << first.log();

  const Result second = run_lrbench("run " + quote((kScenarios / "slow.yaml").string()) + " --out " + quote(out.string()));
  EXPECT_EQ(second.status, 2) << second.output;
  EXPECT_NE(second.output.find("lrbench: error: " + (out / "slow").string() + " is in use by another lrbench: pid "),
            std::string::npos)
      << second.output;
  EXPECT_NE(second.output.find(" UTC: lrbench run " + (kScenarios / "slow.yaml").string() + " --out " + out.string()),
            std::string::npos)
      << "the holder's command\n" << second.output;
  EXPECT_NE(second.output.find("pass --wait to wait for it"), std::string::npos) << second.output;

  // The first one is undisturbed: every run recorded, exit 0.
  ASSERT_EQ(first.wait(), 0) << first.log();
  EXPECT_EQ(records_by_id(runs).size(), kSlowRuns);
  fs::remove_all(out);
}

TEST(Concurrency, WithWaitTheSecondRunWaitsThenResumes) {
  const fs::path out = fresh_dir("two-writers-wait");
  const fs::path runs = out / "slow" / "runs.jsonl";
  Background first(slow_args(out, {}), out.string() + ".first.log");
  ASSERT_TRUE(wait_until(first, [&] { return complete_lines(runs) >= 1; })) << first.log();
  Background second(slow_args(out, {"--wait", "--resume"}), out.string() + ".second.log");
  ASSERT_EQ(first.wait(), 0) << first.log();
  ASSERT_EQ(second.wait(), 0) << second.log();
  EXPECT_NE(second.log().find("lrbench: waiting for " + (out / "slow").string() + ": in use by pid "),
            std::string::npos)
      << second.log();
  EXPECT_NE(second.log().find("slow: resuming: 48 of 48 runs already recorded"), std::string::npos) << second.log();
  EXPECT_EQ(records_by_id(runs).size(), kSlowRuns);
  fs::remove_all(out);
}

// --- item 3: empty --out, foreign READMEs ------------------------------------------

TEST(OutputFolder, AnEmptyOutIsRefusedAndTheCurrentFolderUntouched) {
  const fs::path cwd = fresh_dir("empty-out");
  write_file(cwd / "README.md", "my project\n");
  const Result r = run_lrbench("run " + quote(kTiny.string()) + " --out ''", cwd);
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find("--out: expected a non-empty value, found ''"), std::string::npos) << r.output;
  EXPECT_EQ(tree_of(cwd), std::set<std::string>{"README.md"});
  EXPECT_EQ(read_file(cwd / "README.md"), "my project\n");
  fs::remove_all(cwd);
}

TEST(OutputFolder, TheIndexIsNeverWrittenOverAReadmeLrbenchDidNotWrite) {
  const fs::path out = fresh_dir("foreign-readme");
  write_file(out / "README.md", "my project\n");
  const Result r = run_lrbench("run " + quote(kTiny.string()) + " --out " + quote(out.string()));
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_EQ(read_file(out / "README.md"), "my project\n");
  EXPECT_NE(r.output.find("lrbench: warning: " + (out / "README.md").string() +
                          " was not written by lrbench (the folder has no .lrbench file); the index was not written "
                          "over it"),
            std::string::npos)
      << r.output;
  EXPECT_TRUE(fs::exists(out / "tiny" / "README.md")) << "the scenario's own report is written";

  // A folder lrbench created is marked, and its index kept up to date.
  const fs::path fresh = out / "fresh";
  ASSERT_EQ(run_lrbench("run " + quote(kTiny.string()) + " --out " + quote(fresh.string())).status, 0);
  EXPECT_TRUE(fs::exists(fresh / ".lrbench"));
  EXPECT_NE(read_file(fresh / "README.md").find("- [tiny](tiny/README.md)"), std::string::npos);
  fs::remove_all(out);
}

TEST(OutputFolder, AScenarioFolderLrbenchDidNotWriteIsRefusedBeforeAnyRun) {
  const fs::path out = fresh_dir("foreign-scenario-folder");
  fs::create_directories(out / "tiny");
  write_file(out / "tiny" / "README.md", "my notes\n");
  const Result r = run_lrbench("run " + quote(kTiny.string()) + " --out " + quote(out.string()));
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find((out / "tiny").string() + " exists and was not written by lrbench (no .lrbench file)"),
            std::string::npos)
      << r.output;
  EXPECT_EQ(tree_of(out), (std::set<std::string>{"tiny", "tiny/README.md"}));
  fs::remove_all(out);
}

// --- item 7: an output that cannot be written ----------------------------------------

TEST(OutputFolder, AnUnwritableOutputIsExitFourWithTheReason) {
  // A regular file where a folder is needed fails for root too.
  const fs::path dir = fresh_dir("unwritable");
  write_file(dir / "plain", "x");
  Result r = run_lrbench("run " + quote(kTiny.string()) + " --out " + quote((dir / "plain" / "out").string()));
  EXPECT_EQ(r.status, 4) << r.output;
  EXPECT_NE(r.output.find("lrbench: error: cannot create the folder " + (dir / "plain" / "out" / "tiny").string() +
                          ": Not a directory"),
            std::string::npos)
      << r.output;
  ASSERT_EQ(run_lrbench("run " + quote(kTiny.string()) + " --out " + quote((dir / "out").string())).status, 0);
  r = run_lrbench("compare " + quote((dir / "out").string()) + " " + quote((dir / "out").string()) + " --markdown " +
                  quote((dir / "plain" / "compare.md").string()));
  EXPECT_EQ(r.status, 4) << r.output;
  EXPECT_NE(r.output.find("cannot create the folder " + (dir / "plain").string() + ": Not a directory"),
            std::string::npos)
      << r.output;
  fs::remove_all(dir);
}

// --- item 4: reserved names ----------------------------------------------------------

TEST(OutputFolder, AFileNamedAfterAReservedNameNeedsAName) {
  const fs::path dir = fresh_dir("reserved-file-name");
  std::string body = read_file(kTiny);
  body.erase(body.find("name: tiny\n"), std::string("name: tiny\n").size());
  write_file(dir / "README.md.yaml", body);
  expect_refused(dir / "README.md.yaml",
                 {"README.md.yaml:3:1: error: name: 'README.md' is the name of a file lrbench writes into the output "
                  "folder (README.md, runs.jsonl, summary.json, ...); choose another name; add a 'name:' key"});
  fs::remove_all(dir);
}

// --- item 17: report two levels down, symlinks ----------------------------------------

TEST(OutputFolder, ReportOfGroupsLeavesAForeignReadmeAlone) {
  const fs::path root = fresh_dir("report-groups");
  ASSERT_EQ(run_lrbench("run " + quote(kTiny.string()) + " --out " + quote((root / "group").string())).status, 0);
  write_file(root / "README.md", "my project\n");
  const Result r = run_lrbench("report " + quote(root.string()));
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_EQ(read_file(root / "README.md"), "my project\n");
  EXPECT_NE(r.output.find("the index was not written over it"), std::string::npos) << r.output;
  EXPECT_NE(read_file(root / "group" / "README.md").find("- [tiny](tiny/README.md)"), std::string::npos)
      << "the group's own index (lrbench's) is rewritten";
  fs::remove_all(root);
}

TEST(OutputFolder, ASymlinkedRunsFileLeadingOutOfOutIsRefusedOnResume) {
  const fs::path root = fresh_dir("symlinked-runs");
  const fs::path out = root / "out";
  ASSERT_EQ(run_lrbench("run " + quote(kTiny.string()) + " --out " + quote(out.string())).status, 0);
  write_file(root / "victim", "precious\n");
  fs::remove(out / "tiny" / "runs.jsonl");
  fs::create_symlink(root / "victim", out / "tiny" / "runs.jsonl");
  for (const char* command : {"run", "report"}) {
    SCOPED_TRACE(command);
    const std::string args = std::string(command) == "run"
                                 ? "run " + quote(kTiny.string()) + " --out " + quote(out.string()) + " --resume"
                                 : "report " + quote(out.string());
    const Result r = run_lrbench(args);
    EXPECT_EQ(r.status, 2) << r.output;
    EXPECT_NE(r.output.find((out / "tiny" / "runs.jsonl").string() + " is a symlink to " + (root / "victim").string() +
                            ", outside the output folder"),
              std::string::npos)
        << r.output;
    EXPECT_EQ(read_file(root / "victim"), "precious\n");
  }
  fs::remove_all(root);
}

TEST(OutputFolder, ASymlinkedScenarioFolderLeadingOutOfOutIsRefused) {
  const fs::path root = fresh_dir("symlinked-folder");
  const fs::path out = root / "out";
  fs::create_directories(out);
  fs::create_directories(root / "elsewhere");
  fs::create_directory_symlink(root / "elsewhere", out / "tiny");
  const Result r = run_lrbench("run " + quote(kTiny.string()) + " --out " + quote(out.string()));
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find((out / "tiny").string() + " is a symlink to " + (root / "elsewhere").string()),
            std::string::npos)
      << r.output;
  EXPECT_TRUE(fs::is_empty(root / "elsewhere"));

  // A symlink that stays inside --out is a folder like any other.
  fs::remove(out / "tiny");
  fs::create_directories(out / "real");
  fs::create_directory_symlink(out / "real", out / "tiny");
  const Result inside = run_lrbench("run " + quote(kTiny.string()) + " --out " + quote(out.string()));
  EXPECT_EQ(inside.status, 0) << inside.output;
  EXPECT_TRUE(fs::exists(out / "real" / "summary.json"));
  fs::remove_all(root);
}

// Everything a run writes is a reserved name: the list the loader refuses
// names from cannot fall behind the files.
TEST(OutputFolder, EveryFileARunWritesIsAReservedName) {
  const fs::path out = fresh_dir("written-names");
  const fs::path scenario = fresh_dir("written-names-in") / "tiny.yaml";
  write_file(scenario, read_file(kTiny) + "record: {lr_per_update: 5}\n");  // lr-updates.svg too
  const std::string run = "run " + quote(scenario.string()) + " --out " + quote(out.string());
  ASSERT_EQ(run_lrbench(run + " --seeds 0").status, 0);
  ASSERT_EQ(run_lrbench(run + " --seeds 1 --resume").status, 0);  // runs.stale.jsonl
  std::set<std::string> written;
  for (const auto& e : fs::directory_iterator(out)) written.insert(e.path().filename().string());
  for (const auto& e : fs::directory_iterator(out / "tiny")) written.insert(e.path().filename().string());
  written.erase("tiny");
  for (const std::string& name : written)
    EXPECT_TRUE(lrbench::util::is_reserved_output_name(name)) << name << " is written but not reserved";
  EXPECT_GE(written.size(), 10U);
  fs::remove_all(out);
  fs::remove_all(scenario.parent_path());
}

}  // namespace
