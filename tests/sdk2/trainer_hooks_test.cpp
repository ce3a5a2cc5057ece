// The trainer's SDK 2 hooks and the author path, end to end: the MLP's
// layout, metrics at the evaluation weights, gradient_at counted in the run
// record and the report, a default lr, conformance --isolate and --mutate,
// and the messages about plugin folders.
#include <cmath>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli_runner.hpp"
#include "model/mlp.hpp"
#include "run/optimizer_hooks.hpp"

namespace lrbench {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::fresh_dir;
using testing::read_file;
using testing::run_lrbench;
using testing::shell_quote;
using testing::write_file;

const std::string kSdk2Plugins = LRBENCH_TEST_PLUGIN_DIR "/sdk2";
const std::string kFaultyPlugins = LRBENCH_TEST_PLUGIN_DIR "/robustness";

TEST(ModelLayout, LayersAsPyTorchShapedTensors) {
  model::ModelSpec spec;
  spec.layers = {{5, model::Activation::relu, model::Init::he_uniform},
                 {3, model::Activation::softmax, model::Init::glorot_uniform}};
  const auto layers = model::layout(2, spec);
  const ParamLayout layout = run::model_layout(layers);
  ASSERT_EQ(layout.tensors().size(), 4u);
  const std::vector<std::tuple<std::string, std::size_t, std::size_t, std::size_t, int, TensorRole>> want = {
      {"layer1.weight", 0, 5, 2, 2, TensorRole::weight},
      {"layer1.bias", 10, 5, 1, 1, TensorRole::bias},
      {"layer2.weight", 15, 3, 5, 2, TensorRole::weight},
      {"layer2.bias", 30, 3, 1, 1, TensorRole::bias}};
  for (std::size_t i = 0; i < want.size(); ++i) {
    const Tensor& t = layout.tensors()[i];
    EXPECT_EQ(t.name, std::get<0>(want[i]));
    EXPECT_EQ(t.offset, std::get<1>(want[i]));
    EXPECT_EQ(t.rows, std::get<2>(want[i]));
    EXPECT_EQ(t.cols, std::get<3>(want[i]));
    EXPECT_EQ(t.rank, std::get<4>(want[i]));
    EXPECT_EQ(t.role, std::get<5>(want[i]));
  }
  EXPECT_EQ(layout.size(), 33u);
}

// Element (r, c) of a weight tensor is the weight from input c to unit r
// (PyTorch's Linear.weight[out, in]): with only that weight set, logit r of
// a one-layer model is input c.
TEST(ModelLayout, WeightMatricesAreRowMajorOutByIn) {
  model::ModelSpec spec;
  spec.layers = {{3, model::Activation::softmax, model::Init::zeros}};
  model::Mlp<double> mlp(4, spec, 1);
  const ParamLayout layout = run::model_layout(mlp.layers());
  const Tensor& w = layout.tensors()[0];
  ASSERT_EQ(w.rows, 3u);
  ASSERT_EQ(w.cols, 4u);
  std::vector<double> params(layout.size(), 0.0);
  params[w.offset + 2 * w.cols + 1] = 1.0;  // unit 2, input 1
  model::Mlp<double>::Matrix x(1, 4);
  x << 10.0, 20.0, 30.0, 40.0;
  mlp.forward(params, x);
  EXPECT_EQ(mlp.logit(0, 0), 0.0);
  EXPECT_EQ(mlp.logit(0, 1), 0.0);
  EXPECT_EQ(mlp.logit(0, 2), 20.0);
}

// A small scenario naming one of the SDK 2 test plugins.
fs::path scenario(const fs::path& dir, const std::string& optimizer, const std::string& extra = "") {
  const fs::path file = dir / "s.yaml";
  write_file(file, "name: s\n"
                   "data: {kind: blobs, n_samples: 120, centers: 3, cluster_std: 1.0, random_state: 2, split: {train: 60}}\n"
                   "model:\n  layers:\n    - {units: 8, activation: relu, init: he_uniform}\n"
                   "    - {units: 3, activation: softmax, init: glorot_uniform}\n"
                   "training: {epochs: 4, batch_size: 20}\n"
                   "optimizer: " + optimizer + "\nseeds: [0]\n" + extra);
  return file;
}

std::vector<json> runs(const fs::path& out) {
  std::vector<json> records;
  std::istringstream in(read_file(out / "s" / "runs.jsonl"));
  for (std::string line; std::getline(in, line);) records.push_back(json::parse(line));
  return records;
}

// Lookahead with alpha 0 never moves its slow weights: metrics at them stay
// those of the initial model while the fast weights train; alpha 1 moves.
TEST(Trainer, MetricsAreTakenAtTheEvaluationWeights) {
  const fs::path dir = fresh_dir("sdk2_eval_weights");
  for (const char* alpha : {"0.0", "1.0"}) {
    const auto file = scenario(dir, std::string("{name: fixture_lookahead, lr: 0.1, params: {k: 2, alpha: ") + alpha + "}}");
    const auto r = run_lrbench("--plugin-dir " + shell_quote(kSdk2Plugins) + " run " + shell_quote(file.string()) +
                               " --out " + shell_quote((dir / alpha).string()));
    ASSERT_EQ(r.status, 0) << r.output;
    const json record = runs(dir / alpha).at(0);
    const auto losses = record["epochs"]["train_loss"].get<std::vector<double>>();
    ASSERT_EQ(losses.size(), 4u);
    if (std::string(alpha) == "0.0") {
      for (double l : losses) EXPECT_EQ(l, losses[0]) << "alpha 0: the slow weights moved";
    } else {
      EXPECT_LT(losses[3], losses[0]) << "alpha 1: metrics did not follow the trained weights";
    }
  }
}

// SAM asks for a second gradient per step: counted in runs.jsonl and shown
// per step in the report. Plugins that do not ask write nothing new.
TEST(Trainer, GradientEvaluationsAreCountedAndReported) {
  const fs::path dir = fresh_dir("sdk2_gradient_at");
  auto file = scenario(dir, "{name: fixture_sam, lr: 0.1, params: {rho: 0.05, inner: {name: sgd, params: {momentum: 0.9}}}}");
  auto r = run_lrbench("--plugin-dir " + shell_quote(kSdk2Plugins) + " run " + shell_quote(file.string()) + " --out " +
                       shell_quote((dir / "sam").string()));
  ASSERT_EQ(r.status, 0) << r.output;
  const json record = runs(dir / "sam").at(0);
  EXPECT_EQ(record["updates"], 12);  // 4 epochs x 3 batches
  EXPECT_EQ(record["gradient_evaluations"], 24);
  EXPECT_EQ(record["config"]["optimizer"]["params"]["inner"]["params"]["momentum"], 0.9);
  const std::string readme = read_file(dir / "sam" / "s" / "README.md");
  EXPECT_NE(readme.find("Gradient evaluations / step |"), std::string::npos) << readme;
  EXPECT_NE(readme.find(" 2 |\n"), std::string::npos) << readme;
  // The setup names the inner optimizer with its own parameters.
  EXPECT_NE(readme.find("`fixture_sam`, lr 0.1; inner `sgd` (dampening 0, momentum 0.9, nesterov false, weight_decay 0), "
                        "rho 0.05"),
            std::string::npos)
      << readme;
  // The report's context lists the inner plugin and every plugin's build
  // (not optimised in a Debug or sanitizer build).
  EXPECT_TRUE(readme.find("optimizer sgd 1.0.0 (optimised, ") != std::string::npos ||
              readme.find("optimizer sgd 1.0.0 (not optimised, ") != std::string::npos)
      << readme;

  file = scenario(dir, "{name: sgd, lr: 0.1}");
  r = run_lrbench("run " + shell_quote(file.string()) + " --out " + shell_quote((dir / "sgd").string()));
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_FALSE(runs(dir / "sgd").at(0).contains("gradient_evaluations"));
  EXPECT_EQ(read_file(dir / "sgd" / "s" / "README.md").find("Gradient evaluations"), std::string::npos);
}

TEST(Trainer, APluginsDefaultLrMakesOptimizerLrOptional) {
  const fs::path dir = fresh_dir("sdk2_default_lr");
  const auto file = scenario(dir, "{name: fixture_clipped_sgd}");
  const auto r = run_lrbench("--plugin-dir " + shell_quote(kSdk2Plugins) + " run " + shell_quote(file.string()) +
                             " --out " + shell_quote(dir.string()));
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_EQ(runs(dir).at(0)["config"]["optimizer"]["lr"], 0.1);
  // Without a default, lr stays required.
  const auto bad = run_lrbench("run " + shell_quote(scenario(dir, "{name: sgd}").string()));
  EXPECT_EQ(bad.status, 2);
  EXPECT_NE(bad.output.find("missing required key 'lr'"), std::string::npos) << bad.output;
}

TEST(Loader, NestedErrorsHaveTheirFileLineAndColumn) {
  const fs::path dir = fresh_dir("sdk2_nested_errors");
  const auto file = scenario(dir, "\n  name: fixture_sam\n  lr: 0.1\n  params:\n    inner:\n      name: sgd\n"
                                  "      params: {momentum: 1.5, lr: 0.1}");
  const auto r = run_lrbench("--plugin-dir " + shell_quote(kSdk2Plugins) + " run " + shell_quote(file.string()));
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.output.find("s.yaml:14:26: error: optimizer.params.inner.params.momentum: expected a number in [0, 1), "
                          "found 1.5"),
            std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("s.yaml:14:31: error: optimizer.params.inner.params.lr: unknown parameter 'lr' of optimizer "
                          "'sgd'; the learning rate is not a plugin parameter"),
            std::string::npos)
      << r.output;
}

