// Loading `compare:` scenarios: the trials, the seeds, the selection metric,
// and every refusal with its file:line:col.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "../scenario/fake_catalog.hpp"
#include "comparison/load.hpp"
#include "plugins/registry.hpp"

namespace {

using lrbench::comparison::Comparison;
using lrbench::scenario::Diagnostic;
using lrbench::scenario::ScenarioError;

const fake::Catalog& catalog() {
  static const fake::Catalog instance;
  return instance;
}

const std::string kBase = R"(
name: cmp
data: {kind: blobs, n_samples: 200, centers: 3, n_features: 2, split: {train: 100, validation: 50}}
model: {layers: [{units: 3, activation: softmax}]}
training: {epochs: 2}
seeds: [0, 1]
)";

Comparison load(const std::string& compare) {
  return lrbench::comparison::load_comparison_text(kBase + compare, "cmp.yaml", catalog());
}

std::vector<Diagnostic> errors(const std::string& text) {
  try {
    static_cast<void>(lrbench::comparison::load_comparison_text(text, "cmp.yaml", catalog()));
  } catch (const ScenarioError& e) {
    return e.diagnostics;
  }
  ADD_FAILURE() << "expected a ScenarioError for:\n" << text;
  return {};
}

// One diagnostic at `line`:`column` whose message holds `words`.
void expect_error(const std::string& text, int line, int column, const std::string& words) {
  const std::vector<Diagnostic> diags = errors(text);
  ASSERT_FALSE(diags.empty());
  bool found = false;
  for (const Diagnostic& d : diags) {
    if (d.line == line && d.column == column && d.message.find(words) != std::string::npos) found = true;
  }
  std::string all;
  for (const Diagnostic& d : diags) all += lrbench::scenario::format(d) + "\n";
  EXPECT_TRUE(found) << "wanted " << line << ":" << column << " '" << words << "', got:\n" << all;
}

TEST(ComparisonLoad, GridTrialsPerContender) {
  const Comparison c = load(R"(
compare:
  contenders:
    - {optimizer: sgd, search: {lr: {log_grid: [1e-3, 1e-1, 3]}, momentum: [0, 0.9]}}
    - {optimizer: adam, search: {lr: [0.01, 0.001]}}
)");
  ASSERT_EQ(c.contenders.size(), 2U);
  EXPECT_EQ(c.contenders[0].name, "sgd");
  ASSERT_EQ(c.trials.size(), 6U + 2U);
  ASSERT_EQ(c.tune.variants.size(), c.trials.size());
  // log_grid: 1e-3, 1e-2, 1e-1, momentum fastest.
  EXPECT_EQ(c.trials[0].label, "lr=0.001, momentum=0");
  EXPECT_DOUBLE_EQ(c.trials[0].lr, 1e-3);
  EXPECT_EQ(c.trials[3].label, "lr=0.01, momentum=0.9");
  EXPECT_DOUBLE_EQ(c.trials[5].lr, 0.1);
  EXPECT_DOUBLE_EQ(c.trials[3].point["momentum"].get<double>(), 0.9);
  EXPECT_DOUBLE_EQ(c.tune.variants[3].config.optimizer.params.real("momentum"), 0.9);
  EXPECT_EQ(c.trials[6].contender, 1U);
  EXPECT_EQ(c.tune.variants[6].config.optimizer.name, "adam");
  EXPECT_EQ(c.select_on.name, "validation_accuracy");
  EXPECT_EQ(c.final_metric.name, "test_accuracy");
  EXPECT_FALSE(c.optimistic);
}

TEST(ComparisonLoad, FinalSeedsDefaultToTenFreshOnes) {
  const Comparison c = load(R"(
compare:
  contenders: [{optimizer: sgd, search: {lr: [0.1]}}, {optimizer: adam, search: {lr: [0.1]}}]
)");
  EXPECT_EQ(c.tuning_seeds, (std::vector<std::uint64_t>{0, 1}));
  ASSERT_EQ(c.final_seeds.size(), 10U);
  for (const std::uint64_t s : c.final_seeds) {
    EXPECT_EQ(std::count(c.tuning_seeds.begin(), c.tuning_seeds.end(), s), 0) << s;
  }
}

TEST(ComparisonLoad, FinalSeedsThatAreTuningSeedsAreRefused) {
  expect_error(kBase + R"(
compare:
  final_seeds: [5, 1, 6]
  contenders: [{optimizer: sgd, search: {lr: [0.1]}}, {optimizer: adam, search: {lr: [0.1]}}]
)",
               9, 20, "seed 1 is also a tuning seed");
}

TEST(ComparisonLoad, RandomBudgetIsReproducibleAndPerContender) {
  const std::string two = R"(
compare:
  budget: {random: 5, seed: 3}
  contenders:
    - {optimizer: sgd, search: {lr: {log_uniform: [1e-4, 1]}}}
    - {optimizer: adam, search: {lr: {log_uniform: [1e-4, 1]}}}
)";
  const Comparison a = load(two);
  const Comparison b = load(two);
  ASSERT_EQ(a.trials.size(), 10U);
  for (std::size_t i = 0; i < a.trials.size(); ++i) {
    EXPECT_EQ(a.trials[i].label, b.trials[i].label);
    EXPECT_GE(a.trials[i].lr, 1e-4);
    EXPECT_LE(a.trials[i].lr, 1.0);
  }
  // Adding a contender leaves the others' draws as they were.
  const Comparison c = load(two + "    - {name: other, optimizer: adam, search: {lr: {log_uniform: [1e-4, 1]}}}\n");
  for (std::size_t i = 0; i < a.trials.size(); ++i) EXPECT_EQ(a.trials[i].label, c.trials[i].label);
}

