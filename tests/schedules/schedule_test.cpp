// Schedule plugins: every golden case (tests/data/golden/schedules.json), the
// properties the SDK promises (pure schedules answer any tick in any order),
// the shapes the brief pins down (cosine holds eta_min, one_cycle's range),
// the `sequence` composite, and the refusal of invalid settings.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <limits>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "conformance/conformance.hpp"
#include "conformance/json_params.hpp"
#include "lrbench/lrbench.hpp"
#include "plugins/registry.hpp"
#include "plugins/resolve.hpp"
#include "plugins/sequence_schedule.hpp"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using lrbench::plugins::Registry;
using lrbench::plugins::SequencePart;
using lrbench::plugins::SequenceSchedule;

const char* const kSchedulePlugins[] = {"constant", "inverse_time", "step",      "multistep",
                                        "exponential", "cosine",    "cosine_restarts", "linear",
                                        "polynomial", "one_cycle",  "cyclic",    "reduce_on_plateau"};

const Registry& registry() {
  static const Registry* loaded = [] {
    auto* r = new Registry();
    r->load_directory(LRBENCH_PLUGIN_DIR);
    return r;
  }();
  return *loaded;
}

const json& golden() {
  static const json file = [] {
    std::ifstream in(fs::path(LRBENCH_TEST_DATA_DIR) / "golden" / "schedules.json");
    if (!in) throw std::runtime_error("cannot open tests/data/golden/schedules.json");
    return json::parse(in);
  }();
  return file;
}

lrbench::conformance::Tolerance golden_tolerance() {
  return {golden()["tolerance"]["rtol"].get<double>(), golden()["tolerance"]["atol"].get<double>()};
}

// A schedule made the way the host makes one: declared defaults filled in,
// the given parameters checked against the declaration.
std::shared_ptr<lrbench::Schedule> make(const std::string& name, const json& params, double base_lr) {
  const lrbench::PluginInfo* info = registry().find(lrbench::PluginKind::schedule, name);
  if (info == nullptr) throw std::runtime_error("schedule plugin '" + name + "' is not loaded");
  return registry().make_schedule(name, lrbench::conformance::params_from_json(*info, params, registry()), base_lr);
}

// The constructor's message for an invalid setting, or "" when it did not throw
// std::invalid_argument.
// The values are set as given, without the resolver's type and range checks,
// so that the plugin's own checks (its last line of defence, when a plugin is
// made without the host) are what is tested.
std::string refusal(const std::string& name, const json& params, double base_lr = 0.1) {
  const lrbench::PluginInfo* info = registry().find(lrbench::PluginKind::schedule, name);
  if (info == nullptr) return "schedule plugin '" + name + "' is not loaded";
  lrbench::ParamValues values = lrbench::plugins::default_params(*info, registry());
  for (const auto& [key, v] : params.items()) {
    lrbench::ParamValue value;
    if (v.is_boolean()) value = v.get<bool>();
    else if (v.is_number_integer()) value = v.get<std::int64_t>();
    else if (v.is_number()) value = v.get<double>();
    else if (v.is_string()) value = v.get<std::string>();
    else if (v.is_array()) value = v.get<std::vector<std::int64_t>>();
    const auto spec = std::find_if(info->params.begin(), info->params.end(), [&](const auto& s) { return s.name == key; });
    if (spec != info->params.end() && spec->type == lrbench::ParamType::real && v.is_number()) value = v.get<double>();
    values.set(key, value);
  }
  try {
    static_cast<void>(registry().make_schedule(name, values, base_lr));
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return {};
}

// ---------------------------------------------------------------------------
// Loading

TEST(SchedulePlugins, AllLoadWithSoundDeclarations) {
  for (const char* name : kSchedulePlugins) {
    const lrbench::PluginInfo* info = registry().find(lrbench::PluginKind::schedule, name);
    ASSERT_NE(info, nullptr) << name << " not loaded from " << LRBENCH_PLUGIN_DIR;
    EXPECT_EQ(info->meta.version, "1.0.0") << name;
    EXPECT_FALSE(info->meta.description.empty()) << name;
    for (const lrbench::ParamSpec& spec : info->params) {
      EXPECT_FALSE(spec.source_text.empty()) << name << "." << spec.name << " has no source";
    }
  }
  for (const auto& refused : registry().refused()) {
    for (const char* name : kSchedulePlugins) {
      EXPECT_NE(refused.file.stem().string(), std::string("lrbench_") + name) << refused.reason;
    }
  }
}

// ---------------------------------------------------------------------------
// Golden cases: one test per case.

std::vector<std::string> golden_case_names() {
  std::vector<std::string> names;
  for (const auto& c : golden()["cases"]) names.push_back(c["name"].get<std::string>());
  return names;
}

class GoldenSchedule : public ::testing::TestWithParam<std::string> {};

TEST_P(GoldenSchedule, MatchesReference) {
  json one = {{"format", 1}, {"tolerance", golden()["tolerance"]}, {"cases", json::array()}};
  for (const auto& c : golden()["cases"]) {
    if (c["name"] == GetParam()) one["cases"].push_back(c);
  }
  ASSERT_EQ(one["cases"].size(), 1U);
  const auto results = lrbench::conformance::check_schedule_cases(one, golden_tolerance(), registry());
  ASSERT_EQ(results.size(), 1U);
  EXPECT_EQ(results[0].name, GetParam());
  EXPECT_TRUE(results[0].passed) << results[0].subject << ": " << results[0].detail;
  std::cout << "[ golden ] " << results[0].name << " (" << results[0].subject << ") "
            << (results[0].passed ? "pass" : "FAIL") << ", max |error| " << results[0].max_abs_error << "; "
            << results[0].detail << "\n";
}

INSTANTIATE_TEST_SUITE_P(Cases, GoldenSchedule, ::testing::ValuesIn(golden_case_names()),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });

