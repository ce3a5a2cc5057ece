// mpirun -n P lrbench run ... --mpi, end to end: at 1, 2 and 4 ranks (over-
// subscribing this machine's cores) the output folder is what a local
// `lrbench run --jobs 1` writes, byte for byte once wall times are masked
// (tests/shard/same_outputs.hpp); a worker that fails loses only its chunk;
// bad input is reported once with exit status 2. Skipped where lrbench was
// built without MPI or mpirun cannot start a job here.
#include <unistd.h>

#include <string>
#include <utility>

#include <gtest/gtest.h>

#include "cli_runner.hpp"
#include "mpi/cluster.hpp"
#include "same_outputs.hpp"

namespace {

namespace fs = std::filesystem;
using lrbench::shard_test::expect_same_outputs;
using lrbench::testing::fresh_dir;
using lrbench::testing::run_command;
using lrbench::testing::run_lrbench;
using lrbench::testing::shell_quote;

const std::string kSource = LRBENCH_SOURCE_DIR;
const std::string kScenarios = shell_quote(kSource + "/tests/shard/scenarios/mixed.yaml") + " " +
                               shell_quote(kSource + "/tests/data/scenarios/tiny.yaml");

// mpirun with what this machine needs: root may run it, more ranks than cores.
// Under the sanitizers (asan preset) the ranks run without LeakSanitizer:
// OpenMPI 4.1 does not free what MPI_Init allocates (its MCA components, opal's
// argument copies), and its libraries have no frame pointers, so the leak
// stacks end in "<unknown module>" and no suppression can single them out.
// AddressSanitizer and UBSan stay on; the run code the ranks share with a
// local run is leak-checked by every other end-to-end test.
std::string mpirun(int ranks) {
  std::string command = std::string(LRBENCH_MPIRUN) + (::geteuid() == 0 ? " --allow-run-as-root" : "") +
                        " --oversubscribe -n " + std::to_string(ranks) + " ";
#ifdef LRBENCH_SANITIZED_RANKS
  command += "-x ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 ";
#endif
  return command;
}

std::string lrbench_mpi(int ranks, const std::string& args) {
  return mpirun(ranks) + shell_quote(LRBENCH_EXE) + " run " + args + " --mpi 2>&1";
}

// Why the MPI tests cannot run here, or empty.
std::string skip_reason() {
  if (!LRBENCH_WITH_MPI) return "lrbench was built without MPI (LRBENCH_MPI=OFF)";
  if (std::string(LRBENCH_MPIRUN).empty()) return "mpirun was not found (openmpi-bin)";
  static const auto probe = run_command(mpirun(2) + "true 2>&1");
  if (probe.status != 0) return "mpirun cannot start a job here: " + probe.output;
  return {};
}

class MpiRun : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    local_ = fresh_dir("mpi-local");
    const auto r = run_lrbench("run " + kScenarios + " --jobs 1 --quiet --out " + shell_quote(local_.string()));
    ASSERT_EQ(r.status, 0) << r.output;
  }
  void SetUp() override {
    if (const std::string why = skip_reason(); !why.empty()) GTEST_SKIP() << why;
  }
  static fs::path local_;
};
fs::path MpiRun::local_;

TEST_F(MpiRun, OneTwoAndFourRanksWriteWhatALocalRunWrites) {
  for (const int ranks : {1, 2, 4}) {
    for (const int jobs : {1, 2}) {
      if (ranks == 4 && jobs == 2) continue;  // 8 threads on 2 cores: slow, nothing new
      SCOPED_TRACE("ranks " + std::to_string(ranks) + ", --jobs " + std::to_string(jobs));
      const fs::path out = fresh_dir("mpi-" + std::to_string(ranks) + "-" + std::to_string(jobs));
      const auto r = run_command(
          lrbench_mpi(ranks, kScenarios + " --jobs " + std::to_string(jobs) + " --out " + shell_quote(out.string())));
      ASSERT_EQ(r.status, 0) << r.output;
      expect_same_outputs(local_, out, "mixed");
      expect_same_outputs(local_, out, "tiny");
    }
  }
}

TEST_F(MpiRun, AFailedWorkerLosesOnlyItsChunkWhichAnotherRankRuns) {
  // 3 ranks: rank 1 fails after its first chunk (ceil(12 / (2 × 2)) = 3 of
  // mixed's 12 runs), rank 2 runs them again. 2 ranks: the only worker fails
  // after its first chunk (ceil(12 / 2) = 6 runs), rank 0 runs the rest.
  for (const auto& [ranks, lost] : {std::pair{3, 3}, std::pair{2, 6}}) {
    SCOPED_TRACE("ranks " + std::to_string(ranks));
    const fs::path out = fresh_dir("mpi-fail-" + std::to_string(ranks));
    const auto r = run_command(std::string(lrbench::mpi::kFailRankVariable) + "=1 " +
                               lrbench_mpi(ranks, kScenarios + " --jobs 1 --out " + shell_quote(out.string())));
    ASSERT_EQ(r.status, 0) << r.output;
    EXPECT_NE(r.output.find("mixed: worker rank 1 (" + std::string(lrbench::mpi::kFailRankVariable) +
                            " is set to this rank) failed; " + std::to_string(lost) +
                            " in-flight runs put back to run again"),
              std::string::npos)
        << r.output;
    expect_same_outputs(local_, out, "mixed");
    expect_same_outputs(local_, out, "tiny");
  }
}

TEST_F(MpiRun, BadInputIsReportedOnceAndEveryRankLeavesWithStatus2) {
  const fs::path out = fresh_dir("mpi-bad");
  const auto r = run_command(
      lrbench_mpi(3, shell_quote(kSource + "/tests/data/scenarios/misspelt.yaml") + " --out " +
                         shell_quote(out.string())));
  EXPECT_EQ(r.status, 2) << r.output;
  const std::string needle = "misspelt.yaml:";
  const std::size_t first = r.output.find(needle);
  ASSERT_NE(first, std::string::npos) << r.output;
  // Rank 0's diagnostics only: the same file:line once (not once per rank).
  const std::string first_line = r.output.substr(first, r.output.find('\n', first) - first);
  EXPECT_EQ(r.output.find(first_line, first + 1), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(out / "misspelt"));

  const auto shard = run_command(lrbench_mpi(2, kScenarios + " --shard 0/2 --out " + shell_quote(out.string())));
  EXPECT_EQ(shard.status, 2) << shard.output;
  EXPECT_NE(shard.output.find("--mpi and --shard do not go together"), std::string::npos) << shard.output;
}

TEST(MpiBuild, WithoutMpiTheOptionIsAClearError) {
  if (LRBENCH_WITH_MPI) GTEST_SKIP() << "lrbench was built with MPI; this checks the LRBENCH_MPI=OFF build";
  const auto r = run_lrbench("run " + kScenarios + " --mpi --out " + shell_quote(fresh_dir("mpi-none").string()));
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find(lrbench::mpi::kNotBuilt), std::string::npos) << r.output;
}

}  // namespace
