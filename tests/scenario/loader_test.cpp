#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "load_helpers.hpp"

namespace {

using namespace scenario_test;

// 13 lines; tests append at line 14 or edit a line with `with()`.
const std::string kBase = R"(name: demo
data:
  kind: blobs
  n_samples: 100
model:
  layers:
    - {units: 8, activation: relu, init: he_uniform}
    - {units: 3, activation: softmax}
training:
  epochs: 10
optimizer:
  name: sgd
  lr: 0.01
)";

std::string with(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  if (at == std::string::npos) throw std::logic_error("test bug: '" + from + "' not in text");
  return text.replace(at, from.size(), to);
}

TEST(Loader, BaseScenarioHasEveryDefaultFilledIn) {
  const Scenario s = load(kBase);
  EXPECT_EQ(s.name, "demo");
  ASSERT_EQ(s.variants.size(), 1u);
  EXPECT_EQ(s.variants[0].label, "base");
  EXPECT_EQ(s.seeds, std::vector<std::uint64_t>{0});
  EXPECT_FALSE(s.target.has_value());
  const auto& c = s.variants[0].config;
  const auto& blobs = std::get<lrbench::data::BlobsSpec>(c.data.source);
  EXPECT_EQ(blobs.n_samples, 100);
  EXPECT_EQ(blobs.centers, 3);
  EXPECT_EQ(blobs.n_features, 2);
  EXPECT_EQ(blobs.cluster_std, 1.0);
  EXPECT_EQ(blobs.center_box_low, -10.0);
  EXPECT_EQ(blobs.center_box_high, 10.0);
  EXPECT_EQ(blobs.random_state, 0u);
  ASSERT_TRUE(c.data.split.train);
  EXPECT_TRUE(c.data.split.train->is_fraction);
  EXPECT_EQ(c.data.split.train->fraction, 0.5);
  EXPECT_FALSE(c.data.split.validation);
  EXPECT_FALSE(c.data.split.test);
  EXPECT_EQ(c.rows.train, 50);
  EXPECT_EQ(c.rows.test, 50);
  EXPECT_EQ(c.shape.features, 2);
  ASSERT_EQ(c.model.layers.size(), 2u);
  EXPECT_EQ(c.model.layers[0].init, lrbench::model::Init::he_uniform);
  EXPECT_EQ(c.model.layers[1].init, lrbench::model::Init::glorot_uniform);
  EXPECT_EQ(c.model.layers[1].activation, lrbench::model::Activation::softmax);
  EXPECT_EQ(c.training.epochs, 10);
  EXPECT_EQ(c.training.batch_size, 32);
  EXPECT_TRUE(c.training.shuffle);
  EXPECT_EQ(c.optimizer.name, "sgd");
  EXPECT_EQ(c.optimizer.lr, 0.01);
  EXPECT_EQ(c.optimizer.params.real("momentum"), 0.0);
  EXPECT_FALSE(c.optimizer.params.flag("nesterov"));
  ASSERT_EQ(c.schedule.parts.size(), 1u);
  EXPECT_EQ(c.schedule.parts[0].name, "constant");
  EXPECT_EQ(c.schedule.tick, lrbench::scenario::Tick::step);
  EXPECT_EQ(c.record.lr_per_update, 0);
  // The resolved JSON writes out every default.
  const auto& j = c.resolved;
  EXPECT_EQ(j["data"]["generator"], "sklearn");
  EXPECT_EQ(j["data"]["split"]["train"], 0.5);
  EXPECT_EQ(j["optimizer"]["params"]["momentum"], 0.0);
  EXPECT_EQ(j["optimizer"]["params"]["nesterov"], false);
  EXPECT_EQ(j["schedule"]["sequence"][0]["name"], "constant");
  EXPECT_EQ(j["model"]["layers"][1]["init"], "glorot_uniform");
  EXPECT_EQ(s.setup, j);
}

