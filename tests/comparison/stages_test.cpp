// The stages and the analysis on hand-made run records: selection reads only
// the select_on metric (never the test split), the ids are stable and
// disjoint between stages, and identical contenders tie.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

#include "../scenario/fake_catalog.hpp"
#include "comparison/analyse.hpp"
#include "comparison/load.hpp"
#include "comparison/markdown.hpp"
#include "comparison/stages.hpp"

namespace {

using lrbench::comparison::Comparison;
using lrbench::run::RunRecord;
using Records = std::map<std::string, RunRecord>;

const fake::Catalog& catalog() {
  static const fake::Catalog instance;
  return instance;
}

Comparison two_contenders(const std::string& second) {
  return lrbench::comparison::load_comparison_text(R"(
name: cmp
data: {kind: blobs, n_samples: 200, centers: 3, n_features: 2, split: {train: 100, validation: 50}}
model: {layers: [{units: 3, activation: softmax}]}
training: {epochs: 2}
seeds: [0, 1]
compare:
  final_seeds: 4
  contenders:
    - {name: a, optimizer: sgd, search: {lr: [0.1, 0.01]}}
    - )" + second + "\n",
                                                   "cmp.yaml", catalog());
}

// A record with two epochs whose last validation and test accuracies are given.
RunRecord record(const lrbench::scenario::Run& run, double validation, double test) {
  RunRecord r;
  r.id = run.id;
  r.variant = run.variant;
  r.seed = run.seed;
  r.epochs.validation_accuracy = {0.3, validation};
  r.epochs.test_accuracy = {0.3, test};
  r.epochs.train_accuracy = {0.3, test};
  r.epochs.train_loss = {1.0, 0.5};
  r.epochs.test_loss = {1.0, 0.5};
  r.epochs.validation_loss = {1.0, 0.5};
  r.epochs.lr = {0.1, 0.1};
  r.wall_seconds = 0.01;
  return r;
}

TEST(ComparisonStages, SelectionNeverReadsTheTestSplit) {
  const Comparison c = two_contenders("{name: b, optimizer: adam, search: {lr: [0.1, 0.01]}}");
  Records records;
  // Trial 0 (lr 0.1) is better on validation, trial 1 (lr 0.01) far better on
  // test: the selection must follow validation.
  for (const auto& run : lrbench::comparison::tune_plan(c)) {
    const bool first_trial = run.variant % 2 == 0;
    records.emplace(run.id, record(run, first_trial ? 0.8 : 0.7, first_trial ? 0.1 : 0.99));
  }
  const auto selection = lrbench::comparison::select(c, lrbench::comparison::tuning_scores(c, records));
  ASSERT_TRUE(selection[0][0].has_value());
  EXPECT_EQ(*selection[0][0], 0U);
  EXPECT_EQ(*selection[0][1], 2U);
}

TEST(ComparisonStages, ConfirmRunsUseOnlyFreshSeedsAndStableIds) {
  const Comparison c = two_contenders("{name: b, optimizer: adam, search: {lr: [0.1, 0.01]}}");
  Records records;
  for (const auto& run : lrbench::comparison::tune_plan(c)) records.emplace(run.id, record(run, 0.8, 0.8));
  const auto selection = lrbench::comparison::select(c, lrbench::comparison::tuning_scores(c, records));
  const auto confirm = lrbench::comparison::confirm_stage(c, selection);
  ASSERT_EQ(confirm.runs.size(), 2U * 4U);
  std::set<std::string> tune_ids;
  for (const auto& run : lrbench::comparison::tune_plan(c)) tune_ids.insert(run.id);
  for (const auto& run : confirm.runs) {
    EXPECT_EQ(std::count(c.tuning_seeds.begin(), c.tuning_seeds.end(), run.seed), 0) << run.seed;
    EXPECT_EQ(tune_ids.count(run.id), 0U);
  }
  // The same inputs give the same ids (resume relies on it).
  const auto again = lrbench::comparison::confirm_stage(c, selection);
  for (std::size_t i = 0; i < confirm.runs.size(); ++i) EXPECT_EQ(confirm.runs[i].id, again.runs[i].id);
}