TEST(GoldenSchedules, FileHasEveryPlugin) {
  std::vector<std::string> seen;
  for (const auto& c : golden()["cases"]) seen.push_back(c["schedule"].get<std::string>());
  for (const char* name : kSchedulePlugins) {
    EXPECT_NE(std::find(seen.begin(), seen.end(), name), seen.end()) << name << " has no golden case";
  }
}

// The checker itself must be able to fail: a changed value, a missing plugin,
// a throwing constructor, a malformed file.
TEST(ScheduleCases, DetectsAWrongValue) {
  json one = {{"cases", json::array({golden()["cases"][3]})}};  // step
  one["cases"][0]["expected_lr"][7] = one["cases"][0]["expected_lr"][7].get<double>() * 1.001;
  const auto results = lrbench::conformance::check_schedule_cases(one, golden_tolerance(), registry());
  ASSERT_EQ(results.size(), 1U);
  EXPECT_FALSE(results[0].passed);
  EXPECT_NE(results[0].detail.find("tick 7"), std::string::npos) << results[0].detail;
  EXPECT_GT(results[0].max_abs_error, 0.0);
}

TEST(ScheduleCases, DetectsAPlateauObservedAtTheWrongTime) {
  // Shifting the metrics by one tick moves the cut: the case must fail.
  json one;
  for (const auto& c : golden()["cases"]) {
    if (c["name"] == "plateau_keras_seed") one = {{"cases", json::array({c})}};
  }
  ASSERT_FALSE(one.is_null());
  auto& metrics = one["cases"][0]["metrics"];
  metrics.insert(metrics.begin(), metrics[0]);
  const auto results = lrbench::conformance::check_schedule_cases(one, golden_tolerance(), registry());
  EXPECT_FALSE(results.at(0).passed);
}

TEST(ScheduleCases, MissingPluginAndThrowingConstructorAreFailedCases) {
  json file = {{"cases",
                {{{"name", "nope"}, {"schedule", "no_such_schedule"}, {"params", json::object()},
                  {"base_lr", 0.1}, {"steps", 1}, {"expected_lr", {0.1}}},
                 {{"name", "bad"}, {"schedule", "cosine"}, {"params", {{"eta_min", 0.0}}},  // t_max missing
                  {"base_lr", 0.1}, {"steps", 1}, {"expected_lr", {0.1}}},
                 {{"name", "undeclared"}, {"schedule", "constant"}, {"params", {{"gamma", 0.5}}},
                  {"base_lr", 0.1}, {"steps", 1}, {"expected_lr", {0.1}}}}}};
  const auto results = lrbench::conformance::check_schedule_cases(file, golden_tolerance(), registry());
  ASSERT_EQ(results.size(), 3U);
  for (const auto& r : results) {
    EXPECT_FALSE(r.passed) << r.name;
    EXPECT_FALSE(r.detail.empty()) << r.name;
  }
  EXPECT_NE(results[0].detail.find("no_such_schedule"), std::string::npos) << results[0].detail;
  EXPECT_NE(results[1].detail.find("t_max"), std::string::npos) << results[1].detail;
  EXPECT_NE(results[2].detail.find("gamma"), std::string::npos) << results[2].detail;
}