TEST(Loader, FullScenario) {
  const Scenario s = load(R"(name: full.run-1
description: "every key"
data:
  kind: blobs
  generator: native
  n_samples: 1000
  centers: 4
  n_features: 5
  cluster_std: 2.5
  center_box: [-5, 5.5]
  shuffle: false
  random_state: 4294967295
  split: {train: 600}
model:
  layers:
    - {units: 50, activation: tanh, init: glorot_normal}
    - {units: 4, activation: softmax, init: zeros}
training: {epochs: 200, batch_size: 600, shuffle: false}
optimizer:
  name: kitchen
  lr: 1e-3
  params: {window: 7, mode: linear, milestones: [1, 2, 3], patience: 5, verbose: true}
schedule:
  tick: epoch
  sequence:
    - {name: linear, ticks: 5, params: {start_factor: 0.5}}
    - {name: inverse_time, params: {decay: 0.01}}
record: {lr_per_update: 200}
seeds: [3, 1, 2]
target: {train_accuracy: 0.8}
)");
  EXPECT_EQ(s.name, "full.run-1");
  EXPECT_EQ(s.description, "every key");
  EXPECT_EQ(s.seeds, (std::vector<std::uint64_t>{3, 1, 2}));
  ASSERT_TRUE(s.target);
  EXPECT_EQ(s.target->metric, "train_accuracy");
  EXPECT_EQ(s.target->value, 0.8);
  const auto& c = s.variants.at(0).config;
  const auto& blobs = std::get<lrbench::data::BlobsSpec>(c.data.source);
  EXPECT_EQ(blobs.generator, lrbench::data::BlobsGenerator::native);
  EXPECT_EQ(blobs.random_state, 4294967295u);
  EXPECT_EQ(blobs.center_box_high, 5.5);
  ASSERT_TRUE(c.data.split.train);
  EXPECT_FALSE(c.data.split.train->is_fraction);
  EXPECT_EQ(c.data.split.train->count, 600);
  EXPECT_EQ(c.optimizer.lr, 1e-3);
  EXPECT_EQ(c.optimizer.params.integer("window"), 7);
  EXPECT_EQ(c.optimizer.params.choice("mode"), "linear");
  EXPECT_EQ(c.optimizer.params.integer_list("milestones"), (std::vector<std::int64_t>{1, 2, 3}));
  EXPECT_EQ(c.optimizer.params.optional_integer("patience"), 5);
  EXPECT_TRUE(c.optimizer.params.flag("verbose"));
  EXPECT_EQ(c.schedule.tick, lrbench::scenario::Tick::epoch);
  ASSERT_EQ(c.schedule.parts.size(), 2u);
  EXPECT_EQ(c.schedule.parts[0].ticks, 5);
  EXPECT_FALSE(c.schedule.parts[1].ticks.has_value());
  EXPECT_EQ(c.schedule.parts[1].params.real("decay"), 0.01);
  EXPECT_EQ(c.record.lr_per_update, 200);
  EXPECT_EQ(c.resolved["optimizer"]["params"]["milestones"], nlohmann::json({1, 2, 3}));
  EXPECT_EQ(c.resolved["data"]["split"]["train"], 600);
}

TEST(Loader, NullableAndListDefaults) {
  const Scenario s = load(with(kBase, "name: sgd", "name: kitchen"));
  const auto& p = s.variants.at(0).config.optimizer.params;
  EXPECT_TRUE(p.is_null("patience"));
  EXPECT_EQ(p.integer_list("milestones"), (std::vector<std::int64_t>{30, 80}));
  EXPECT_TRUE(s.variants[0].config.resolved["optimizer"]["params"]["patience"].is_null());
  // null written explicitly is accepted where the spec is nullable.
  const Scenario t = load(with(kBase, "name: sgd", "name: kitchen\n  params: {patience: null}"));
  EXPECT_TRUE(t.variants.at(0).config.optimizer.params.is_null("patience"));
}

TEST(Loader, SweepLabelsAsWrittenInGridOrder) {
  const Scenario s = load(kBase + R"(sweep:
  optimizer.lr: [1, 1e-1, 1e-7]
  optimizer.params.momentum: [0, 0.99]
)");
  std::vector<std::string> labels;
  for (const auto& v : s.variants) labels.push_back(v.label);
  EXPECT_EQ(labels, (std::vector<std::string>{"lr=1, momentum=0", "lr=1, momentum=0.99", "lr=1e-1, momentum=0",
                                              "lr=1e-1, momentum=0.99", "lr=1e-7, momentum=0",
                                              "lr=1e-7, momentum=0.99"}));
  EXPECT_EQ(s.variants[4].config.optimizer.lr, 1e-7);
  EXPECT_EQ(s.variants[3].config.optimizer.params.real("momentum"), 0.99);
  // setup is the unswept base.
  EXPECT_EQ(s.setup["optimizer"]["lr"], 0.01);
}

