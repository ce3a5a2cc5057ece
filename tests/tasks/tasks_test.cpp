// End-to-end tests of the task layer: each kind of data, validation splits
// and function tasks run through `lrbench run` and show in the report.
#include <filesystem>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli_runner.hpp"
#include "run/jsonl.hpp"

namespace {

namespace fs = std::filesystem;
using lrbench::testing::fresh_dir;
using lrbench::testing::read_file;
using lrbench::testing::run_lrbench;
using lrbench::testing::shell_quote;
using lrbench::testing::write_file;

std::vector<lrbench::run::RunRecord> runs_of(const fs::path& dir) {
  std::vector<std::string> notes;
  return lrbench::run::read_runs(dir / "runs.jsonl", notes);
}

TEST(Tasks, FunctionTaskRunsThroughTheSamePluginsAndReports) {
  const fs::path dir = fresh_dir("tasks-function");
  write_file(dir / "quad.yaml", R"(name: quad
data: {kind: function, function: quadratic, dimensions: 5, condition_number: 50}
training: {epochs: 20, steps_per_epoch: 10}
optimizer: {name: sgd, lr: 0.01}
sweep:
  optimizer.params.momentum: [0, 0.9]
seeds: [0, 1]
)");
  const auto r = run_lrbench("-q run " + shell_quote((dir / "quad.yaml").string()) + " --out " +
                             shell_quote((dir / "out").string()));
  ASSERT_EQ(r.status, 0) << r.output;
  const fs::path out = dir / "out" / "quad";
  const auto records = runs_of(out);
  ASSERT_EQ(records.size(), 4u);
  for (const auto& rec : records) {
    EXPECT_EQ(rec.epochs.train_loss.size(), 20u);
    EXPECT_EQ(rec.epochs.distance.size(), 20u);
    EXPECT_TRUE(rec.epochs.test_accuracy.empty());
    // f − f* falls on a convex quadratic with a small lr, and is ½ d² at most κ/2·d².
    EXPECT_LT(rec.epochs.train_loss.back(), rec.epochs.train_loss.front());
    EXPECT_GE(rec.epochs.train_loss.back(), 0.0);
  }
  const auto summary = nlohmann::json::parse(read_file(out / "summary.json"));
  EXPECT_EQ(summary["task"], "function");
  EXPECT_TRUE(summary["variants"][0]["final_distance"]["mean"].is_number());
  const std::string readme = read_file(out / "README.md");
  for (const char* text : {"**Task**: an ill-conditioned quadratic", "| Variant | Final f − f* |",
                           "Closest to the minimum: **momentum=0.9**", "objective.svg", "distance.svg"}) {
    EXPECT_NE(readme.find(text), std::string::npos) << text << "\n" << readme;
  }
  EXPECT_TRUE(fs::exists(out / "objective.svg"));
  // The report re-renders from runs.jsonl alone.
  fs::remove(out / "README.md");
  ASSERT_EQ(run_lrbench("report " + shell_quote((dir / "out").string())).status, 0);
  EXPECT_EQ(read_file(out / "README.md"), readme);
}

TEST(Tasks, ValidationSplitIsRecordedAndReported) {
  const fs::path dir = fresh_dir("tasks-validation");
  write_file(dir / "val.yaml", R"(name: val
data: {kind: spirals, n_samples: 300, arms: 3, noise: 0.05, split: {train: 0.6, validation: 0.2, stratify: true}}
model:
  layers:
    - {units: 16, activation: tanh}
    - {units: 3, activation: softmax}
training: {epochs: 3, batch_size: 20}
optimizer: {name: adam, lr: 0.01}
target: {validation_accuracy: 0.2}
seeds: [0]
)");
  const auto r = run_lrbench("-q run " + shell_quote((dir / "val.yaml").string()) + " --out " +
                             shell_quote((dir / "out").string()));
  ASSERT_EQ(r.status, 0) << r.output;
  const auto records = runs_of(dir / "out" / "val");
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].epochs.validation_accuracy.size(), 3u);
  const std::string readme = read_file(dir / "out" / "val" / "README.md");
  for (const char* text : {"Final validation acc", "stratified by class: 180 rows (0.6 of them) train, 60 validate, 60 test",
                           "**Target**: validation accuracy ≥ 0.2"}) {
    EXPECT_NE(readme.find(text), std::string::npos) << text << "\n" << readme;
  }
}

TEST(Tasks, CsvNextToTheScenarioAndItsBadRowsBeforeAnyRun) {
  const fs::path dir = fresh_dir("tasks-csv");
  std::string csv = "x,y,label\n";
  for (int i = 0; i < 40; ++i) csv += std::to_string(i % 7) + "," + std::to_string(i % 5) + "," + (i % 2 ? "odd" : "even") + "\n";
  fs::create_directories(dir / "data");
  write_file(dir / "data" / "points.csv", csv);
  const std::string rest = R"(model:
  layers:
    - {units: 2, activation: softmax}
training: {epochs: 2, batch_size: 4}
optimizer: {name: sgd, lr: 0.1}
)";
  write_file(dir / "good.yaml", "data: {kind: csv, path: data/points.csv, label: label, standardize: true}\n" + rest);
  auto r = run_lrbench("-q run " + shell_quote((dir / "good.yaml").string()) + " --out " + shell_quote((dir / "out").string()));
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_NE(read_file(dir / "out" / "good" / "README.md").find("CSV file `data/points.csv`: 40 rows, 2 features, 2 classes"),
            std::string::npos);

  write_file(dir / "data" / "bad.csv", "x,y,label\n1,2,a\n3,,b\n");
  write_file(dir / "bad.yaml", "data: {kind: csv, path: data/bad.csv}\n" + rest);
  r = run_lrbench("run " + shell_quote((dir / "bad.yaml").string()) + " --out " + shell_quote((dir / "out2").string()));
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find("bad.yaml:1:25: error: data.path: " + (dir / "data" / "bad.csv").string() +
                          ":3: column 'y': expected a number, found an empty cell"),
            std::string::npos)
      << r.output;
  EXPECT_FALSE(fs::exists(dir / "out2" / "bad" / "runs.jsonl"));
}

TEST(Tasks, AScenarioDoesNotMixFunctionTasksAndData) {
  const fs::path dir = fresh_dir("tasks-mixed");
  write_file(dir / "mixed.yaml", R"(data: {kind: function, function: rosenbrock}
training: {epochs: 2}
optimizer: {name: sgd, lr: 0.001}
variants:
  - {label: f}
  - {label: blobs, set: {data: {kind: blobs}, model: {layers: [{units: 3, activation: softmax}]}, training: {epochs: 2, batch_size: 10}}}
)");
  const auto r = run_lrbench("run " + shell_quote((dir / "mixed.yaml").string()) + " --out " + shell_quote((dir / "out").string()));
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find("mix a function task with a dataset"), std::string::npos) << r.output;
}

}  // namespace