TEST(ScheduleCases, MalformedFileThrows) {
  const auto tol = golden_tolerance();
  EXPECT_THROW(static_cast<void>(lrbench::conformance::check_schedule_cases(json::object(), tol, registry())),
               std::runtime_error);
  json short_list = {{"cases",
                      {{{"name", "short"}, {"schedule", "constant"}, {"base_lr", 0.1}, {"steps", 3},
                        {"expected_lr", {0.1, 0.1}}}}}};
  EXPECT_THROW(static_cast<void>(lrbench::conformance::check_schedule_cases(short_list, tol, registry())),
               std::runtime_error);
}

// ---------------------------------------------------------------------------
// Properties

struct PureCase {
  const char* name;
  json params;
  double base_lr;
};

std::vector<PureCase> pure_cases() {
  return {
      {"constant", json::object(), 0.05},
      {"inverse_time", {{"decay", 0.05}}, 0.1},
      {"step", {{"step_size", 7}, {"gamma", 0.5}}, 0.1},
      {"multistep", {{"milestones", {3, 10, 40}}, {"gamma", 0.3}}, 0.1},
      {"exponential", {{"gamma", 0.95}}, 0.1},
      {"cosine", {{"t_max", 30}, {"eta_min", 0.001}}, 0.1},
      {"cosine_restarts", {{"t_0", 4}, {"t_mult", 3}, {"eta_min", 0.0}}, 0.1},
      {"cosine_restarts", {{"t_0", 6}, {"t_mult", 1}}, 0.1},
      {"cosine_restarts", {{"t_0", 1}, {"t_mult", 1000000}}, 0.1},
      {"linear", {{"start_factor", 0.1}, {"total_iters", 12}}, 0.1},
      {"polynomial", {{"total_iters", 25}, {"power", 0.5}}, 0.1},
      {"one_cycle", {{"max_lr", 0.5}, {"total_steps", 50}}, 0.1},
      {"one_cycle", {{"max_lr", 0.5}, {"total_steps", 50}, {"three_phase", true}, {"anneal_strategy", "linear"}}, 0.1},
      {"cyclic", {{"base_lr", 0.01}, {"max_lr", 0.1}, {"step_size_up", 3}, {"step_size_down", 5}, {"mode", "triangular2"}}, 0.1},
      {"cyclic", {{"base_lr", 0.01}, {"max_lr", 0.1}, {"step_size_up", 4}, {"mode", "exp_range"}, {"gamma", 0.97}}, 0.1},
  };
}

TEST(PureSchedules, AnswerAnyTickInAnyOrder) {
  constexpr std::int64_t kTicks = 120;
  for (const PureCase& c : pure_cases()) {
    SCOPED_TRACE(std::string(c.name) + " " + c.params.dump());
    auto forward = make(c.name, c.params, c.base_lr);
    std::vector<double> in_order;
    for (std::int64_t t = 0; t < kTicks; ++t) in_order.push_back(forward->lr(t));
    // The same instance, asked again backwards and twice per tick.
    for (std::int64_t t = kTicks - 1; t >= 0; --t) {
      ASSERT_EQ(forward->lr(t), in_order[static_cast<std::size_t>(t)]) << "tick " << t << " asked again";
      ASSERT_EQ(forward->lr(t), in_order[static_cast<std::size_t>(t)]) << "tick " << t << " asked twice";
    }
    // A fresh instance asked in a scrambled order (a stride coprime to kTicks).
    auto scrambled = make(c.name, c.params, c.base_lr);
    for (std::int64_t k = 0; k < kTicks; ++k) {
      const std::int64_t t = (k * 37 + 11) % kTicks;
      ASSERT_EQ(scrambled->lr(t), in_order[static_cast<std::size_t>(t)]) << "tick " << t << " out of order";
    }
    // Observing metrics changes nothing for a pure schedule.
    lrbench::EpochMetrics m;
    m.test_loss = 123.0;
    scrambled->observe(m);
    EXPECT_EQ(scrambled->lr(kTicks / 2), in_order[kTicks / 2]);
    for (double lr : in_order) EXPECT_TRUE(std::isfinite(lr));
    // Far ticks are answered too (no overflow, no NaN).
    for (std::int64_t t : {std::int64_t{1} << 40, std::numeric_limits<std::int64_t>::max() / 2,
                           std::numeric_limits<std::int64_t>::max()}) {
      const double lr = forward->lr(t);
      EXPECT_TRUE(std::isfinite(lr) && lr >= 0.0) << "tick " << t << ": " << lr;
    }
  }
}