TEST(Loader, VariantsTimesSweep) {
  const Scenario s = load(kBase + R"(variants:
  - label: opt=adam
    set: {optimizer.name: adam, optimizer.lr: 0.001}
  - set: {optimizer.params: {momentum: 0.9}}
sweep:
  training.batch_size: [16, 32]
)");
  std::vector<std::string> labels;
  for (const auto& v : s.variants) labels.push_back(v.label);
  EXPECT_EQ(labels, (std::vector<std::string>{"opt=adam, batch_size=16", "opt=adam, batch_size=32",
                                              "params={momentum: 0.9}, batch_size=16",
                                              "params={momentum: 0.9}, batch_size=32"}));
  EXPECT_EQ(s.variants[0].config.optimizer.name, "adam");
  EXPECT_EQ(s.variants[0].config.optimizer.params.real("beta_1"), 0.9);
  EXPECT_EQ(s.variants[1].config.training.batch_size, 32);
  EXPECT_EQ(s.variants[2].config.optimizer.params.real("momentum"), 0.9);
}

TEST(Loader, BaseCompletedOnlyByVariants) {
  // The base alone has no optimizer name; every variant gives one.
  const Scenario s = load(with(kBase, "  name: sgd\n", "") + R"(variants:
  - set: {optimizer.name: sgd}
  - set: {optimizer.name: adam}
)");
  ASSERT_EQ(s.variants.size(), 2u);
  EXPECT_EQ(s.variants[1].label, "name=adam");
  EXPECT_EQ(s.setup["optimizer"]["lr"], "0.01");  // as written: the base is not a complete config
  // ... but a variant that leaves it out is an error.
  EXPECT_TRUE(has(errors(with(kBase, "  name: sgd\n", "") + "variants:\n  - {label: a}\n"), 12, 3, "optimizer",
                  "missing required key 'name'"));
}

TEST(Loader, VariantsOnlyAndCreatedParams) {
  const Scenario s = load(kBase + R"(variants:
  - {label: plain}
  - set: {optimizer.params.momentum: 0.5}
)");
  ASSERT_EQ(s.variants.size(), 2u);
  EXPECT_EQ(s.variants[0].label, "plain");
  EXPECT_EQ(s.variants[1].label, "momentum=0.5");
  EXPECT_EQ(s.variants[1].config.optimizer.params.real("momentum"), 0.5);
}

TEST(Loader, ManyErrorsInOneFileAreAllReported) {
  const auto d = errors(R"(name: demo
data:
  kind: blobs
  n_samples: abc
model:
  layers:
    - {units: 0, activation: relu}
    - {units: 3, activation: softmax}
training:
  epocs: 10
optimizer:
  name: sgd
  lr: -1
)");
  EXPECT_TRUE(has(d, 4, 14, "data.n_samples", "expected an integer in [2, 10000000], found 'abc'"));
  EXPECT_TRUE(has(d, 7, 15, "model.layers.0.units", "expected an integer in [1, 100000], found 0"));
  EXPECT_TRUE(has(d, 10, 3, "training.epocs", "unknown key 'epocs'; did you mean 'epochs'?"));
  EXPECT_TRUE(has(d, 10, 3, "training", "missing required key 'epochs'"));
  EXPECT_TRUE(has(d, 13, 7, "optimizer.lr", "expected a number > 0, found -1"));
  EXPECT_EQ(d.size(), 5u) << dump(d);
}

TEST(Loader, FormatAndWhat) {
  EXPECT_EQ(lrbench::scenario::format({"a.yaml", 3, 7, "training.epochs", "boom"}),
            "a.yaml:3:7: error: training.epochs: boom");
  EXPECT_EQ(lrbench::scenario::format({"a.yaml", 1, 1, "", "boom"}), "a.yaml:1:1: error: boom");
  EXPECT_EQ(lrbench::scenario::format({"--seeds", 0, 0, "", "boom"}), "--seeds: error: boom");
  ScenarioError e({{"a", 1, 2, "", "x"}, {"a", 3, 4, "p", "y"}});
  EXPECT_STREQ(e.what(), "a:1:2: error: x\na:3:4: error: p: y");
}

TEST(Loader, YamlSyntaxError) {
  const auto d = errors("name: demo\ndata: {kind: blobs\nmodel: [\n");
  ASSERT_EQ(d.size(), 1u);
  EXPECT_NE(d[0].message.find("YAML syntax error"), std::string::npos) << dump(d);
  EXPECT_GT(d[0].line, 0);
}