TEST(AuthorPath, AMissingPluginNameListsFoldersAndPlugins) {
  const fs::path dir = fresh_dir("sdk2_not_found");
  const auto r = run_lrbench("--plugin-dir " + shell_quote((dir / "nowhere").string()) + " run " +
                             shell_quote(scenario(dir, "{name: no_such_optimizer, lr: 0.1}").string()));
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.output.find("warning: --plugin-dir " + (dir / "nowhere").string() + ": no such folder"),
            std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("unknown optimizer 'no_such_optimizer' (searched: " + (dir / "nowhere").string() + ", "),
            std::string::npos)
      << r.output;
  // The shipped optimizers, sorted (a run of neighbours that no new plugin's name falls between).
  EXPECT_NE(r.output.find("optimizers found: "), std::string::npos) << r.output;
  EXPECT_NE(r.output.find(", adam, adamax, adamw, "), std::string::npos) << r.output;
}

// A golden file with a plugin that crashes: --isolate fails that case and
// checks the rest; without it the whole check dies.
TEST(AuthorPath, ConformanceIsolateTurnsACrashIntoAFailedCase) {
  const fs::path dir = fresh_dir("sdk2_isolate");
  const json ok_case = {{"name", "plain"}, {"optimizer", "fixture_faulty"}, {"x0", {1.0}}, {"lr", {0.5}},
                        {"grads", {{1.0}}}, {"expected", {{0.5}}}};
  json crash_case = ok_case;
  crash_case["name"] = "crash";
  // abort, not segfault: the same signal under the sanitizers, which catch a
  // null store before it faults.
  crash_case["params"] = {{"fault", "abort"}};
  const json file = {{"format", 1}, {"tolerance", {{"rtol", 0.0}, {"atol", 1e-7}}}, {"cases", {crash_case, ok_case}}};
  write_file(dir / "g.json", file.dump());
  const std::string args = "--plugin-dir " + shell_quote(kFaultyPlugins) + " conformance " +
                           shell_quote((dir / "g.json").string());
  const auto isolated = run_lrbench(args + " --isolate");
  EXPECT_EQ(isolated.status, 1) << isolated.output;
  EXPECT_NE(isolated.output.find("FAIL  crash"), std::string::npos) << isolated.output;
  EXPECT_NE(isolated.output.find("the case's process crashed with signal 6 (Aborted)"), std::string::npos)
      << isolated.output;
  EXPECT_NE(isolated.output.find("pass  plain"), std::string::npos) << isolated.output;
  EXPECT_NE(isolated.output.find("1 passed, 1 failed"), std::string::npos) << isolated.output;
  EXPECT_EQ(run_lrbench(args).status, 128 + 6) << "without --isolate the crash takes the check down (the shell reports 128 + SIGABRT)";
}