TEST(ComparisonLoad, LogUniformNeedsARandomBudget) {
  expect_error(kBase + R"(
compare:
  contenders: [{optimizer: sgd, search: {lr: {log_uniform: [1e-4, 1]}}}, {optimizer: adam, search: {lr: [0.1]}}]
)",
               9, 42, "log_uniform needs a random budget");
}

TEST(ComparisonLoad, UnknownParameterIsReportedAtItsKey) {
  const std::vector<Diagnostic> diags = errors(kBase + R"(
compare:
  contenders: [{optimizer: sgd, search: {lr: [0.1], momentom: [0.9]}}, {optimizer: adam, search: {lr: [0.1]}}]
)");
  ASSERT_FALSE(diags.empty());
  bool found = false;
  for (const Diagnostic& d : diags) {
    if (d.line == 9 && d.message.find("momentom") != std::string::npos) found = true;
  }
  EXPECT_TRUE(found) << lrbench::scenario::format(diags.front());
}

TEST(ComparisonLoad, OutOfRangeSearchValueIsReportedAtTheValue) {
  expect_error(kBase + R"(
compare:
  contenders: [{optimizer: sgd, search: {lr: [0.1], momentum: [0.5, 1.5]}}, {optimizer: adam, search: {lr: [0.1]}}]
)",
               9, 69, "expected a number in [0, 1), found 1.5");
}

TEST(ComparisonLoad, SelectionOnTestIsRefusedWhenThereIsAValidationSplit) {
  expect_error(kBase + R"(
compare:
  select_on: test_accuracy
  contenders: [{optimizer: sgd, search: {lr: [0.1]}}, {optimizer: adam, search: {lr: [0.1]}}]
)",
               9, 14, "has a validation split");
}

TEST(ComparisonLoad, WithoutValidationSplitSelectingOnTestIsOptimistic) {
  const std::string no_validation = R"(
name: cmp
data: {kind: blobs, n_samples: 200, centers: 3, n_features: 2, split: {train: 100}}
model: {layers: [{units: 3, activation: softmax}]}
training: {epochs: 2}
)";
  expect_error(no_validation + R"(
compare:
  contenders: [{optimizer: sgd, search: {lr: [0.1]}}, {optimizer: adam, search: {lr: [0.1]}}]
)",
               8, 3, "has no validation split to select on");
  const Comparison c = lrbench::comparison::load_comparison_text(no_validation + R"(
compare:
  select_on: test_accuracy
  contenders: [{optimizer: sgd, search: {lr: [0.1]}}, {optimizer: adam, search: {lr: [0.1]}}]
)",
                                                                 "cmp.yaml", catalog());
  EXPECT_TRUE(c.optimistic);
}

TEST(ComparisonLoad, SweepAndDuplicateNamesAreRefused) {
  expect_error(kBase + R"(
sweep: {optimizer.lr: [0.1]}
compare:
  contenders: [{optimizer: sgd, search: {lr: [0.1]}}, {optimizer: adam, search: {lr: [0.1]}}]
)",
               8, 1, "does not apply");
  expect_error(kBase + R"(
compare:
  contenders: [{optimizer: sgd, search: {lr: [0.1]}}, {optimizer: sgd, search: {lr: [0.2]}}]
)",
               9, 67, "two contenders are named 'sgd'");
}

TEST(ComparisonLoad, AtLeastTwoContenders) {
  expect_error(kBase + R"(
compare:
  contenders: [{optimizer: sgd, search: {lr: [0.1]}}]
)",
               9, 15, "at least two contenders");
}

// The shipped comparisons load against the shipped plugins: every trial of
// every contender is a valid configuration, and the blobs comparison covers
// every shipped optimizer.
TEST(ComparisonLoad, ShippedComparisonsAreValid) {
  lrbench::plugins::Registry registry;
  registry.load_directory(LRBENCH_PLUGIN_DIR);
  for (const char* file : {"blobs.yaml", "shapes.yaml", "functions.yaml"}) {
    const std::string path = std::string(LRBENCH_SOURCE_DIR) + "/scenarios/compare/" + file;
    Comparison c;
    try {
      c = lrbench::comparison::load_comparison(path, registry);
    } catch (const ScenarioError& e) {
      ADD_FAILURE() << e.what();
      continue;
    }
    EXPECT_GE(c.contenders.size(), 10U) << file;
    EXPECT_FALSE(c.trials.empty()) << file;
  }
  const Comparison blobs =
      lrbench::comparison::load_comparison(std::string(LRBENCH_SOURCE_DIR) + "/scenarios/compare/blobs.yaml", registry);
  std::set<std::string> compared;
  for (const auto& k : blobs.contenders) compared.insert(k.optimizer);
  for (const std::string& name : registry.names(lrbench::PluginKind::optimizer)) {
    EXPECT_EQ(compared.count(name), 1U) << "shipped optimizer '" << name << "' is missing from scenarios/compare/blobs.yaml";
  }
}

}  // namespace
