// The data section beyond make_blobs' own keys: the split (train,
// validation, test, stratify), what it implies for the rest of the scenario
// (batch size, validation targets, schedules watching a metric), and the
// setup lines a report prints.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
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

namespace kinds {

using namespace scenario_test;
namespace fs = std::filesystem;

const std::string kModel2 = R"(model:
  layers:
    - {units: 8, activation: relu}
    - {units: 2, activation: softmax}
training: {epochs: 2, batch_size: 10}
optimizer: {name: sgd, lr: 0.1}
)";

TEST(DataKinds, MoonsTakeScikitLearnsArguments) {
  const Scenario s = load("data: {kind: moons, n_samples: 101, noise: 0.2, random_state: 4, shuffle: false}\n" +
                          kModel2);
  const auto& m = std::get<lrbench::data::MoonsSpec>(s.variants.at(0).config.data.source);
  EXPECT_EQ(m.n_samples_out, 50);
  EXPECT_EQ(m.n_samples_in, 51);
  EXPECT_EQ(m.noise, 0.2);
  EXPECT_FALSE(m.shuffle);
  EXPECT_EQ(s.variants.at(0).config.resolved["data"]["kind"], "moons");
  auto d = errors("data: {kind: moons, factor: 0.5}\n" + kModel2);
  EXPECT_TRUE(has(d, 1, 21, "data.factor", "unknown key 'factor'"));
}

TEST(DataKinds, CirclesTakeScikitLearnsArguments) {
  const Scenario s = load("data: {kind: circles, n_samples: [30, 21], noise: 0.1, factor: 0.5, random_state: 3}\n" +
                          kModel2);
  const auto& c = std::get<lrbench::data::CirclesSpec>(s.variants.at(0).config.data.source);
  EXPECT_EQ(c.n_samples_out, 30);
  EXPECT_EQ(c.n_samples_in, 21);
  EXPECT_EQ(c.factor, 0.5);
  EXPECT_EQ(s.variants.at(0).config.resolved["data"]["n_samples"], nlohmann::json::parse("[30, 21]"));
  const Scenario even = load("data: {kind: circles, n_samples: 100}\n" + kModel2);
  EXPECT_EQ(even.variants.at(0).config.resolved["data"]["n_samples"], 100);
  EXPECT_EQ(even.variants.at(0).config.rows.train, 50);
  auto d = errors("data: {kind: circles, factor: 1, centers: 2}\n" + kModel2);
  EXPECT_TRUE(has(d, 1, 31, "data.factor", "expected a number in [0, 1), found 1"));
  EXPECT_TRUE(has(d, 1, 34, "data.centers", "unknown key 'centers'"));
}

TEST(DataKinds, SpiralsArmsAreTheClasses) {
  auto d = errors("data: {kind: spirals, arms: 4}\n" + kModel2);
  EXPECT_TRUE(has(d, 5, 15, "model.layers.1.units", "the last layer needs one unit per class: the data has 4 classes, found 2"));
  EXPECT_NO_THROW((void)load("data: {kind: spirals, arms: 2, turns: 1.5, noise: 0.05}\n" + kModel2));
}

TEST(DataKinds, UnknownKindSuggestsTheNearestOrListsThem) {
  auto d = errors("data: {kind: circle}\n" + kModel2);
  EXPECT_TRUE(has(d, 1, 14, "data.kind", "unknown data kind 'circle'; did you mean 'circles'?"));
  d = errors("data: {kind: parquet}\n" + kModel2);
  EXPECT_TRUE(has(d, 1, 14, "data.kind", "unknown data kind 'parquet'; expected one of: blobs, circles, moons, spirals, csv"));
}

TEST(DataKinds, CsvPathIsRelativeToTheScenarioAndItsProblemsAreReportedThere) {
  const fs::path dir = fs::temp_directory_path() / ("lrbench-data-kinds-" + std::to_string(::getpid()));
  fs::create_directories(dir / "data");
  std::ofstream(dir / "data" / "two.csv") << "a,b,label\n1,2,x\n3,4,y\n5,6,x\n7,8,y\n";
  std::ofstream(dir / "data" / "bad.csv") << "a,b,label\n1,2,x\n3,four,y\n";
  const std::string file = (dir / "study.yaml").string();
  const Scenario s = load("data: {kind: csv, path: data/two.csv, label: label, standardize: true}\n" +
                              std::string("model: {layers: [{units: 2, activation: softmax}]}\n"
                                          "training: {epochs: 1, batch_size: 2}\noptimizer: {name: sgd, lr: 0.1}\n"),
                          {}, file);
  const auto& csv = std::get<lrbench::data::CsvSpec>(s.variants.at(0).config.data.source);
  EXPECT_EQ(csv.path, "data/two.csv");
  EXPECT_EQ(fs::path(csv.file), (dir / "data" / "two.csv").lexically_normal());
  EXPECT_EQ(s.variants.at(0).config.shape.features, 2);
  EXPECT_EQ(s.variants.at(0).config.resolved["data"]["path"], "data/two.csv");  // as written: ids move with the folder

  const auto d = errors("data: {kind: csv, path: data/bad.csv}\n" + kModel2, {}, file);
  EXPECT_TRUE(has(d, 1, 25, "data.path",
                  (dir / "data" / "bad.csv").lexically_normal().string() +
                      ":3: column 'b': expected a number, found 'four'"));
  const auto missing = errors("data: {kind: csv}\n" + kModel2, {}, file);
  EXPECT_TRUE(has(missing, 1, 7, "data", "missing required key 'path'"));
  fs::remove_all(dir);
}

TEST(DataKinds, IdxTestFilesComeInPairsAndFashionMnistNamesItsPackage) {
  auto d = errors("data: {kind: idx, images: a.gz, labels: b.gz, test_images: c.gz}\n" + kModel2);
  EXPECT_TRUE(has(d, 1, 47, "data.test_images", "give test_images and test_labels together, or neither"));
  d = errors("data: {kind: fashion_mnist, path: /nonexistent/fashion}\n" + kModel2);
  EXPECT_TRUE(has(d, 1, 35, "data.path", "install Debian's package dataset-fashion-mnist"));
}

}  // namespace kinds