TEST(Cosine, HoldsEtaMinAfterTMax) {
  auto s = make("cosine", {{"t_max", 10}, {"eta_min", 0.002}}, 0.1);
  EXPECT_DOUBLE_EQ(s->lr(0), 0.1);
  EXPECT_DOUBLE_EQ(s->lr(5), 0.002 + (0.1 - 0.002) / 2.0);
  EXPECT_DOUBLE_EQ(s->lr(10), 0.002);
  for (std::int64_t t : {11, 15, 19, 20, 21, 1000, 1000000}) EXPECT_DOUBLE_EQ(s->lr(t), 0.002) << "tick " << t;
  // Decreasing up to t_max.
  for (std::int64_t t = 1; t <= 10; ++t) EXPECT_LT(s->lr(t), s->lr(t - 1)) << "tick " << t;
}

TEST(OneCycle, StartsAtMaxOverDivAndPeaksAtMax) {
  for (bool three_phase : {false, true}) {
    for (const char* strategy : {"cos", "linear"}) {
      SCOPED_TRACE(std::string(strategy) + (three_phase ? " three-phase" : " two-phase"));
      const double max_lr = 0.8;
      const double div = 20.0;
      const double final_div = 1e3;
      auto s = make("one_cycle",
                    {{"max_lr", max_lr}, {"total_steps", 100}, {"pct_start", 0.25}, {"div_factor", div},
                     {"final_div_factor", final_div}, {"three_phase", three_phase}, {"anneal_strategy", strategy}},
                    0.123 /* ignored */);
      EXPECT_NEAR(s->lr(0), max_lr / div, 1e-12);
      double peak = 0.0;
      std::int64_t peak_tick = -1;
      for (std::int64_t t = 0; t < 100; ++t) {
        if (s->lr(t) > peak) {
          peak = s->lr(t);
          peak_tick = t;
        }
      }
      EXPECT_NEAR(peak, max_lr, 1e-12);
      EXPECT_EQ(peak_tick, 24);  // the warm-up ends at step pct_start·total_steps − 1 = 24
      EXPECT_NEAR(s->lr(99), max_lr / div / final_div, 1e-15);
      EXPECT_NEAR(s->lr(5000), max_lr / div / final_div, 1e-15);  // held past the end
    }
  }
}

TEST(OneCycle, IgnoresBaseLr) {
  auto a = make("one_cycle", {{"max_lr", 0.3}, {"total_steps", 20}}, 0.1);
  auto b = make("one_cycle", {{"max_lr", 0.3}, {"total_steps", 20}}, 7.0);
  for (std::int64_t t = 0; t < 20; ++t) EXPECT_EQ(a->lr(t), b->lr(t));
}

TEST(ReduceOnPlateau, MonitorsTheChosenField) {
  // Accuracy rises while the test loss stays flat: watching test_accuracy in
  // max mode, no cut; watching test_loss (the default), a cut after patience.
  auto acc = make("reduce_on_plateau", {{"monitor", "test_accuracy"}, {"mode", "max"}, {"patience", 1}}, 0.1);
  auto loss = make("reduce_on_plateau", {{"patience", 1}}, 0.1);
  for (std::int64_t t = 0; t < 5; ++t) {
    lrbench::EpochMetrics m;
    m.epoch = t;
    m.test_loss = 1.0;
    m.test_accuracy = 0.1 * static_cast<double>(t + 1);
    acc->observe(m);
    loss->observe(m);
  }
  EXPECT_DOUBLE_EQ(acc->lr(5), 0.1);
  EXPECT_LT(loss->lr(5), 0.1);
}

