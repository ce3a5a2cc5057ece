// RunRecord JSON and runs.jsonl: round trips, NaN survival, torn lines.
#include <cmath>
#include <limits>

#include <set>

#include <gtest/gtest.h>

#include "run/jsonl.hpp"
#include "run/record.hpp"
#include "test_util.hpp"

namespace lrbench {
namespace {

using testing::make_record;
using testing::slurp;
using testing::spit;
using testing::TempDir;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

TEST(RecordJson, RoundTripKeepsEveryField) {
  auto r = make_record("lr=0.1", 2, 7, {0.3, 0.6, 0.9});
  r.status = run::RunStatus::diverged;
  r.diverged_epoch = 3;
  r.lr_per_update = {0.1, 0.09, 0.08};
  r.wall_seconds = 1.25;
  const auto back = run::record_from_json(nlohmann::json::parse(run::to_json(r).dump()));
  EXPECT_EQ(back.id, r.id);
  EXPECT_EQ(back.scenario, r.scenario);
  EXPECT_EQ(back.label, r.label);
  EXPECT_EQ(back.variant, 2u);
  EXPECT_EQ(back.seed, 7u);
  EXPECT_EQ(back.config, r.config);
  EXPECT_EQ(back.status, run::RunStatus::diverged);
  ASSERT_TRUE(back.diverged_epoch.has_value());
  EXPECT_EQ(*back.diverged_epoch, 3);
  EXPECT_EQ(back.epochs.test_accuracy, r.epochs.test_accuracy);
  EXPECT_EQ(back.epochs.train_loss, r.epochs.train_loss);
  EXPECT_EQ(back.epochs.lr, r.epochs.lr);
  EXPECT_EQ(back.lr_per_update, r.lr_per_update);
  EXPECT_DOUBLE_EQ(back.wall_seconds, 1.25);
}

TEST(RecordJson, NonFiniteValuesBecomeNullAndComeBackAsNaN) {
  auto r = make_record("a", 0, 1, {0.5, 0.5, 0.5});
  r.epochs.train_loss = {1.0, kNaN, kInf};
  r.epochs.test_loss = {1.0, -kInf, 2.0};
  const nlohmann::json j = run::to_json(r);
  EXPECT_TRUE(j["epochs"]["train_loss"][1].is_null());
  EXPECT_TRUE(j["epochs"]["train_loss"][2].is_null());
  EXPECT_TRUE(j["epochs"]["test_loss"][1].is_null());
  const auto back = run::record_from_json(nlohmann::json::parse(j.dump()));
  EXPECT_EQ(back.epochs.train_loss[0], 1.0);
  EXPECT_TRUE(std::isnan(back.epochs.train_loss[1]));
  EXPECT_TRUE(std::isnan(back.epochs.train_loss[2]));
  EXPECT_TRUE(std::isnan(back.epochs.test_loss[1]));
  EXPECT_EQ(back.epochs.test_loss[2], 2.0);
}

TEST(RecordJson, OptionalKeysAreOmittedWhenEmpty) {
  auto r = make_record("a", 0, 1, {0.5});
  const nlohmann::json j = run::to_json(r);
  EXPECT_FALSE(j.contains("error"));
  EXPECT_FALSE(j.contains("lr_per_update"));
  EXPECT_TRUE(j["diverged_epoch"].is_null());
  EXPECT_EQ(j["status"], "ok");
  r.status = run::RunStatus::failed;
  r.error = "optimizer threw";
  const nlohmann::json f = run::to_json(r);
  EXPECT_EQ(f["status"], "failed");
  EXPECT_EQ(f["error"], "optimizer threw");
  EXPECT_EQ(run::record_from_json(f).error, "optimizer threw");
}

TEST(RecordJson, ValidationSeriesAreWrittenOnlyWhenRecorded) {
  auto r = make_record("a", 0, 1, {0.5, 0.6});
  EXPECT_FALSE(run::to_json(r)["epochs"].contains("validation_loss"));
  EXPECT_TRUE(run::record_from_json(run::to_json(r)).epochs.validation_accuracy.empty());
  r.epochs.validation_loss = {0.9, kNaN};
  r.epochs.validation_accuracy = {0.55, 0.65};
  const nlohmann::json j = run::to_json(r);
  ASSERT_TRUE(j["epochs"].contains("validation_accuracy"));
  const auto back = run::record_from_json(j);
  EXPECT_EQ(back.epochs.validation_accuracy, r.epochs.validation_accuracy);
  EXPECT_EQ(back.epochs.validation_loss[0], 0.9);
  EXPECT_TRUE(std::isnan(back.epochs.validation_loss[1]));
  auto short_validation = j;
  short_validation["epochs"]["validation_loss"] = {0.9};
  EXPECT_THROW((void)run::record_from_json(short_validation), std::runtime_error);
}

std::string error_of(const nlohmann::json& j) {
  try {
    (void)run::record_from_json(j);
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(RecordJson, ErrorsNameTheField) {
  const nlohmann::json good = run::to_json(make_record("a", 0, 1, {0.5}));
  auto missing = good;
  missing.erase("seed");
  EXPECT_NE(error_of(missing).find("'seed'"), std::string::npos) << error_of(missing);
  auto mistyped = good;
  mistyped["label"] = 3;
  EXPECT_NE(error_of(mistyped).find("'label'"), std::string::npos) << error_of(mistyped);
  auto bad_status = good;
  bad_status["status"] = "exploded";
  EXPECT_NE(error_of(bad_status).find("'status'"), std::string::npos);
  auto bad_series = good;
  bad_series["epochs"]["test_accuracy"] = {"x"};
  EXPECT_NE(error_of(bad_series).find("'epochs.test_accuracy'"), std::string::npos) << error_of(bad_series);
  auto short_series = good;
  short_series["epochs"]["lr"] = nlohmann::json::array();
  EXPECT_NE(error_of(short_series).find("'epochs'"), std::string::npos) << error_of(short_series);
  auto negative_seed = good;
  negative_seed["seed"] = -1;
  EXPECT_NE(error_of(negative_seed).find("'seed'"), std::string::npos);
  // Epochs are 1-based: INT_MIN (which overflowed the summary) and friends.
  for (const nlohmann::json& epoch : {nlohmann::json(std::numeric_limits<int>::min()), nlohmann::json(0),
                                      nlohmann::json(-1), nlohmann::json(4294967297LL), nlohmann::json(2.5)}) {
    auto bad_epoch = good;
    bad_epoch["diverged_epoch"] = epoch;
    EXPECT_NE(error_of(bad_epoch).find("'diverged_epoch' must be an epoch number >= 1 or null"), std::string::npos)
        << epoch;
  }
}

TEST(RunsJsonl, AppendedRecordsReadBack) {
  TempDir tmp;
  const auto file = tmp.path() / "sub" / "runs.jsonl";
  {
    run::RunsFile out(file);
    out.append(make_record("a", 0, 1, {0.1, 0.2}));
    out.append(make_record("a", 0, 2, {0.3, 0.4}));
  }
  {
    run::RunsFile again(file);  // append mode: earlier lines stay
    again.append(make_record("b", 1, 1, {0.5}));
  }
  const std::string text = slurp(file);
  EXPECT_EQ(testing::count(text, "\n"), 3u);
  std::vector<std::string> warnings;
  const auto records = run::read_runs(file, warnings);
  ASSERT_EQ(records.size(), 3u);
  EXPECT_TRUE(warnings.empty());
  EXPECT_EQ(records[1].seed, 2u);
  EXPECT_EQ(records[2].label, "b");
}

TEST(RunsJsonl, TornLastLineWithoutNewlineIsSkippedWithAWarning) {
  TempDir tmp;
  const auto file = tmp.path() / "runs.jsonl";
  {
    run::RunsFile out(file);
    out.append(make_record("a", 0, 1, {0.1}));
    out.append(make_record("a", 0, 2, {0.2}));
  }
  const std::string full = run::to_json(make_record("a", 0, 3, {0.3})).dump();
  spit(file, slurp(file) + full.substr(0, full.size() / 2));
  std::vector<std::string> warnings;
  const auto records = run::read_runs(file, warnings);
  EXPECT_EQ(records.size(), 2u);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0], "runs.jsonl: ignoring a truncated last line (line 3)");
}

TEST(RunsJsonl, UnparsableLastLineIsSkippedWithAWarning) {
  TempDir tmp;
  const auto file = tmp.path() / "runs.jsonl";
  spit(file, run::to_json(make_record("a", 0, 1, {0.1})).dump() + "\n{\"id\": \"x\", \"sce\n");
  std::vector<std::string> warnings;
  EXPECT_EQ(run::read_runs(file, warnings).size(), 1u);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0], "runs.jsonl: ignoring a truncated last line (line 2)");
}

