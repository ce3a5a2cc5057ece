// The data section beyond make_blobs' own keys: the split (train,
// validation, test, stratify), what it implies for the rest of the scenario
// (batch size, validation targets, schedules watching a metric), and the
// setup lines a report prints.
#include <gtest/gtest.h>

#include <string>

#include "load_helpers.hpp"

namespace {

using namespace scenario_test;

// `split` goes on line 5 (column 3).
std::string scenario(const std::string& split, const std::string& extra = "") {
  return R"(data:
  kind: blobs
  n_samples: 100
  centers: 3
  )" + split + R"(
model:
  layers:
    - {units: 8, activation: relu}
    - {units: 3, activation: softmax}
training: {epochs: 2, batch_size: 10}
optimizer: {name: sgd, lr: 0.1}
)" + extra;
}

TEST(DataSplit, ValidationAndTestCountsAndFractions) {
  const Scenario s = load(scenario("split: {train: 60, validation: 0.1, test: 20, stratify: true}"));
  const auto& c = s.variants.at(0).config;
  EXPECT_EQ(c.rows.train, 60);
  EXPECT_EQ(c.rows.validation, 10);
  EXPECT_EQ(c.rows.test, 20);
  EXPECT_TRUE(c.data.split.stratify);
  EXPECT_EQ(c.resolved["data"]["split"],
            nlohmann::json::parse(R"({"train": 60, "validation": 0.1, "test": 20, "stratify": true})"));
  EXPECT_EQ(s.setup_lines.at(0).topic, "Data");
  EXPECT_NE(s.setup_lines.at(0).text.find("stratified by class: 60 rows train, 10 validate, 20 test"),
            std::string::npos)
      << s.setup_lines.at(0).text;
}

TEST(DataSplit, TestAloneLeavesTheRestToTraining) {
  const Scenario s = load(scenario("split: {test: 0.3, validation: 10}"));
  const auto& c = s.variants.at(0).config;
  EXPECT_EQ(c.rows.train, 60);
  EXPECT_EQ(c.rows.validation, 10);
  EXPECT_EQ(c.rows.test, 30);
  EXPECT_NE(s.setup_lines.at(0).text.find("the first 60 rows train, the next 10 validate, the other 30 test"),
            std::string::npos);
}

TEST(DataSplit, DefaultsKeepTheCanonicalFormShort) {
  // No validation, no test, no stratify: the canonical split is {train} only,
  // so run ids of existing scenarios do not change.
  const Scenario s = load(scenario("split: {train: 50, stratify: false}"));
  EXPECT_EQ(s.variants.at(0).config.resolved["data"]["split"], nlohmann::json::parse(R"({"train": 50})"));
}

TEST(DataSplit, PartsThatDoNotFitAreReportedAtTheSplit) {
  auto d = errors(scenario("split: {train: 80, validation: 15, test: 10}"));
  EXPECT_TRUE(has(d, 5, 10, "data.split",
                  "the split asks for 105 rows (train 80, validation 15, test 10) but the data has 100"));
  d = errors(scenario("split: {validation: 10}"));
  EXPECT_TRUE(has(d, 5, 10, "data.split", "missing required key 'train'"));
  d = errors(scenario("split: {train: 50, validation: 0.001, stratify: yes}"));
  EXPECT_TRUE(has(d, 5, 34, "data.split.validation", "a fraction of 0.001 leaves 0 of 100 rows for validation"));
  EXPECT_TRUE(has(d, 5, 51, "data.split.stratify", "expected true or false, found 'yes'"));
  d = errors(scenario("split: {train: 50, tset: 10}"));
  EXPECT_TRUE(has(d, 5, 22, "data.split.tset", "unknown key 'tset'; did you mean 'test'?"));
}

TEST(DataSplit, BatchSizeIsCheckedAgainstTheTrainingPart) {
  const auto d = errors(scenario("split: {test: 95}"));
  EXPECT_TRUE(has(d, 10, 35, "training.batch_size", "batch_size 10 is larger than the training set (5 rows)"));
}

TEST(DataSplit, ValidationTargetNeedsAValidationSplit) {
  EXPECT_NO_THROW((void)load(scenario("split: {train: 50, validation: 10}", "target: {validation_accuracy: 0.9}\n")));
  const auto d = errors(scenario("split: {train: 50}", "target: {validation_accuracy: 0.9}\n"));
  EXPECT_TRUE(has(d, 12, 10, "target.validation_accuracy", "variant 'base' has no validation split"));
}

TEST(DataSplit, ScheduleWatchingValidationNeedsAValidationSplit) {
  const std::string watch = "schedule: {name: plateau, tick: epoch, params: {monitor: validation_loss}}\n";
  const Scenario s = load(scenario("split: {train: 50, validation: 10}", watch));
  EXPECT_NE(s.setup_lines.at(4).text.find("watching the validation loss"), std::string::npos)
      << s.setup_lines.at(4).text;
  const auto d = errors(scenario("split: {train: 50}", watch));
  EXPECT_TRUE(has(d, 12, 11, "schedule", "'plateau' watches validation_loss, but the data has no validation split"));
  // Watching the test loss needs nothing more.
  EXPECT_NO_THROW((void)load(scenario("split: {train: 50}", "schedule: {name: plateau}\n")));
}

}  // namespace