TEST(ReduceOnPlateau, KerasCutsOneEpochBeforeTorch) {
  json p = {{"patience", 2}, {"factor", 0.5}, {"threshold", 0.0}};
  json pk = p, pt = p;
  pk["convention"] = "keras";
  pt["convention"] = "torch";
  auto keras = make("reduce_on_plateau", pk, 0.1);
  auto torch = make("reduce_on_plateau", pt, 0.1);
  std::int64_t keras_cut = -1, torch_cut = -1;
  for (std::int64_t t = 0; t < 10; ++t) {
    if (keras_cut < 0 && keras->lr(t) < 0.1) keras_cut = t;
    if (torch_cut < 0 && torch->lr(t) < 0.1) torch_cut = t;
    lrbench::EpochMetrics m;
    m.epoch = t;
    m.test_loss = 1.0;  // never improves after the first epoch
    keras->observe(m);
    torch->observe(m);
  }
  EXPECT_EQ(keras_cut, 3);  // bad epochs at ticks 1, 2 → wait reaches 2 → cut from tick 3
  EXPECT_EQ(torch_cut, 4);  // needs a third bad epoch
}

// ---------------------------------------------------------------------------
// Sequence

TEST(Sequence, WarmupThenCosineJoinAtTheBoundary) {
  const double base = 0.2;
  const json warm = {{"start_factor", 0.1}, {"end_factor", 1.0}, {"total_iters", 5}};
  const json cos = {{"t_max", 10}, {"eta_min", 0.01}};
  SequenceSchedule seq({SequencePart{make("linear", warm, base), 5}, SequencePart{make("cosine", cos, base), {}}});
  auto warm_alone = make("linear", warm, base);
  auto cos_alone = make("cosine", cos, base);
  ASSERT_EQ(seq.size(), 2U);
  EXPECT_EQ(seq.start_of(1), 5);
  for (std::int64_t t = 0; t < 5; ++t) EXPECT_EQ(seq.lr(t), warm_alone->lr(t)) << "tick " << t;
  for (std::int64_t t = 5; t < 25; ++t) EXPECT_EQ(seq.lr(t), cos_alone->lr(t - 5)) << "tick " << t;
  EXPECT_DOUBLE_EQ(seq.lr(0), 0.1 * base);
  EXPECT_DOUBLE_EQ(seq.lr(4), base * (0.1 + 0.9 * 4.0 / 5.0));
  EXPECT_DOUBLE_EQ(seq.lr(5), base);     // cosine's own tick 0
  EXPECT_DOUBLE_EQ(seq.lr(15), 0.01);    // cosine's own tick 10 = t_max
  // Pure parts make a pure sequence: any order.
  EXPECT_EQ(seq.lr(3), warm_alone->lr(3));
  EXPECT_EQ(seq.lr(17), cos_alone->lr(12));
}

TEST(Sequence, ThreePartsEachFromItsOwnStart) {
  SequenceSchedule seq({SequencePart{make("constant", json::object(), 0.5), 2},
                        SequencePart{make("step", {{"step_size", 1}, {"gamma", 0.5}}, 1.0), 3},
                        SequencePart{make("constant", json::object(), 0.01), 100}});  // last length: ignored
  const std::vector<double> want = {0.5, 0.5, 1.0, 0.5, 0.25, 0.01, 0.01};
  for (std::size_t t = 0; t < want.size(); ++t) EXPECT_DOUBLE_EQ(seq.lr(static_cast<std::int64_t>(t)), want[t]);
  EXPECT_DOUBLE_EQ(seq.lr(1000), 0.01);
  EXPECT_EQ(seq.part_at(0), 0U);
  EXPECT_EQ(seq.part_at(1), 0U);
  EXPECT_EQ(seq.part_at(2), 1U);
  EXPECT_EQ(seq.part_at(4), 1U);
  EXPECT_EQ(seq.part_at(5), 2U);
}

