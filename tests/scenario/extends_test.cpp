// `extends`: a scenario merged over the file it names. What matters to a
// user: the merge rule (maps deep, everything else replaced), that every
// diagnostic names the file and line the value came from, and that chains
// work while cycles are refused instead of recursing forever.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

#include "fake_catalog.hpp"
#include "scenario/loader.hpp"

namespace {

namespace fs = std::filesystem;
using lrbench::scenario::Diagnostic;
using lrbench::scenario::Scenario;
using lrbench::scenario::ScenarioError;

const fake::Catalog kCatalog;

// A fresh folder per test, removed afterwards.
class Extends : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("lrbench_extends_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path write(const std::string& relative, const std::string& text) {
    const fs::path file = dir_ / relative;
    fs::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << text;
    return file;
  }
  Scenario load(const fs::path& file) { return lrbench::scenario::load_scenario(file, kCatalog); }
  std::vector<Diagnostic> errors(const fs::path& file) {
    try {
      static_cast<void>(load(file));
    } catch (const ScenarioError& e) {
      return e.diagnostics;
    }
    ADD_FAILURE() << "expected a ScenarioError for " << file;
    return {};
  }

  fs::path dir_;
};

std::string dump(const std::vector<Diagnostic>& diags) {
  std::string out;
  for (const auto& d : diags) out += lrbench::scenario::format(d) + "\n";
  return out;
}

// The diagnostic in `file` at line:col whose message contains `text`.
::testing::AssertionResult has(const std::vector<Diagnostic>& diags, const fs::path& file, int line, int col,
                               const std::string& text) {
  for (const auto& d : diags)
    if (fs::path(d.file) == file && d.line == line && d.column == col && d.message.find(text) != std::string::npos)
      return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "no diagnostic " << file << ":" << line << ":" << col << " '" << text
                                       << "' in:\n"
                                       << dump(diags);
}

// 17 lines, a complete scenario but for its name.
const std::string kStudy = R"(name: the-base
description: shared setup
data:
  kind: blobs
  n_samples: 100
model:
  layers:
    - {units: 8, activation: relu, init: he_uniform}
    - {units: 3, activation: softmax}
training:
  epochs: 10
  batch_size: 16
optimizer:
  name: sgd
  lr: 0.01
  params: {momentum: 0.5, nesterov: true}
seeds: [0, 1, 2]
)";

TEST_F(Extends, MapsMergeDeeplyListsAndScalarsReplace) {
  write("base/study.yaml", kStudy);
  const fs::path file = write("01-child.yaml", R"(extends: base/study.yaml
training: {epochs: 20}
optimizer:
  params: {momentum: 0.9}
seeds: [7]
sweep:
  optimizer.lr: [0.1, 0.01]
)");
  const Scenario s = load(file);
  // The base's name is not inherited: it defaults to the extending file's.
  EXPECT_EQ(s.name, "01-child");
  EXPECT_EQ(s.description, "shared setup");
  ASSERT_EQ(s.variants.size(), 2U);
  const auto& c = s.variants[1].config;
  EXPECT_EQ(c.training.epochs, 20);       // overridden
  EXPECT_EQ(c.training.batch_size, 16);   // kept from the base's map
  EXPECT_EQ(std::get<lrbench::data::BlobsSpec>(c.data.source).n_samples, 100);
  EXPECT_EQ(c.optimizer.name, "sgd");
  EXPECT_DOUBLE_EQ(c.optimizer.lr, 0.01);
  EXPECT_DOUBLE_EQ(c.optimizer.params.real("momentum"), 0.9);
  EXPECT_TRUE(c.optimizer.params.flag("nesterov"));  // deep: a sibling survives
  EXPECT_EQ(s.seeds, (std::vector<std::uint64_t>{7}));  // a list replaces, never appends
  EXPECT_EQ(s.variants[0].label, "lr=0.1");
}

TEST_F(Extends, ListInsideAMapIsReplacedWhole) {
  write("base.yaml", kStudy);
  const fs::path file = write("child.yaml", R"(extends: base.yaml
model:
  layers:
    - {units: 3, activation: softmax}
)");
  const Scenario s = load(file);
  ASSERT_EQ(s.variants.size(), 1U);
  EXPECT_EQ(s.variants[0].config.model.layers.size(), 1U);
}

