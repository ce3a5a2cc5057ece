// The seed study's effects, measured from the shipped scenarios
// (scenarios/seed/*.yaml) run end to end with the lrbench executable. Each
// case is one claim of the study (see the scenario files' comments); the
// thresholds state the claim, they are not fitted to this build's numbers.
//
// LRBENCH_SEED_STUDY_SEEDS=N runs only the first N seeds (for slow builds);
// by default every scenario's own 5 seeds.
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "run/jsonl.hpp"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;
const std::string kExe = LRBENCH_EXE;
const fs::path kSource = LRBENCH_SOURCE_DIR;

class SeedStudy : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    out_ = fs::temp_directory_path() / ("lrbench-seed-study-" + std::to_string(::getpid()));
    fs::remove_all(out_);
    std::string seeds;
    if (const char* n = std::getenv("LRBENCH_SEED_STUDY_SEEDS"); n != nullptr && std::atoi(n) > 0) {
      seeds = " --seeds 0";
      for (int s = 1; s < std::atoi(n); ++s) seeds += "," + std::to_string(s);
    }
    std::string files;
    for (const char* f : {"01-learning-rate", "02-momentum", "03-decay", "04-plateau", "05-adaptive"})
      files += " " + (kSource / "scenarios/seed" / (std::string(f) + ".yaml")).string();
    const std::string command = kExe + " -q run" + files + " -j 2" + seeds + " --out " + out_.string() + " 2>&1";
    FILE* pipe = ::popen(command.c_str(), "r");
    char buffer[4096];
    while (pipe != nullptr && std::fgets(buffer, sizeof buffer, pipe) != nullptr) output_ += buffer;
    const int raw = pipe ? ::pclose(pipe) : -1;
    status_ = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  }
  static void TearDownTestSuite() { fs::remove_all(out_); }

  void SetUp() override { ASSERT_EQ(status_, 0) << output_; }

  // summary.json's entry for one variant.
  static json variant(const std::string& scenario, const std::string& label) {
    std::ifstream in(out_ / scenario / "summary.json");
    const json summary = json::parse(in);
    for (const json& v : summary.at("variants"))
      if (v.at("label") == label) return v;
    ADD_FAILURE() << scenario << ": no variant " << label;
    return json::object();
  }
  static double final_test(const std::string& scenario, const std::string& label) {
    return variant(scenario, label).at("final_test_accuracy").at("mean").get<double>();
  }
  static double final_train(const std::string& scenario, const std::string& label) {
    return variant(scenario, label).at("final_train_accuracy").at("mean").get<double>();
  }
  // Epochs to the 0.8 target; null (never) reads as +inf.
  static double to_target(const std::string& scenario, const std::string& label) {
    const json e = variant(scenario, label).at("epochs_to_target");  // a copy: variant() returns a temporary
    return e.is_null() ? INFINITY : e.get<double>();
  }
  static std::vector<lrbench::run::RunRecord> runs(const std::string& scenario, const std::string& label) {
    std::vector<std::string> warnings;
    std::vector<lrbench::run::RunRecord> out;
    for (auto& r : lrbench::run::read_runs(out_ / scenario / "runs.jsonl", warnings))
      if (r.label == label) out.push_back(std::move(r));
    return out;
  }

  static inline fs::path out_;
  static inline int status_ = -1;
  static inline std::string output_;
};

TEST_F(SeedStudy, LearningRateOneIsUnstable) {
  // Oscillating training: diverged seeds, or a test accuracy that swings far
  // more than the stable rates' does.
  const json lr1 = variant("01-learning-rate", "lr=1");
  double stable = 0;
  for (const char* label : {"lr=1e-1", "lr=1e-2", "lr=1e-3"})
    stable = std::max(stable, variant("01-learning-rate", label).at("volatility").get<double>());
  EXPECT_TRUE(lr1.at("diverged").get<int>() > 0 || lr1.at("volatility").get<double>() > 2 * stable)
      << "lr=1 volatility " << lr1.at("volatility") << ", stable rates at most " << stable;
  EXPECT_LT(final_test("01-learning-rate", "lr=1"), final_test("01-learning-rate", "lr=1e-1"));
}