TEST(RunsJsonl, BadMiddleLineIsAnErrorNamingTheLine) {
  TempDir tmp;
  const auto file = tmp.path() / "runs.jsonl";
  const std::string good = run::to_json(make_record("a", 0, 1, {0.1})).dump();
  spit(file, good + "\n{not json\n" + good + "\n");
  std::vector<std::string> warnings;
  try {
    (void)run::read_runs(file, warnings);
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("runs.jsonl:2:"), std::string::npos) << e.what();
  }
}

TEST(RunsJsonl, ValidJsonThatIsNotARecordIsAnErrorEvenLast) {
  TempDir tmp;
  const auto file = tmp.path() / "runs.jsonl";
  spit(file, "{\"id\": \"x\"}\n");
  std::vector<std::string> warnings;
  EXPECT_THROW((void)run::read_runs(file, warnings), std::runtime_error);
}

TEST(RunsJsonl, ReopeningCutsATornTailSoNewRecordsStartOnTheirOwnLine) {
  TempDir tmp;
  const auto file = tmp.path() / "runs.jsonl";
  {
    run::RunsFile out(file);
    out.append(make_record("a", 0, 1, {0.1}));
  }
  spit(file, slurp(file) + "{\"id\": \"torn");
  {
    run::RunsFile out(file);
    out.append(make_record("a", 0, 2, {0.2}));
  }
  std::vector<std::string> warnings;
  const auto records = run::read_runs(file, warnings);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_TRUE(warnings.empty());
  EXPECT_EQ(records[1].seed, 2u);
}