TEST(Sequence, WarmupThenPlateauCutsOnlyAfterTheWarmup) {
  const double base = 0.1;
  const json plateau = {{"convention", "keras"}, {"patience", 1}, {"factor", 0.5}};
  SequenceSchedule seq({SequencePart{make("linear", {{"start_factor", 0.25}, {"total_iters", 3}}, base), 3},
                        SequencePart{make("reduce_on_plateau", plateau, base), {}}});
  // The metric never improves. The plateau part only sees the epochs after
  // the warm-up: its first observation sets `best`, the second is bad and
  // (patience 1) cuts.
  std::vector<double> lrs;
  for (std::int64_t t = 0; t < 8; ++t) {
    lrs.push_back(seq.lr(t));
    lrbench::EpochMetrics m;
    m.epoch = t;
    m.test_loss = 1.0;
    seq.observe(m);
  }
  EXPECT_DOUBLE_EQ(lrs[0], 0.25 * base);
  EXPECT_DOUBLE_EQ(lrs[1], 0.5 * base);
  EXPECT_DOUBLE_EQ(lrs[2], 0.75 * base);
  EXPECT_DOUBLE_EQ(lrs[3], base);        // plateau's first tick: observes best = 1.0
  EXPECT_DOUBLE_EQ(lrs[4], base);        // bad epoch 1 → cut for the next tick
  EXPECT_DOUBLE_EQ(lrs[5], base / 2);
  EXPECT_DOUBLE_EQ(lrs[6], base / 4);
  EXPECT_DOUBLE_EQ(lrs[7], base / 8);

  // Had the plateau seen the warm-up's epochs, it would have cut during it.
  auto alone = make("reduce_on_plateau", plateau, base);
  for (std::int64_t t = 0; t < 2; ++t) {
    lrbench::EpochMetrics m;
    m.test_loss = 1.0;
    alone->observe(m);
  }
  EXPECT_LT(alone->lr(2), base);
}

TEST(Sequence, ObserveGoesToThePartOfTheLastAskedTick) {
  const json plateau = {{"patience", 0}, {"factor", 0.5}};
  auto first = make("reduce_on_plateau", plateau, 1.0);
  auto second = make("reduce_on_plateau", plateau, 1.0);
  SequenceSchedule seq({SequencePart{first, 2}, SequencePart{second, {}}});
  lrbench::EpochMetrics m;
  m.test_loss = 1.0;
  seq.observe(m);  // before any lr(): the first part; sets its best
  static_cast<void>(seq.lr(5));
  EXPECT_EQ(seq.active(), 1U);
  seq.observe(m);  // second part: sets its best
  seq.observe(m);  // second part: bad, patience 0 → cut
  EXPECT_DOUBLE_EQ(second->lr(0), 0.5);
  EXPECT_DOUBLE_EQ(first->lr(0), 1.0);
  static_cast<void>(seq.lr(1));
  EXPECT_EQ(seq.active(), 0U);
  seq.observe(m);  // first part: bad → cut
  EXPECT_DOUBLE_EQ(first->lr(0), 0.5);
  EXPECT_DOUBLE_EQ(second->lr(0), 0.5);
}

TEST(Sequence, RefusesInvalidParts) {
  auto c = make("constant", json::object(), 0.1);
  auto message = [](std::vector<SequencePart> parts) -> std::string {
    try {
      SequenceSchedule s(std::move(parts));
    } catch (const std::invalid_argument& e) {
      return e.what();
    }
    return {};
  };
  EXPECT_NE(message({}).find("at least one part"), std::string::npos);
  EXPECT_NE(message({SequencePart{c, {}}, SequencePart{c, {}}}).find("needs a length"), std::string::npos);
  EXPECT_NE(message({SequencePart{c, 0}, SequencePart{c, {}}}).find("at least 1 tick"), std::string::npos);
  EXPECT_NE(message({SequencePart{c, 3}, SequencePart{nullptr, {}}}).find("no schedule"), std::string::npos);
  EXPECT_EQ(message({SequencePart{c, {}}}), "");  // a single open-ended part is fine
  SequenceSchedule one({SequencePart{c, {}}});
  EXPECT_THROW(static_cast<void>(one.lr(-1)), std::invalid_argument);
}