TEST(Loader, WrongTypesAtSeveralLevels) {
  EXPECT_TRUE(has(errors(with(kBase, "data:\n  kind: blobs\n  n_samples: 100", "data: [1, 2]")), 2, 7, "data",
                  "expected a map, found a list"));
  EXPECT_TRUE(has(errors(with(kBase, "epochs: 10", "epochs: [10]")), 10, 11, "training.epochs",
                  "expected an integer in [1, 1000000], found a list"));
  EXPECT_TRUE(has(errors(with(kBase, "epochs: 10", "epochs: 10.0")), 10, 11, "training.epochs",
                  "found '10.0'"));
  EXPECT_TRUE(has(errors(with(kBase, "epochs: 10", "epochs: \"10\"")), 10, 11, "training.epochs",
                  "found the string \"10\""));
  EXPECT_TRUE(has(errors(with(kBase, "lr: 0.01", "lr: fast")), 13, 7, "optimizer.lr", "expected a number > 0, found 'fast'"));
  EXPECT_TRUE(has(errors(with(kBase, "lr: 0.01", "lr: .inf")), 13, 7, "optimizer.lr", "expected a finite number"));
  EXPECT_TRUE(has(errors(with(kBase, "lr: 0.01", "lr: 0.01\n  params: {nesterov: yes}")), 14, 22,
                  "optimizer.params.nesterov", "expected true or false, found 'yes'"));
  EXPECT_TRUE(has(errors(with(kBase, "lr: 0.01", "lr: 0.01\n  params: [1]")), 14, 11, "optimizer.params",
                  "expected a map, found a list"));
  EXPECT_TRUE(has(errors(kBase + "seeds: 5\n"), 14, 8, "seeds", "write [5] for one seed"));
  EXPECT_TRUE(has(errors("- a\n- b\n"), 1, 1, "", "expected a map of scenario keys at the top level"));
}

TEST(Loader, FakeParamTypes) {
  const std::string k = with(kBase, "name: sgd", "name: kitchen");
  EXPECT_TRUE(has(errors(with(k, "lr: 0.01", "lr: 0.01\n  params: {window: 0}")), 14, 20, "optimizer.params.window",
                  "expected an integer in [1, 100], found 0"));
  EXPECT_TRUE(has(errors(with(k, "lr: 0.01", "lr: 0.01\n  params: {mode: coss}")), 14, 18, "optimizer.params.mode",
                  "expected one of cos|linear, found 'coss'; did you mean 'cos'?"));
  EXPECT_TRUE(has(errors(with(k, "lr: 0.01", "lr: 0.01\n  params: {milestones: [1, x]}")), 14, 28,
                  "optimizer.params.milestones.1", "expected an integer, found 'x'"));
  EXPECT_TRUE(has(errors(with(k, "lr: 0.01", "lr: 0.01\n  params: {window: null}")), 14, 20,
                  "optimizer.params.window", "cannot be null"));
}

TEST(Loader, MissingRequiredKeys) {
  EXPECT_TRUE(has(errors(with(kBase, "  epochs: 10\n", "  shuffle: true\n")), 10, 3, "training",
                  "missing required key 'epochs'"));
  EXPECT_TRUE(has(errors(with(kBase, "  lr: 0.01\n", "")), 12, 3, "optimizer", "missing required key 'lr'"));
  EXPECT_TRUE(has(errors(with(kBase, "  kind: blobs\n", "")), 3, 3, "data", "missing required key 'kind'"));
  EXPECT_TRUE(has(errors(with(kBase, "training:\n  epochs: 10\n", "")), 1, 1, "", "missing required key 'training'"));
  EXPECT_TRUE(has(errors(with(kBase, "    - {units: 3, activation: softmax}", "    - {units: 3}")), 8, 7,
                  "model.layers.1", "missing required key 'activation'"));
}