TEST(RunsJsonl, DeeplyNestedLineIsABadFileNotAStackOverflow) {
  TempDir tmp;
  const auto file = tmp.path() / "runs.jsonl";
  auto line = run::to_json(make_record("a", 0, 1, {0.1})).dump();
  const std::string deep = std::string(200'000, '[') + std::string(200'000, ']');
  line.replace(line.find("\"config\":") + 9, 0, deep + ",\"x\":");  // "config": [[[...]]] ,"x": {...}
  spit(file, line + "\n");
  std::vector<std::string> warnings;
  try {
    (void)run::read_runs(file, warnings);
    FAIL() << "expected an error";
  } catch (const util::BadFile& e) {
    EXPECT_EQ(std::string(e.what()),
              file.string() + ":1: nested deeper than 64 levels; raise the limit with --max-json-depth");
  }
}

TEST(RunsJsonl, AFileOverTheSizeLimitOrNotARegularFileIsRefused) {
  TempDir tmp;
  const auto file = tmp.path() / "runs.jsonl";
  spit(file, run::to_json(make_record("a", 0, 1, {0.1})).dump() + "\n");
  std::vector<std::string> warnings;
  util::InputLimits tiny;
  tiny.max_bytes = 10;
  EXPECT_THROW((void)run::read_runs(file, warnings, tiny), util::BadFile);
  EXPECT_THROW((void)run::read_runs("/dev/zero", warnings), util::BadFile);
}

TEST(RunsJsonl, SetAsideStaleMovesOtherPlansRecordsByteForByte) {
  TempDir tmp;
  const auto file = tmp.path() / "runs.jsonl";
  const auto stale_file = tmp.path() / "runs.stale.jsonl";
  const std::string a1 = run::to_json(make_record("a", 0, 1, {0.1})).dump() + "\n";
  const std::string old = run::to_json(make_record("old", 0, 1, {0.2})).dump() + "\n";
  const std::string a2 = run::to_json(make_record("a", 0, 2, {0.3})).dump() + "\n";
  spit(stale_file, "earlier\n");
  spit(file, a1 + old + a2 + a1 + "{\"torn");
  const auto split = run::set_aside_stale(file, stale_file, {"a-1", "a-2", "a-3"});
  EXPECT_EQ(split.recorded, (std::set<std::string>{"a-1", "a-2"}));
  EXPECT_EQ(split.stale, 1u);
  EXPECT_EQ(slurp(file), a1 + a2 + a1);
  EXPECT_EQ(slurp(stale_file), "earlier\n" + old) << "appended, never replaced";
  ASSERT_EQ(split.warnings.size(), 1u);
  EXPECT_EQ(split.warnings[0], "runs.jsonl: ignoring a truncated last line (line 5)");

  // Nothing stale: nothing is touched.
  const auto again = run::set_aside_stale(file, stale_file, {"a-1", "a-2"});
  EXPECT_EQ(again.stale, 0u);
  EXPECT_EQ(slurp(file), a1 + a2 + a1);
}

TEST(RunsJsonl, AFailedAppendIsAnIoErrorAndLeavesWholeRecords) {
  // /dev/full accepts the open and fails every write with ENOSPC.
  TempDir tmp;
  run::RunsFile full("/dev/full");
  try {
    full.append(make_record("a", 0, 1, {0.1}));
    FAIL() << "expected an error";
  } catch (const util::IoError& e) {
    EXPECT_EQ(std::string(e.what()), "cannot append to /dev/full: No space left on device");
  }
}

}  // namespace
}  // namespace lrbench