TEST_F(SeedStudy, LearningRateOneTenthLearnsTheProblem) {
  // Good train and test accuracy: the classes overlap, so about 0.84 is the
  // ceiling; 0.8 is the study's target.
  EXPECT_GE(final_test("01-learning-rate", "lr=1e-1"), 0.78);
  EXPECT_GE(final_train("01-learning-rate", "lr=1e-1"), 0.78);
  EXPECT_LE(to_target("01-learning-rate", "lr=1e-1"), 50);
}

TEST_F(SeedStudy, TinyLearningRatesLearnNothing) {
  // Nothing learned: every run ends where its first epoch left it. (Not "at
  // chance": an untrained network's accuracy on three blobs is whatever its
  // random initialisation gives: about a third to a half over the study's seeds.)
  for (const char* label : {"lr=1e-6", "lr=1e-7"}) {
    const auto label_runs = runs("01-learning-rate", label);
    ASSERT_FALSE(label_runs.empty()) << label;
    for (const auto& r : label_runs) {
      const auto& test = r.epochs.test_accuracy;
      ASSERT_FALSE(test.empty());
      EXPECT_NEAR(test.back(), test.front(), 0.02) << label << " seed " << r.seed;
    }
  }
}

TEST_F(SeedStudy, MomentumReachesTheTargetSooner) {
  const double plain = to_target("02-momentum", "momentum=0");
  const double heavy = to_target("02-momentum", "momentum=0.9");
  EXPECT_LT(heavy, plain);
  // Less volatile test accuracy, too.
  EXPECT_LT(variant("02-momentum", "momentum=0.9").at("volatility").get<double>(),
            variant("02-momentum", "momentum=0").at("volatility").get<double>());
}

TEST_F(SeedStudy, StrongDecayEndsWorseThanWeakDecay) {
  EXPECT_LT(final_test("03-decay", "decay=1e-1") + 0.05, final_test("03-decay", "decay=1e-4"));
  // lr_t = 0.01 / (1 + decay·t): after 3,200 updates about 3e-5 for 1e-1
  // and 0.0076 for 1e-4; the lr of epoch 200 is set at update 3,184.
  for (const auto& r : runs("03-decay", "decay=1e-1")) EXPECT_NEAR(r.epochs.lr.back(), 0.01 / (1 + 0.1 * 3184), 1e-7);
  for (const auto& r : runs("03-decay", "decay=1e-4")) EXPECT_NEAR(r.epochs.lr.back(), 0.01 / (1 + 1e-4 * 3184), 1e-6);
}

TEST_F(SeedStudy, ShortPatienceCutsTheLrEarlyAndEndsBelowLongPatience) {
  const auto short_runs = runs("04-plateau", "patience=2");
  ASSERT_FALSE(short_runs.empty());
  for (const auto& r : short_runs) {
    ASSERT_GE(r.epochs.lr.size(), 30U);
    // At least two tenfold cuts by epoch 30, and nothing left at the end.
    EXPECT_LE(r.epochs.lr[29], 1e-4 * 1.0001) << "seed " << r.seed;
    EXPECT_LT(r.epochs.lr.back(), 1e-12) << "seed " << r.seed;
  }
  EXPECT_LT(final_train("04-plateau", "patience=2") + 0.05, final_train("04-plateau", "patience=15"));
}

TEST_F(SeedStudy, AdaptiveOptimizersReachTheTargetBeforePlainSgd) {
  const double sgd = to_target("05-adaptive", "opt=sgd");
  EXPECT_LT(to_target("05-adaptive", "opt=rmsprop"), sgd);
  EXPECT_LT(to_target("05-adaptive", "opt=adam"), sgd);
}

}  // namespace