TEST(Loader, UnknownKeysAtSeveralLevels) {
  EXPECT_TRUE(has(errors(kBase + "sedes: [1]\n"), 14, 1, "sedes", "unknown key 'sedes'; did you mean 'seeds'?"));
  EXPECT_TRUE(has(errors(with(kBase, "n_samples: 100", "n_sample: 100")), 4, 3, "data.n_sample",
                  "did you mean 'n_samples'?"));
  EXPECT_TRUE(has(errors(with(kBase, "init: he_uniform", "inti: he_uniform")), 7, 36, "model.layers.0.inti",
                  "unknown key 'inti'; did you mean 'init'?"));
  EXPECT_TRUE(has(errors(with(kBase, "lr: 0.01", "lr: 0.01\n  params: {momentun: 0.9}")), 14, 12,
                  "optimizer.params.momentun",
                  "unknown parameter 'momentun' of optimizer 'sgd'; did you mean 'momentum'?"));
  EXPECT_TRUE(has(errors(kBase + "schedule: {name: constant, params: {decay: 1}}\n"), 14, 37,
                  "schedule.params.decay", "unknown parameter 'decay' of schedule 'constant'; it takes no parameters"));
}

TEST(Loader, UnknownPluginWithSuggestion) {
  EXPECT_TRUE(has(errors(with(kBase, "name: sgd", "name: sdg")), 12, 9, "optimizer.name",
                  "unknown optimizer 'sdg'; did you mean 'sgd'?"));
  EXPECT_TRUE(has(errors(kBase + "schedule: {name: inverse_tim}\n"), 14, 18, "schedule.name",
                  "unknown schedule 'inverse_tim'; did you mean 'inverse_time'?"));
  // A schedule name is not an optimizer.
  EXPECT_TRUE(has(errors(with(kBase, "name: sgd", "name: linear")), 12, 9, "optimizer.name",
                  "unknown optimizer 'linear'"));
}

TEST(Loader, EnumsOutOfSet) {
  EXPECT_TRUE(has(errors(with(kBase, "activation: relu", "activation: rellu")), 7, 30, "model.layers.0.activation",
                  "expected one of relu|tanh|sigmoid|linear|softmax|leaky_relu|gelu, found 'rellu'; did you mean 'relu'?"));
  EXPECT_TRUE(has(errors(with(kBase, "kind: blobs", "kind: blob")), 3, 9, "data.kind", "unknown data kind 'blob'; did you mean 'blobs'?"));
  EXPECT_TRUE(has(errors(kBase + "schedule: {name: constant, tick: epcoh}\n"), 14, 34, "schedule.tick",
                  "did you mean 'epoch'?"));
}

TEST(Loader, RangeErrors) {
  EXPECT_TRUE(has(errors(with(kBase, "lr: 0.01", "lr: 0")), 13, 7, "optimizer.lr", "expected a number > 0, found 0"));
  EXPECT_TRUE(has(errors(with(kBase, "epochs: 10", "epochs: 0")), 10, 11, "training.epochs",
                  "expected an integer in [1, 1000000], found 0"));
  EXPECT_TRUE(has(errors(with(kBase, "epochs: 10", "epochs: 10\n  batch_size: 0")), 11, 15, "training.batch_size",
                  "found 0"));
  EXPECT_TRUE(has(errors(with(kBase, "epochs: 10", "epochs: 10\n  batch_size: 51")), 11, 15, "training.batch_size",
                  "batch_size 51 is larger than the training set (50 rows)"));
  EXPECT_TRUE(has(errors(with(kBase, "lr: 0.01", "lr: 0.01\n  params: {momentum: 1.5}")), 14, 22,
                  "optimizer.params.momentum", "expected a number in [0, 1), found 1.5"));
  EXPECT_TRUE(has(errors(with(kBase, "lr: 0.01", "lr: 0.01\n  params: {momentum: 1}")), 14, 22,
                  "optimizer.params.momentum", "expected a number in [0, 1), found 1"));
  EXPECT_TRUE(has(errors(with(kBase, "n_samples: 100", "n_samples: 100\n  split: {train: 100}")), 5, 18,
                  "data.split.train", "expected a count in [1, 99] (n_samples is 100) or a fraction in (0, 1), found 100"));
  EXPECT_TRUE(has(errors(with(kBase, "n_samples: 100", "n_samples: 100\n  split: {train: 1.0}")), 5, 18,
                  "data.split.train", "found 1.0"));
  EXPECT_TRUE(has(errors(with(kBase, "n_samples: 100", "n_samples: 100\n  split: {train: 0.001}")), 5, 18,
                  "data.split.train", "leaves 0 of 100 rows"));
  EXPECT_TRUE(has(errors(with(kBase, "n_samples: 100", "n_samples: 100\n  center_box: [10, -10]")), 5, 15,
                  "data.center_box", "low must be less than high"));
  EXPECT_TRUE(has(errors(with(kBase, "n_samples: 100", "n_samples: 100\n  random_state: 4294967296")), 5, 17,
                  "data.random_state", "expected an integer in [0, 4294967295], found 4294967296"));
  EXPECT_TRUE(has(errors(with(kBase, "n_samples: 100", "n_samples: 99999999999999999999")), 4, 14, "data.n_samples",
                  "found 99999999999999999999"));
  EXPECT_TRUE(has(errors(kBase + "target: {test_accuracy: 0}\n"), 14, 25, "target.test_accuracy",
                  "expected a number in (0, 1], found 0"));
}