TEST(ComparisonStages, IdenticalContendersTieAndShareARank) {
  // b is a under another name: the same configuration, its own run ids.
  const Comparison c = two_contenders("{name: b, optimizer: sgd, search: {lr: [0.1, 0.01]}}");
  Records records;
  const auto tune = lrbench::comparison::tune_plan(c);
  for (const auto& run : tune) records.emplace(run.id, record(run, 0.8, 0.8));
  EXPECT_NE(tune[0].id, tune[4].id);  // same config and seed, other contender
  const auto confirm = lrbench::comparison::confirm_stage(
      c, lrbench::comparison::select(c, lrbench::comparison::tuning_scores(c, records)));
  // The score depends on the configuration and seed only, as a real run's does.
  for (const auto& run : confirm.runs) {
    records.emplace(run.id, record(run, 0.8, 0.7 + 0.01 * static_cast<double>(run.seed % 7)));
  }
  const nlohmann::json j = lrbench::comparison::analyse(c, records, false);
  const nlohmann::json& task = j["tasks"][0];
  ASSERT_TRUE(task["complete"].get<bool>());
  EXPECT_EQ(task["contenders"][0]["rank"], 1);
  EXPECT_EQ(task["contenders"][1]["rank"], 1);
  EXPECT_EQ(task["contenders"][0]["verdicts"][0]["verdict"], "tie");
  EXPECT_DOUBLE_EQ(task["contenders"][0]["verdicts"][0]["p"].get<double>(), 1.0);
  const auto sentences = lrbench::comparison::findings(j, task);
  ASSERT_FALSE(sentences.empty());
  EXPECT_NE(sentences[0].find("tie"), std::string::npos) << sentences[0];
  for (const std::string& s : sentences) EXPECT_EQ(s.find("best"), std::string::npos) << s;
}

TEST(ComparisonStages, SeparatedContendersGetVerdictsAndRanks) {
  const Comparison c = two_contenders("{name: b, optimizer: adam, search: {lr: [0.1, 0.01]}}");
  Records records;
  for (const auto& run : lrbench::comparison::tune_plan(c)) records.emplace(run.id, record(run, 0.8, 0.8));
  const auto confirm = lrbench::comparison::confirm_stage(
      c, lrbench::comparison::select(c, lrbench::comparison::tuning_scores(c, records)));
  // a: 0.90, 0.91, ...; b: 0.60, 0.61, ...: every a above every b; with 4
  // seeds a side the exact two-sided p is 2/70 = 0.0286 < 0.05.
  for (const auto& run : confirm.runs) {
    const double base = run.variant == 0 ? 0.9 : 0.6;
    records.emplace(run.id, record(run, 0.8, base + 0.01 * static_cast<double>(run.seed)));
  }
  const nlohmann::json j = lrbench::comparison::analyse(c, records, false);
  const nlohmann::json& a = j["tasks"][0]["contenders"][0];
  EXPECT_EQ(a["rank"], 1);
  EXPECT_EQ(j["tasks"][0]["contenders"][1]["rank"], 2);
  EXPECT_EQ(a["verdicts"][0]["verdict"], "better");
  EXPECT_NEAR(a["verdicts"][0]["p"].get<double>(), 2.0 / 70.0, 1e-12);
  EXPECT_NEAR(a["verdicts"][0]["difference"]["estimate"].get<double>(), 0.3, 1e-12);
  const auto sentences = lrbench::comparison::findings(j, j["tasks"][0]);
  EXPECT_EQ(sentences[0], "a is better than every other contender (α = 0.05, Holm).");
}

TEST(ComparisonStages, MissingFinalRunsMeanNoVerdicts) {
  const Comparison c = two_contenders("{name: b, optimizer: adam, search: {lr: [0.1, 0.01]}}");
  Records records;
  for (const auto& run : lrbench::comparison::tune_plan(c)) records.emplace(run.id, record(run, 0.8, 0.8));
  const nlohmann::json j = lrbench::comparison::analyse(c, records, true);
  EXPECT_TRUE(j["partial"].get<bool>());
  EXPECT_FALSE(j["tasks"][0]["complete"].get<bool>());
  EXPECT_TRUE(j["tasks"][0]["contenders"][0]["verdicts"].empty());
  EXPECT_TRUE(j["tasks"][0]["contenders"][0]["rank"].is_null());
}

}  // namespace
