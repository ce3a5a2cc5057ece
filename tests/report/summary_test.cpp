// Per-variant statistics on hand-made records with known answers.
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "report/summary.hpp"
#include "test_util.hpp"

namespace lrbench {
namespace {

using report::ScenarioMeta;
using report::summarize;
using testing::make_record;
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

ScenarioMeta meta_of(std::vector<std::string> labels, std::size_t seeds) {
  ScenarioMeta m;
  m.name = "synthetic";
  m.variants = std::move(labels);
  for (std::size_t i = 0; i < m.variants.size(); ++i) m.configs.push_back({{"v", i}});
  for (std::size_t s = 1; s <= seeds; ++s) m.seeds.push_back(s);
  testing::set_run_ids(m);
  return m;
}

// A series rising linearly to `final` over n epochs.
std::vector<double> ramp(double final, int n) {
  std::vector<double> v;
  for (int i = 1; i <= n; ++i) v.push_back(final * i / n);
  return v;
}

TEST(Summary, MeanAndSampleStdOfFinalValues) {
  const auto meta = meta_of({"a"}, 3);
  const auto s = summarize(meta, {make_record("a", 0, 1, ramp(0.8, 5)), make_record("a", 0, 2, ramp(0.9, 5)),
                                  make_record("a", 0, 3, ramp(1.0, 5))});
  ASSERT_EQ(s.variants.size(), 1u);
  const auto& v = s.variants[0];
  EXPECT_EQ(v.seeds, 3);
  EXPECT_EQ(v.ok, 3);
  EXPECT_NEAR(v.final_test_accuracy.mean, 0.9, 1e-12);
  // Sample std (n-1): 0.1. The population std would be 0.0816.
  EXPECT_NEAR(v.final_test_accuracy.std, 0.1, 1e-12);
  EXPECT_NEAR(v.final_test_loss.mean, 0.2, 1e-12);  // 1/5 in every seed
  EXPECT_NEAR(v.final_test_loss.std, 0.0, 1e-12);
  EXPECT_NEAR(v.best_test_accuracy.mean, 0.9, 1e-12);
  EXPECT_EQ(v.best_epoch, 5);
  EXPECT_FALSE(v.epochs_to_target.has_value());  // no target
  EXPECT_FALSE(s.partial);
}

TEST(Summary, OneSeedHasZeroStd) {
  const auto s = summarize(meta_of({"a"}, 1), {make_record("a", 0, 1, ramp(0.7, 3))});
  EXPECT_NEAR(s.variants[0].final_test_accuracy.mean, 0.7, 1e-12);
  EXPECT_EQ(s.variants[0].final_test_accuracy.std, 0.0);
}

TEST(Summary, BestAccuracyAndItsEpoch) {
  const auto meta = meta_of({"a"}, 3);
  const auto s = summarize(meta, {make_record("a", 0, 1, {0.2, 0.9, 0.5}), make_record("a", 0, 2, {0.6, 0.7, 0.8}),
                                  make_record("a", 0, 3, {0.4, 0.5, 0.6})});
  EXPECT_NEAR(s.variants[0].best_test_accuracy.mean, (0.9 + 0.8 + 0.6) / 3, 1e-12);
  EXPECT_EQ(s.variants[0].best_epoch, 3);  // epochs {2, 3, 3}: median 3
  EXPECT_NEAR(s.variants[0].final_test_accuracy.mean, (0.5 + 0.8 + 0.6) / 3, 1e-12);
}

TEST(Summary, EpochsToTargetIsTheMedianAndNeverWhenMostNeverReach) {
  auto meta = meta_of({"mostly", "rarely", "half"}, 4);
  meta.target = report::Target{"test_accuracy", 0.75};
  const std::vector<run::RunRecord> records = {
      // reaches at epochs 3, 5, never → median 5
      make_record("mostly", 0, 1, {0.1, 0.5, 0.8, 0.9, 0.9}),
      make_record("mostly", 0, 2, {0.1, 0.2, 0.3, 0.4, 0.75}),
      make_record("mostly", 0, 3, {0.1, 0.2, 0.3, 0.4, 0.5}),
      // reaches at 2, never, never → never
      make_record("rarely", 1, 1, {0.5, 0.8}),
      make_record("rarely", 1, 2, {0.5, 0.6}),
      make_record("rarely", 1, 3, {0.5, 0.6}),
      // 2, 4, never, never: exactly half never reach → still finite (4)
      make_record("half", 2, 1, {0.1, 0.9, 0.9, 0.9}),
      make_record("half", 2, 2, {0.1, 0.2, 0.3, 0.9}),
      make_record("half", 2, 3, {0.1, 0.2, 0.3, 0.4}),
      make_record("half", 2, 4, {0.1, 0.2, 0.3, 0.4}),
  };
  const auto s = summarize(meta, records);
  ASSERT_TRUE(s.variants[0].epochs_to_target.has_value());
  EXPECT_EQ(*s.variants[0].epochs_to_target, 5);
  EXPECT_EQ(*s.variants[1].epochs_to_target, kInf);
  EXPECT_EQ(*s.variants[2].epochs_to_target, 4);
  const auto j = report::to_json(s);
  EXPECT_EQ(j["variants"][0]["epochs_to_target"], 5);
  EXPECT_TRUE(j["variants"][1]["epochs_to_target"].is_null());
  EXPECT_TRUE(s.partial);  // 10 of 12 runs
}

TEST(Summary, TrainAccuracyTargetUsesTheTrainSeries) {
  auto meta = meta_of({"a"}, 1);
  meta.target = report::Target{"train_accuracy", 0.61};
  // make_record's train accuracy is test + 0.02: 0.62 at epoch 2.
  const auto s = summarize(meta, {make_record("a", 0, 1, {0.3, 0.6, 0.7})});
  EXPECT_EQ(*s.variants[0].epochs_to_target, 2);
}

TEST(Summary, ValidationMetricsAndTargetWhenRecorded) {
  ScenarioMeta m = meta_of({"a"}, 2);
  m.target = report::Target{"validation_accuracy", 0.5};
  std::vector<run::RunRecord> records;
  for (int seed = 1; seed <= 2; ++seed) {
    auto r = make_record("a", 0, static_cast<std::uint64_t>(seed), ramp(0.9, 4));
    r.epochs.validation_accuracy = ramp(0.6 + 0.2 * seed, 4);  // 0.8 and 1.0 at the end
    r.epochs.validation_loss = {1.0, 0.8, 0.6, 0.4};
    records.push_back(r);
  }
  const auto s = summarize(m, records);
  EXPECT_TRUE(s.validation);
  EXPECT_DOUBLE_EQ(s.variants[0].final_validation_accuracy.mean, 0.9);
  EXPECT_DOUBLE_EQ(s.variants[0].final_validation_loss.mean, 0.4);
  // Reaches 0.5 at epoch 3 (0.6) and epoch 2 (0.5): the lower median is 2.
  EXPECT_EQ(*s.variants[0].epochs_to_target, 2.0);
  EXPECT_TRUE(report::to_json(s)["variants"][0].contains("final_validation_accuracy"));
  // Without validation series the keys stay out of summary.json.
  const auto plain = summarize(meta_of({"a"}, 1), {make_record("a", 0, 1, ramp(0.9, 4))});
  EXPECT_FALSE(plain.validation);
  EXPECT_FALSE(report::to_json(plain)["variants"][0].contains("final_validation_accuracy"));
}

TEST(Summary, VolatilityIsTheStdOfTheLast20Epochs) {
  std::vector<double> acc(10, 0.0);  // wild early epochs must not count
  acc[3] = 1.0;
  for (int i = 0; i < 20; ++i) acc.push_back(i % 2 == 0 ? 0.5 : 0.7);
  const auto s = summarize(meta_of({"a"}, 2), {make_record("a", 0, 1, acc), make_record("a", 0, 2, std::vector<double>(30, 0.6))});
  // Seed 1: sample std of ten 0.5s and ten 0.7s = sqrt(20·0.01/19); seed 2: 0.
  const double seed1 = std::sqrt(0.2 / 19);
  EXPECT_NEAR(s.variants[0].volatility, seed1 / 2, 1e-12);
}

TEST(Summary, DivergedRunsKeepTheEpochsBeforeDivergence) {
  auto r = make_record("a", 0, 1, {0.3, 0.5, 0.6, 0.1});
  r.status = run::RunStatus::diverged;
  r.diverged_epoch = 4;
  r.epochs.train_loss[3] = kNaN;
  auto failed = make_record("a", 0, 2, {});
  failed.status = run::RunStatus::failed;
  failed.error = "boom";
  failed.wall_seconds = 0.0;
  const auto s = summarize(meta_of({"a"}, 2), {r, failed});
  const auto& v = s.variants[0];
  EXPECT_EQ(v.diverged, 1);
  EXPECT_EQ(v.failed, 1);
  EXPECT_EQ(v.seeds, 2);
  EXPECT_NEAR(v.final_test_accuracy.mean, 0.6, 1e-12);  // epoch 3, not the diverged epoch 4
  EXPECT_NEAR(v.final_train_loss.mean, 0.3, 1e-12);     // 0.9/3
  EXPECT_EQ(v.best_epoch, 3);
  EXPECT_EQ(v.wall_seconds, 0.5);  // the failed run's time does not count
  ASSERT_EQ(v.errors.size(), 1u);
  EXPECT_NE(v.errors[0].find("boom"), std::string::npos);
}

TEST(Summary, RunWithoutUsableEpochsGivesNullStatistics) {
  auto r = make_record("a", 0, 1, {0.3});
  r.status = run::RunStatus::diverged;
  r.diverged_epoch = 1;
  const auto s = summarize(meta_of({"a"}, 1), {r});
  EXPECT_TRUE(std::isnan(s.variants[0].final_test_accuracy.mean));
  const auto j = report::to_json(s);
  EXPECT_TRUE(j["variants"][0]["final_test_accuracy"]["mean"].is_null());
  EXPECT_TRUE(j["variants"][0]["volatility"].is_null());
}

TEST(Summary, LastRecordOfARunIdWins) {
  auto first = make_record("a", 0, 1, {0.1});
  auto again = make_record("a", 0, 1, {0.9});
  const auto s = summarize(meta_of({"a"}, 1), {first, again});
  EXPECT_EQ(s.variants[0].seeds, 1);
  EXPECT_NEAR(s.variants[0].final_test_accuracy.mean, 0.9, 1e-12);
  EXPECT_TRUE(s.warnings.empty());
}

// Issue 10, item 1: runs of lr 0.1 left in runs.jsonl by an earlier plan,
// under the same label, must not be averaged with the current plan's lr 0.5.
TEST(Summary, RecordsOfAnotherPlanNeverEnterTheStatistics) {
  const auto meta = meta_of({"a"}, 1);  // the plan: run a-1 only
  auto current = make_record("a", 0, 1, {0.9});
  auto old_lr = make_record("a", 0, 1, {0.1});
  old_lr.id = "old-config-seed-1";  // same label and seed, another config
  auto old_seed = make_record("a", 0, 7, {0.2});
  const auto s = summarize(meta, {old_lr, current, old_seed});
  EXPECT_EQ(s.variants[0].seeds, 1);
  EXPECT_NEAR(s.variants[0].final_test_accuracy.mean, 0.9, 1e-12);
  EXPECT_EQ(s.stale_records, 2);
  EXPECT_EQ(s.recorded_runs, 1);
  EXPECT_FALSE(s.partial);
  ASSERT_EQ(s.warnings.size(), 1u);
  EXPECT_NE(s.warnings[0].find("2 records of runs.jsonl belong to no run of this scenario's plan"),
            std::string::npos)
      << s.warnings[0];
}

TEST(Summary, PartialCountsThePlanNotTheRecords) {
  // Three stale records cannot make up for the plan's missing run.
  const auto meta = meta_of({"a"}, 2);
  std::vector<run::RunRecord> records = {make_record("a", 0, 1, {0.9})};
  for (std::uint64_t seed = 10; seed < 13; ++seed) records.push_back(make_record("a", 0, seed, {0.5}));
  const auto s = summarize(meta, records);
  EXPECT_EQ(s.expected_runs, 2);
  EXPECT_EQ(s.recorded_runs, 1);
  EXPECT_TRUE(s.partial);
}

TEST(Summary, ARunBelongsToItsVariantByIdWhateverItsLabel) {
  // A label renamed in the scenario keeps its runs (ids hash the config).
  auto renamed = make_record("old name", 0, 1, {0.8});
  renamed.id = "a-1";
  const auto s = summarize(meta_of({"a"}, 1), {renamed});
  EXPECT_EQ(s.variants[0].seeds, 1);
  EXPECT_EQ(s.stale_records, 0);
}

TEST(Summary, ANonsensicalDivergedEpochCountsNoEpochs) {
  // UBSan: "signed integer overflow" in usable_epochs for INT_MIN - 1.
  auto r = make_record("a", 0, 1, {0.3, 0.5});
  r.status = run::RunStatus::diverged;
  for (const int epoch : {std::numeric_limits<int>::min(), -1, 0, 1}) {
    r.diverged_epoch = epoch;
    EXPECT_EQ(report::usable_epochs(r), 0u) << epoch;
  }
  r.diverged_epoch = std::numeric_limits<int>::max();
  EXPECT_EQ(report::usable_epochs(r), 2u);
}

TEST(Summary, JsonFormatIsStable) {
  auto meta = meta_of({"a"}, 1);
  const auto j = report::to_json(summarize(meta, {make_record("a", 0, 1, {0.5})}));
  EXPECT_EQ(j["format"], 1);
  EXPECT_EQ(j["scenario"], "synthetic");
  EXPECT_TRUE(j["target"].is_null());
  const auto& v = j["variants"][0];
  for (const char* key : {"label", "config", "seeds", "ok", "diverged", "failed", "final_train_accuracy",
                          "final_test_accuracy", "final_train_loss", "final_test_loss", "best_test_accuracy",
                          "best_epoch", "volatility", "wall_seconds"})
    EXPECT_TRUE(v.contains(key)) << key;
  EXPECT_FALSE(v.contains("epochs_to_target"));  // only with a target
  EXPECT_TRUE(v["final_test_accuracy"].contains("mean"));
  EXPECT_TRUE(v["final_test_accuracy"].contains("std"));
}

TEST(ScenarioMeta, JsonRoundTripAndErrors) {
  auto meta = meta_of({"lr=1", "lr=0.1"}, 5);
  meta.description = "Learning rates.";
  meta.target = report::Target{"test_accuracy", 0.9};
  meta.partial = true;
  meta.context.cpu_model = "Test CPU";
  meta.context.plugins = {{"sgd", "optimizer", "1.0.0"}};
  const auto back = report::scenario_meta_from_json(nlohmann::json::parse(report::to_json(meta).dump()));
  EXPECT_EQ(back.variants, meta.variants);
  EXPECT_EQ(back.run_ids, meta.run_ids);
  EXPECT_EQ(back.configs, meta.configs);
  EXPECT_EQ(back.seeds, meta.seeds);
  EXPECT_TRUE(back.partial);
  ASSERT_TRUE(back.target.has_value());
  EXPECT_EQ(back.target->value, 0.9);
  EXPECT_EQ(back.context.cpu_model, "Test CPU");
  ASSERT_EQ(back.context.plugins.size(), 1u);
  EXPECT_EQ(back.context.plugins[0].version, "1.0.0");

  auto j = report::to_json(meta);
  j.erase("variants");
  try {
    (void)report::scenario_meta_from_json(j);
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("'variants'"), std::string::npos) << e.what();
  }
}

TEST(Context, CollectFillsTheBuildAndMachine) {
  const auto c = provenance::collect_context(4, {{"adam", "optimizer", "1.2.0"}});
  EXPECT_EQ(c.threads, 4);
  EXPECT_FALSE(c.compiler.empty());
  EXPECT_NE(c.compiler, "unknown");
  EXPECT_FALSE(c.lrbench_version.empty());
  // 2024-05-01T12:00:00Z
  ASSERT_EQ(c.date.size(), 20u);
  EXPECT_EQ(c.date[10], 'T');
  EXPECT_EQ(c.date.back(), 'Z');
  const auto back = provenance::context_from_json(provenance::to_json(c));
  EXPECT_EQ(back.compiler, c.compiler);
  EXPECT_EQ(back.date, c.date);
  EXPECT_EQ(back.plugins[0].name, "adam");
}

TEST(ScenarioMeta, ThePlanIsRequiredAndMustMatchTheSeeds) {
  const auto meta = meta_of({"a", "b"}, 2);
  auto message_of = [](const nlohmann::json& j) -> std::string {
    try {
      (void)report::scenario_meta_from_json(j);
    } catch (const std::runtime_error& e) {
      return e.what();
    }
    return "(accepted)";
  };
  auto old = report::to_json(meta);
  old["format"] = 1;
  EXPECT_NE(message_of(old).find("written by an older lrbench (format 1, without the plan's run ids); run the "
                                 "scenario again"),
            std::string::npos)
      << message_of(old);
  auto no_ids = report::to_json(meta);
  no_ids["variants"][1].erase("run_ids");
  EXPECT_NE(message_of(no_ids).find("'run_ids' array"), std::string::npos) << message_of(no_ids);
  auto short_ids = report::to_json(meta);
  short_ids["variants"][0]["run_ids"].erase(0);
  EXPECT_NE(message_of(short_ids).find("one run id per seed"), std::string::npos) << message_of(short_ids);
}

}  // namespace
}  // namespace lrbench