TEST(Loader, ModelShapeRules) {
  EXPECT_TRUE(has(errors(with(kBase, "{units: 3, activation: softmax}", "{units: 4, activation: softmax}")), 8, 15,
                  "model.layers.1.units", "the data has 3 classes, found 4"));
  EXPECT_TRUE(has(errors(with(kBase, "activation: relu", "activation: softmax")), 7, 30, "model.layers.0.activation",
                  "softmax is only allowed on the last layer"));
  EXPECT_TRUE(has(errors(with(kBase, "activation: softmax}", "activation: relu}")), 8, 30,
                  "model.layers.1.activation", "the last layer must be softmax"));
  EXPECT_TRUE(has(errors(with(kBase, "  layers:\n    - {units: 8, activation: relu, init: he_uniform}\n    - {units: 3, activation: softmax}\n",
                              "  layers: []\n")),
                  6, 11, "model.layers", "expected a non-empty list of layers, found an empty list"));
}

TEST(Loader, PluginCrossParameterCheckBecomesADiagnostic) {
  EXPECT_TRUE(has(errors(with(kBase, "lr: 0.01", "lr: 0.01\n  params: {nesterov: true}")), 14, 11,
                  "optimizer.params", "optimizer 'sgd' rejects these parameters: nesterov requires momentum > 0"));
}

TEST(Loader, ScheduleSequenceRules) {
  EXPECT_TRUE(has(errors(kBase + "schedule:\n  sequence:\n    - {name: linear}\n    - {name: constant}\n"), 16, 7,
                  "schedule.sequence.0", "missing required key 'ticks'"));
  EXPECT_TRUE(has(errors(kBase + "schedule:\n  sequence:\n    - {name: linear, ticks: 0}\n    - {name: constant}\n"),
                  16, 29, "schedule.sequence.0.ticks", "expected an integer >= 1, found 0"));
  EXPECT_TRUE(has(errors(kBase + "schedule:\n  name: linear\n  sequence: [{name: constant}]\n"), 15, 3,
                  "schedule.name", "give either 'sequence' or 'name'"));
}

TEST(Loader, SweepErrors) {
  EXPECT_TRUE(has(errors(kBase + "sweep:\n  optimizer.lr: []\n"), 15, 17, "sweep.optimizer.lr",
                  "expected a non-empty list of values, found an empty list"));
  // A key that is not part of the schema is reported at the sweep key.
  EXPECT_TRUE(has(errors(kBase + "sweep:\n  optimizer.lrr: [1, 2]\n"), 15, 3, "optimizer.lrr",
                  "unknown key 'lrr'; did you mean 'lr'?"));
  EXPECT_TRUE(has(errors(kBase + "sweep:\n  optimizer.params.momentun: [0.5]\n"), 15, 3, "optimizer.params.momentun",
                  "did you mean 'momentum'?"));
  EXPECT_TRUE(has(errors(kBase + "sweep:\n  optimiser.lr: [1]\n"), 15, 3, "sweep.optimiser.lr",
                  "unknown key 'optimiser'; did you mean 'optimizer'?"));
  EXPECT_TRUE(has(errors(kBase + "sweep:\n  seeds: [[1], [2]]\n"), 15, 3, "sweep.seeds", "cannot be swept"));
  EXPECT_TRUE(has(errors(kBase + "variants:\n  - set: {optimizer.params.momentun: 0.5}\n"), 15, 11,
                  "optimizer.params.momentun", "did you mean 'momentum'?"));
  EXPECT_TRUE(has(errors(kBase + "variants:\n  - set: {optimizer.lr: 0}\n"), 15, 25, "optimizer.lr",
                  "expected a number > 0, found 0"));
  EXPECT_TRUE(has(errors(kBase + "sweep:\n  optimizer.lr.x: [1]\n"), 15, 3, "sweep.optimizer.lr.x",
                  "cannot set 'optimizer.lr.x'"));
  // A bad swept value is reported at the value, once.
  const auto d = errors(kBase + "sweep:\n  optimizer.lr: [0.1, -2]\n  training.epochs: [1, 2]\n");
  EXPECT_TRUE(has(d, 15, 23, "optimizer.lr", "expected a number > 0, found -2"));
  EXPECT_EQ(d.size(), 1u) << dump(d);
}