// --mutate: a parameter that no case changes (weight_decay 0 everywhere) is
// reported and fails the command; one a case does change is detected.
TEST(AuthorPath, MutateReportsParametersNoCaseDetects) {
  const fs::path dir = fresh_dir("sdk2_mutate");
  // Plain gradient descent through sgd: w = 1 - 0.1*g per step.
  const json c = {{"name", "sgd_momentum"}, {"optimizer", "sgd"}, {"params", {{"momentum", 0.5}}},
                  {"x0", {1.0, -1.0}}, {"lr", {0.1, 0.1}}, {"grads", {{1.0, 0.5}, {1.0, 0.5}}},
                  {"expected", {{0.9, -1.05}, {0.75, -1.125}}}};
  write_file(dir / "g.json", json{{"format", 1}, {"tolerance", {{"rtol", 1e-6}, {"atol", 1e-7}}}, {"cases", {c}}}.dump());
  const auto r = run_lrbench("conformance --mutate " + shell_quote((dir / "g.json").string()));
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_NE(r.output.find("detected    sgd.momentum"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("UNDETECTED  sgd.weight_decay"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("never tried: 0, which a 1 % change leaves at 0"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("detected    sgd.nesterov"), std::string::npos) << r.output;
}

}  // namespace
}  // namespace lrbench