// ---------------------------------------------------------------------------
// Invalid settings: the constructor refuses them with a message naming the
// parameter.

TEST(InvalidSettings, ThrowWithAMessage) {
  struct Bad {
    const char* schedule;
    json params;
    const char* mentions;
  };
  const std::vector<Bad> bad = {
      {"step", json::object(), "step_size"},
      {"multistep", json::object(), "milestones"},
      {"multistep", {{"milestones", {10, 5}}}, "increasing"},
      {"multistep", {{"milestones", {5, 5}}}, "increasing"},
      {"multistep", {{"milestones", {-1, 5}}}, "negative"},
      {"exponential", json::object(), "gamma"},
      {"cosine", json::object(), "t_max"},
      {"cosine", {{"t_max", 0}}, "t_max"},
      {"cosine_restarts", json::object(), "t_0"},
      {"cosine_restarts", {{"t_0", 5}, {"t_mult", 0}}, "t_mult"},
      {"linear", {{"start_factor", 0.0}}, "start_factor"},
      {"linear", {{"end_factor", 1.5}}, "end_factor"},
      {"linear", {{"total_iters", 0}}, "total_iters"},
      {"polynomial", {{"total_iters", 0}}, "total_iters"},
      {"one_cycle", {{"total_steps", 10}}, "max_lr"},
      {"one_cycle", {{"max_lr", 0.1}}, "total_steps"},
      {"one_cycle", {{"max_lr", 0.1}, {"total_steps", 10}, {"pct_start", 0.1}}, "pct_start"},
      {"one_cycle", {{"max_lr", 0.1}, {"total_steps", 10}, {"anneal_strategy", "cosine"}}, "anneal_strategy"},
      {"cyclic", {{"max_lr", 0.1}}, "base_lr"},
      {"cyclic", {{"base_lr", 0.1}}, "max_lr"},
      {"cyclic", {{"base_lr", 0.01}, {"max_lr", 0.1}, {"mode", "sawtooth"}}, "mode"},
      {"reduce_on_plateau", {{"factor", 1.0}}, "factor"},
      {"reduce_on_plateau", {{"convention", "tf"}}, "convention"},
      {"reduce_on_plateau", {{"mode", "auto"}}, "mode"},
      {"reduce_on_plateau", {{"monitor", "val_loss"}}, "monitor"},
      {"reduce_on_plateau", {{"threshold_mode", "relative"}}, "threshold_mode"},
  };
  // A negative milestone never reaches the constructor: the declared range
  // (at_least(0)) refuses it first, as it would in a scenario.
  try {
    static_cast<void>(make("multistep", {{"milestones", {-1, 5}}}, 0.1));
    ADD_FAILURE() << "milestones [-1, 5] was accepted";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("params.milestones.0: expected an integer >= 0, found -1"), std::string::npos)
        << e.what();
  }
  for (const Bad& b : bad) {
    const std::string what = refusal(b.schedule, b.params);
    EXPECT_FALSE(what.empty()) << b.schedule << " " << b.params.dump() << " did not throw std::invalid_argument";
    EXPECT_NE(what.find(b.mentions), std::string::npos)
        << b.schedule << " " << b.params.dump() << ": '" << what << "' does not mention " << b.mentions;
    EXPECT_NE(what.find(b.schedule), std::string::npos) << "'" << what << "' does not name the schedule";
  }
}

TEST(InvalidSettings, ValidEdgesAreAccepted) {
  EXPECT_EQ(refusal("multistep", {{"milestones", json::array()}}), "");
  EXPECT_EQ(refusal("linear", {{"start_factor", 1.0}, {"end_factor", 0.0}}), "");
  EXPECT_EQ(refusal("one_cycle", {{"max_lr", 0.1}, {"total_steps", 10}, {"pct_start", 0.0}}), "");
  EXPECT_EQ(refusal("reduce_on_plateau", {{"convention", "torch"}, {"threshold_mode", "rel"}}), "");
  EXPECT_EQ(refusal("cyclic", {{"base_lr", 0.01}, {"max_lr", 0.1}, {"step_size_down", 7}}), "");
}

}  // namespace