TEST(Loader, DuplicateLabelsAndConfigs) {
  EXPECT_TRUE(has(errors(kBase + "sweep:\n  optimizer.lr: [0.1, 0.2, 0.1]\n"), 15, 28, "sweep",
                  "duplicate label 'lr=0.1'"));
  EXPECT_TRUE(has(errors(kBase + "variants:\n  - {label: a, set: {optimizer.lr: 1}}\n  - {label: a, set: {optimizer.lr: 2}}\n"),
                  16, 13, "variants", "duplicate label 'a'"));
  EXPECT_TRUE(has(errors(kBase + "sweep:\n  optimizer.lr: [0.1, 1e-1]\n"), 15, 23, "",
                  "variant 'lr=1e-1' resolves to the same configuration as 'lr=0.1'"));
}

TEST(Loader, DuplicateYamlKey) {
  EXPECT_TRUE(has(errors(with(kBase, "lr: 0.01", "lr: 0.01\n  lr: 0.02")), 14, 3, "optimizer.lr",
                  "duplicate key 'lr' (first given at line 13)"));
}

TEST(Loader, Seeds) {
  EXPECT_TRUE(has(errors(kBase + "seeds: [1, 2, 1]\n"), 14, 15, "seeds.2", "seed 1 is given twice"));
  EXPECT_TRUE(has(errors(kBase + "seeds: [-1]\n"), 14, 9, "seeds.0", "expected an integer >= 0, found -1"));
  EXPECT_TRUE(has(errors(kBase + "seeds: []\n"), 14, 8, "seeds", "found an empty list"));
  LoadOptions o;
  o.seeds_override = std::vector<std::uint64_t>{7, 8};
  EXPECT_EQ(load(kBase + "seeds: [1]\n", o).seeds, (std::vector<std::uint64_t>{7, 8}));
  o.seeds_override = std::vector<std::uint64_t>{7, 7};
  const auto d = errors(kBase, o);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(lrbench::scenario::format(d[0]), "--seeds: error: seed 7 is given twice");
  o.seeds_override = std::vector<std::uint64_t>{};
  EXPECT_EQ(errors(kBase, o).at(0).message, "expected at least one seed");
}

TEST(Loader, MaxRuns) {
  const std::string grid = kBase + "seeds: [0, 1, 2, 3]\nsweep:\n  optimizer.lr: [1, 2, 3]\n  training.epochs: [1, 2, 3, 4, 5]\n";
  LoadOptions o;
  o.max_runs = 59;
  const auto d = errors(grid, o);
  EXPECT_TRUE(has(d, 15, 1, "", "the plan has 60 runs, more than --max-runs 59; raise --max-runs or shrink the grid"));
  o.max_runs = 60;
  EXPECT_EQ(load(grid, o).variants.size(), 15u);
  // A runaway grid fails on the count without being expanded.
  std::string huge = kBase + "sweep:\n";
  for (int k = 0; k < 30; ++k) {
    huge += "  optimizer.params.x" + std::to_string(k) + ": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\n";
  }
  EXPECT_TRUE(has(errors(huge), 14, 1, "", "more than 18446744073709551615 runs"));
}

