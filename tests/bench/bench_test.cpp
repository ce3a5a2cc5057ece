// bench: the byte and FLOP formulas, the Markdown rendered from Google
// Benchmark JSON, and a smoke run of `lrbench bench` (no timing assertions:
// only that valid JSON and Markdown come out).
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "cli_runner.hpp"
#include <nlohmann/json.hpp>

#include "bench/bench.hpp"
#include "compare/compare.hpp"

namespace {

namespace fs = std::filesystem;

TEST(Formulas, BytesPerStepCountsWeightsGradsAndState) {
  // n·4·(2 + 1 + 2·state): sgd without momentum 12 bytes/param, Adam 28.
  EXPECT_DOUBLE_EQ(lrbench::bench::bytes_per_step(1000, 0), 12'000.0);
  EXPECT_DOUBLE_EQ(lrbench::bench::bytes_per_step(1000, 2), 28'000.0);
  EXPECT_DOUBLE_EQ(lrbench::bench::bytes_per_step(10, 3), 360.0);
}

TEST(Formulas, ForwardFlopsAreTwoInOutPerLayer) {
  EXPECT_DOUBLE_EQ(lrbench::bench::forward_flops({2, 50, 3}), 2.0 * (2 * 50 + 50 * 3));
  EXPECT_DOUBLE_EQ(lrbench::bench::forward_flops({32, 256, 256, 10}), 2.0 * (32 * 256 + 256 * 256 + 256 * 10));
}

// Forward, weight gradients, and input gradients of all layers but the first.
TEST(Formulas, TrainingFlopsSkipTheFirstLayersInputGradient) {
  EXPECT_DOUBLE_EQ(lrbench::bench::training_flops({2, 50, 3}), 2.0 * (2 * (2 * 50 + 50 * 3)) + 2.0 * (50 * 3));
  EXPECT_DOUBLE_EQ(lrbench::bench::training_flops({784, 256, 128, 10}),
                   2.0 * 2.0 * (784 * 256 + 256 * 128 + 128 * 10) + 2.0 * (256 * 128 + 128 * 10));
}

nlohmann::json row(const std::string& name, double time, const std::string& unit, int rep, int reps,
                   nlohmann::json counters = nlohmann::json::object()) {
  nlohmann::json r = {{"name", name}, {"run_name", name}, {"run_type", "iteration"}, {"repetitions", reps},
                      {"repetition_index", rep}, {"threads", 1}, {"iterations", 100}, {"real_time", time},
                      {"cpu_time", time}, {"time_unit", unit}};
  r.update(counters);
  return r;
}

TEST(Markdown, MediansRatiosBandwidthAndWarnings) {
  nlohmann::json doc = {{"context", {{"cpu_scaling_enabled", true}, {"lrbench_build_type", "Debug"},
                                      {"num_cpus", 2}}},
                        {"benchmarks", nlohmann::json::array()}};
  auto& rows = doc["benchmarks"];
  for (int i = 0; i < 3; ++i) {
    rows.push_back(row("boundary/sgd/plugin/1000", 2.0 + i, "us", i, 3, {{"bytes_per_second", 5e9}}));
  }
  for (int i = 0; i < 3; ++i) rows.push_back(row("boundary/sgd/direct/1000", 1.5 + i, "us", i, 3));
  rows.push_back(row("optimizer/sgd/10000000", 20.0, "ms", 0, 1, {{"bytes_per_second", 6e9}, {"params_per_second", 5e8}}));
  rows.push_back(row("stream/triad/10000000", 10.0, "ms", 0, 1, {{"bytes_per_second", 12e9}}));
  nlohmann::json aggregate = row("boundary/sgd/plugin/1000", 99.0, "us", 0, 3);
  aggregate["run_type"] = "aggregate";
  aggregate["aggregate_name"] = "median";
  aggregate["name"] = "boundary/sgd/plugin/1000_median";
  rows.push_back(aggregate);  // ignored: the repetitions are there

  const std::string md = lrbench::bench::render_markdown(doc, "results.json");
  EXPECT_NE(md.find("built as `Debug`"), std::string::npos) << md;
  EXPECT_NE(md.find("CPU frequency scaling was enabled"), std::string::npos) << md;
  // Median 3 µs of {2, 3, 4}; spread −33.3% / +33.3%.
  EXPECT_NE(md.find("| `boundary/sgd/plugin/1000` | 3 | 3 us | −33.3% / +33.3% |"), std::string::npos) << md;
  // Plugin ÷ direct = 3 / 2.5.
  EXPECT_NE(md.find("| `boundary/sgd/1000` | 3 us | 2.5 us | 1.20 |"), std::string::npos) << md;
  // 6 GB/s of a 12 GB/s triad.
  EXPECT_NE(md.find("| 6 G | 500 M | 50% |"), std::string::npos) << md;
  EXPECT_THROW((void)lrbench::bench::render_markdown(nlohmann::json::object(), "x.json"), std::runtime_error);
}

// ---- lrbench bench (smoke) ------------------------------------------------------

using Result = lrbench::testing::CommandResult;

Result lrbench(const std::string& args) { return lrbench::testing::run_lrbench(args); }

std::string read(const fs::path& file) {
  std::ifstream in(file);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(BenchCommand, WritesGoogleBenchmarkJsonAndMarkdown) {
  const fs::path dir = fs::temp_directory_path() / ("lrbench-bench-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  const fs::path json = dir / "results.json";
  const fs::path md = dir / "README.md";
  const Result r = lrbench("bench '--benchmark_filter=^(schedule/constant|optimizer/sgd/1000)$' "
                           "--benchmark_min_time=0.01 --benchmark_repetitions=2 --benchmark_out=" +
                           json.string() + " --markdown " + md.string());
  ASSERT_EQ(r.status, 0) << r.output;
  const auto doc = nlohmann::json::parse(read(json));
  ASSERT_TRUE(doc.at("benchmarks").is_array());
  bool schedule = false;
  bool optimizer = false;
  for (const auto& b : doc.at("benchmarks")) {
    schedule = schedule || b.at("name") == "schedule/constant";
    if (b.at("name") == "optimizer/sgd/1000") {
      optimizer = true;
      EXPECT_GT(b.at("params_per_second").get<double>(), 0.0);
      EXPECT_GT(b.at("bytes_per_second").get<double>(), 0.0);
    }
  }
  EXPECT_TRUE(schedule && optimizer) << doc.dump(1);
  EXPECT_TRUE(doc.at("context").contains("lrbench_build_type"));
  const std::string text = read(md);
  EXPECT_NE(text.find("## Context"), std::string::npos) << text;
  EXPECT_NE(text.find("`optimizer/sgd/1000` | 2 |"), std::string::npos) << text;

  // The JSON is what lrbench compare reads.
  const auto speed = lrbench::compare::load_speed(json);
  EXPECT_EQ(speed.benchmarks.at("schedule/constant").real_time_ns.size(), 2U);
  // Two repetitions cannot decide anything: compare says so (exit 3).
  EXPECT_EQ(lrbench("compare " + json.string() + " " + json.string()).status, 3);

  // Re-render from the saved JSON.
  const fs::path again = dir / "again.md";
  const Result rr = lrbench("bench --markdown-from " + json.string() + " --markdown " + again.string());
  ASSERT_EQ(rr.status, 0) << rr.output;
  EXPECT_EQ(read(again), text);
  fs::remove_all(dir);
}

// The README's speed figures are rendered from the committed throughput
// report; this keeps them in agreement (regenerate with
// `lrbench bench --markdown-from reports/throughput/results.json --readme README.md`).
TEST(Readme, SpeedFiguresAgreeWithTheCommittedThroughputReport) {
  const fs::path source = LRBENCH_SOURCE_DIR;
  const auto results = nlohmann::json::parse(read(source / "reports/throughput/results.json"));
  const auto side = nlohmann::json::parse(read(source / "reports/throughput/side-by-side.json"));
  const std::string readme = read(source / "README.md");
  const auto blocks = lrbench::bench::render_readme_blocks(results, side);
  EXPECT_EQ(lrbench::bench::rewrite_readme(readme, blocks), readme)
      << "README.md's generated figures differ from reports/throughput/: run\n"
         "  lrbench bench --markdown-from reports/throughput/results.json --readme README.md\n"
      << blocks.speed << "\n"
      << blocks.isolate_cost;
  // And the throughput report itself is the rendering of the same files.
  const std::string report = read(source / "reports/throughput/README.md");
  EXPECT_EQ(lrbench::bench::render_markdown(results, "results.json", &side), report);
}

TEST(Readme, MarkedBlocksAreReplacedAndRequired) {
  EXPECT_EQ(lrbench::bench::replace_marked_block("a<!-- x:begin -->old<!-- x:end -->b", "x", "new"),
            "a<!-- x:begin -->new<!-- x:end -->b");
  EXPECT_THROW((void)lrbench::bench::replace_marked_block("no markers", "x", "new"), std::runtime_error);
}

TEST(BenchCommand, RejectsUnknownArgumentsAndEmptyFilters) {
  EXPECT_EQ(lrbench("bench --no-such-flag").status, 2);
  EXPECT_EQ(lrbench("bench --benchmark_no_such_flag=1").status, 2);
  EXPECT_EQ(lrbench("bench --benchmark_filter=^nothing-matches$").status, 2);
}

}  // namespace
