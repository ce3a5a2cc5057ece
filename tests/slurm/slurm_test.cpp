// examples/slurm/ for real: run_slurm_array.sh starts a one-node Slurm
// cluster, submits the example's array of shards and its dependent merge job,
// and stops the daemons; the merged folder must be what a local run writes.
// Skipped (with the script's reason) where Slurm is not installed or its
// daemons cannot start.
#include <gtest/gtest.h>

#include "same_outputs.hpp"
#include "cli_runner.hpp"

namespace {

namespace fs = std::filesystem;
using lrbench::testing::fresh_dir;
using lrbench::testing::shell_quote;

TEST(SlurmArray, ShardsAndMergeJobWriteWhatALocalRunWrites) {
  const fs::path dir = fresh_dir("slurm-array");
  const std::string source = LRBENCH_SOURCE_DIR;
  const auto r = lrbench::testing::run_command(
      "bash " + shell_quote(source + "/tests/slurm/run_slurm_array.sh") + " " + shell_quote(LRBENCH_EXE) + " " +
      shell_quote(source) + " " + shell_quote((dir / "slurm").string()) + " 2>&1");
  if (r.status == 77) GTEST_SKIP() << r.output;
  ASSERT_EQ(r.status, 0) << r.output;
  const auto local = lrbench::testing::run_lrbench(
      "run " + shell_quote(source + "/tests/shard/scenarios/mixed.yaml") + " " +
      shell_quote(source + "/tests/data/scenarios/tiny.yaml") + " --jobs 1 --quiet --out " +
      shell_quote((dir / "local").string()));
  ASSERT_EQ(local.status, 0) << local.output;
  lrbench::shard_test::expect_same_outputs(dir / "local", dir / "slurm", "mixed");
  lrbench::shard_test::expect_same_outputs(dir / "local", dir / "slurm", "tiny");
  // One shard per array task: each wrote its own files.
  for (int i = 0; i < 3; ++i)
    EXPECT_TRUE(fs::exists(dir / "slurm" / "mixed" / ("runs.shard-" + std::to_string(i) + "-of-3.jsonl"))) << i;
}

}  // namespace