TEST(Loader, Names) {
  EXPECT_TRUE(has(errors(with(kBase, "name: demo", "name: ../etc")), 1, 7, "name", "not a safe folder name"));
  EXPECT_TRUE(has(errors(with(kBase, "name: demo", "name: /abs")), 1, 7, "name", "not a safe folder name"));
  EXPECT_TRUE(has(errors(with(kBase, "name: demo", "name: a..b")), 1, 7, "name", "not a safe folder name"));
  EXPECT_TRUE(has(errors(with(kBase, "name: demo", "name: \"a\\tb\"")), 1, 7, "name", "not a safe folder name"));
  EXPECT_TRUE(has(errors(with(kBase, "name: demo", "name: .hidden")), 1, 7, "name", "not a safe folder name"));
  // Default: the file stem.
  const std::string unnamed = with(kBase, "name: demo\n", "");
  EXPECT_EQ(lrbench::scenario::load_scenario_text(unnamed, "dir/my-study.yaml", catalog()).name, "my-study");
  try {
    static_cast<void>(lrbench::scenario::load_scenario_text(unnamed, "dir/my study.yaml", catalog()));
    ADD_FAILURE() << "expected an error";
  } catch (const ScenarioError& e) {
    EXPECT_TRUE(has(e.diagnostics, 1, 1, "name", "add a 'name:' key"));
  }
}

TEST(Loader, RefusesNonYamlInput) {
  EXPECT_EQ(errors("").at(0).message, "the file is empty");
  EXPECT_TRUE(has(errors("# only a comment\n\n"), 1, 1, "", "the file is empty"));
  EXPECT_TRUE(has(errors(std::string("name: a\nda\0ta: 1\n", 17)), 2, 3, "", "NUL byte"));
  EXPECT_TRUE(has(errors("name: demo\ndescription: caf\xC3\xA9 \xFF\n"), 2, 19, "", "not valid UTF-8 (byte 0xFF)"));
  // Overlong encoding of '/' is not valid UTF-8 either.
  EXPECT_TRUE(has(errors("name: \xC0\xAF\n"), 1, 7, "", "not valid UTF-8 (byte 0xC0)"));
  EXPECT_TRUE(has(errors(kBase + "---\nname: two\n"), 15, 1, "", "2 YAML documents"));
}

TEST(Loader, AliasBombIsStopped) {
  std::string bomb = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i <= 9; ++i) {
    bomb += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
    for (int k = 0; k < 10; ++k) bomb += (k ? ", *a" : "*a") + std::to_string(i - 1);
    bomb += "]\n";
  }
  const auto d = errors(bomb);
  ASSERT_EQ(d.size(), 1u) << dump(d);
  EXPECT_NE(d[0].message.find("document expands to more than 100000 nodes; YAML aliases?"), std::string::npos);
}

TEST(Loader, SelfReferentialAliasAndDeepNesting) {
  // Neither may crash; both must be errors.
  static_cast<void>(errors("a: &x [*x]\n"));
  static_cast<void>(errors(std::string(5000, '[') + std::string(5000, ']') + "\n"));
}

TEST(Loader, ResolvedJsonIsDeterministicAndCanonical) {
  const Scenario a = load(kBase);
  // Same settings, written differently: key order, explicit defaults, flow style.
  const Scenario b = load(R"(optimizer: {lr: 1e-2, name: sgd, params: {nesterov: false}}
training: {shuffle: true, epochs: 10, batch_size: 32}
model:
  layers: [{units: 8, init: he_uniform, activation: relu}, {activation: softmax, units: 3}]
data: {n_samples: 100, kind: blobs, center_box: [-10.0, 10], split: {train: 0.5}}
schedule: {name: constant, tick: step}
name: other
)");
  EXPECT_EQ(a.variants[0].config.resolved.dump(), b.variants[0].config.resolved.dump());
  EXPECT_EQ(load(kBase).variants[0].config.resolved.dump(), a.variants[0].config.resolved.dump());
  const std::string text = a.variants[0].config.resolved.dump();
  EXPECT_LT(text.find("\"data\""), text.find("\"model\""));  // sorted keys
}

TEST(Loader, LoadFromFile) {
  const auto dir = std::filesystem::temp_directory_path() / "lrbench_scenario_test";
  std::filesystem::create_directories(dir);
  const auto file = dir / "from-file.yaml";
  {
    std::ofstream out(file, std::ios::binary);
    out << with(kBase, "name: demo\n", "");
  }
  const Scenario s = lrbench::scenario::load_scenario(file, catalog());
  EXPECT_EQ(s.name, "from-file");
  EXPECT_EQ(s.file, file);
  try {
    static_cast<void>(lrbench::scenario::load_scenario(dir / "missing.yaml", catalog()));
    ADD_FAILURE();
  } catch (const ScenarioError& e) {
    EXPECT_NE(std::string(e.what()).find("missing.yaml: error: cannot read the file"), std::string::npos) << e.what();
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