TEST_F(Extends, DiagnosticsNameTheFileTheValueCameFrom) {
  // A bad value in the base (line 12: batch_size larger than the data) and
  // one in the extending file (line 3: lr), in one report.
  const fs::path base = write("base/study.yaml", [] {
    std::string t = kStudy;
    t.replace(t.find("batch_size: 16"), 14, "batch_size: 999");
    return t;
  }());
  const fs::path file = write("child.yaml", R"(extends: base/study.yaml
optimizer:
  lr: -1
  params: {momentun: 0.9}
)");
  const auto diags = errors(file);
  EXPECT_TRUE(has(diags, base.lexically_normal(), 12, 15, "larger than the training set"));
  EXPECT_TRUE(has(diags, file, 3, 7, "expected a number > 0"));
  EXPECT_TRUE(has(diags, file, 4, 12, "did you mean 'momentum'"));
  // The report is printed with the file, so an editor can jump there.
  EXPECT_NE(dump(diags).find("study.yaml:12:15: error: training.batch_size"), std::string::npos) << dump(diags);
}

TEST_F(Extends, UnknownKeyInTheBaseIsReportedThere) {
  const fs::path base = write("base.yaml", "data: {kind: blobs, n_sample: 10}\n");
  const fs::path file = write("child.yaml", "extends: base.yaml\n");
  EXPECT_TRUE(has(errors(file), base, 1, 21, "did you mean 'n_samples'"));
}

TEST_F(Extends, ChainsResolveRelativeToEachFile) {
  // child → mid/mid.yaml → ../root/root.yaml: each path relative to the
  // file that names it.
  write("root/root.yaml", kStudy);
  write("mid/mid.yaml", "extends: ../root/root.yaml\ntraining: {epochs: 5}\n");
  const fs::path file = write("child.yaml", "extends: mid/mid.yaml\noptimizer: {lr: 0.5}\n");
  const Scenario s = load(file);
  ASSERT_EQ(s.variants.size(), 1U);
  EXPECT_EQ(s.variants[0].config.training.epochs, 5);
  EXPECT_EQ(s.variants[0].config.training.batch_size, 16);
  EXPECT_DOUBLE_EQ(s.variants[0].config.optimizer.lr, 0.5);
  EXPECT_EQ(s.name, "child");
}

TEST_F(Extends, CyclesAreRefused) {
  write("a.yaml", "extends: b.yaml\n");
  const fs::path b = write("b.yaml", "extends: sub/../a.yaml\n");
  const auto diags = errors(dir_ / "a.yaml");
  ASSERT_EQ(diags.size(), 1U) << dump(diags);
  EXPECT_TRUE(has(diags, b, 1, 10, "extends itself: a.yaml → b.yaml → a.yaml"));
  EXPECT_EQ(diags[0].path, "extends");

  const fs::path self = write("self.yaml", "extends: ./self.yaml\n");
  EXPECT_TRUE(has(errors(self), self, 1, 10, "extends itself"));
}

TEST_F(Extends, BadExtendsValues) {
  const fs::path missing = write("missing.yaml", "extends: nowhere.yaml\n");
  EXPECT_TRUE(has(errors(missing), missing, 1, 10, "cannot extend 'nowhere.yaml'"));

  const fs::path list = write("list.yaml", "extends: [a.yaml, b.yaml]\n");
  EXPECT_TRUE(has(errors(list), list, 1, 10, "expected the path of a YAML file, found a list"));

  write("scalar.yaml", "just a string\n");
  const fs::path of_scalar = write("of-scalar.yaml", "extends: scalar.yaml\n");
  EXPECT_TRUE(has(errors(of_scalar), dir_ / "scalar.yaml", 1, 1, "must hold a map"));

  fs::create_directories(dir_ / "folder");
  const fs::path folder = write("folder-child.yaml", "extends: folder\n");
  EXPECT_TRUE(has(errors(folder), folder, 1, 10, "is a directory"));

  const fs::path bad_yaml = write("bad.yaml", "data: {kind: [\n");
  const fs::path of_bad = write("of-bad.yaml", "extends: bad.yaml\n");
  const auto diags = errors(of_bad);
  ASSERT_FALSE(diags.empty());
  EXPECT_EQ(fs::path(diags[0].file), bad_yaml);
  EXPECT_NE(diags[0].message.find("YAML syntax error"), std::string::npos) << dump(diags);
}

TEST_F(Extends, SweepKeyErrorsPointIntoTheFileThatSweeps) {
  write("base.yaml", kStudy);
  const fs::path file = write("child.yaml", "extends: base.yaml\nsweep:\n  optimizer.lrr: [1, 2]\n");
  EXPECT_TRUE(has(errors(file), file, 3, 3, "did you mean 'lr'"));
}

}  // namespace
