// `lrbench run` on comparison scenarios, end to end with the shipped
// plugins: the files written, comparison.json against its documented schema
// (docs/comparisons.md), ties between identical contenders, resume across
// the two stages, and bad input.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli_runner.hpp"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using lrbench::testing::fresh_dir;
using lrbench::testing::read_file;
using lrbench::testing::run_lrbench;
using lrbench::testing::shell_quote;
using lrbench::testing::write_file;

const std::string kSetup = R"(
data: {kind: blobs, generator: sklearn, n_samples: 300, centers: 3, n_features: 2, cluster_std: 2.0,
       random_state: 2, split: {train: 150, validation: 75}}
model: {layers: [{units: 8, activation: relu, init: he_uniform}, {units: 3, activation: softmax, init: glorot_uniform}]}
training: {epochs: 4, batch_size: 32}
seeds: [0, 1]
target: {test_accuracy: 0.5}
)";

const std::string kCompare = kSetup + R"(
name: small
compare:
  final_seeds: 5
  contenders:
    - {name: sgd, optimizer: sgd, search: {lr: {log_grid: [1e-3, 1e-1, 3]}, momentum: [0, 0.9]}}
    - {optimizer: adam, search: {lr: {log_grid: [1e-3, 1e-1, 3]}}}
    - {optimizer: rmsprop, search: {lr: [0.01]}}
)";

json comparison_json(const fs::path& out, const std::string& name) {
  return json::parse(read_file(out / name / "comparison.json"));
}

// Type checks of the documented schema: `kind` is one of "str", "num",
// "int", "bool", "arr", "obj", with "?" appended when null is allowed.
void expect_field(const json& j, const std::string& key, const std::string& kind) {
  ASSERT_TRUE(j.contains(key)) << "missing '" << key << "' in " << j.dump().substr(0, 200);
  const json& v = j[key];
  const bool nullable = kind.ends_with("?");
  const std::string k = nullable ? kind.substr(0, kind.size() - 1) : kind;
  if (nullable && v.is_null()) return;
  const bool ok = (k == "str" && v.is_string()) || (k == "num" && v.is_number()) ||
                  (k == "int" && v.is_number_integer()) || (k == "bool" && v.is_boolean()) ||
                  (k == "arr" && v.is_array()) || (k == "obj" && v.is_object());
  EXPECT_TRUE(ok) << "'" << key << "' should be " << kind << ", is " << v.dump().substr(0, 200);
}

void expect_schema(const json& c) {
  EXPECT_EQ(c["schema"], "lrbench.comparison/1");
  for (const auto& [k, t] : std::vector<std::pair<std::string, std::string>>{
           {"name", "str"}, {"description", "str"}, {"partial", "bool"}, {"select_on", "obj"},
           {"final_metric", "obj"}, {"budget", "obj"}, {"tuning_seeds", "arr"}, {"final_seeds", "arr"},
           {"alpha", "num"}, {"epsilon", "num"}, {"bootstrap", "obj"}, {"target", "obj?"}, {"tasks", "arr"},
           {"profile", "obj?"}}) {
    expect_field(c, k, t);
  }
  expect_field(c["select_on"], "metric", "str");
  expect_field(c["select_on"], "direction", "str");
  expect_field(c["select_on"], "optimistic", "bool");
  expect_field(c["budget"], "kind", "str");
  for (const json& task : c["tasks"]) {
    expect_field(task, "name", "str");
    expect_field(task, "has_validation", "bool");
    expect_field(task, "complete", "bool");
    expect_field(task, "contenders", "arr");
    for (const json& k : task["contenders"]) {
      for (const auto& [key, t] : std::vector<std::pair<std::string, std::string>>{
               {"name", "str"}, {"optimizer", "str"}, {"schedule", "str"}, {"searched", "arr"}, {"trials", "arr"},
               {"selected", "obj?"}, {"final", "obj"}, {"to_target", "obj?"}, {"lr_sensitivity", "obj"},
               {"expected_best", "obj?"}, {"lr_find", "obj"}, {"rank", "int?"}, {"verdicts", "arr"}}) {
        expect_field(k, key, t);
      }
      for (const json& trial : k["trials"]) {
        expect_field(trial, "label", "str");
        expect_field(trial, "lr", "num");
        expect_field(trial, "point", "obj");
        expect_field(trial, "scores", "arr");
        expect_field(trial, "mean", "num?");
      }
      for (const auto& [key, t] : std::vector<std::pair<std::string, std::string>>{
               {"label", "str"}, {"lr", "num"}, {"point", "obj"}, {"config", "obj"}, {"tuning_score", "num"}}) {
        expect_field(k["selected"], key, t);
      }
      const json& f = k["final"];
      for (const auto& [key, t] : std::vector<std::pair<std::string, std::string>>{
               {"seeds", "int"}, {"recorded", "int"}, {"diverged", "int"}, {"scores", "arr"}, {"mean", "num"},
               {"std", "num"}, {"median", "num"}, {"ci", "obj"}}) {
        expect_field(f, key, t);
      }
      for (const char* key : {"estimate", "lower", "upper"}) expect_field(f["ci"], key, "num");
      for (const auto& [key, t] : std::vector<std::pair<std::string, std::string>>{
               {"reached", "int"}, {"of", "int"}, {"median_epochs", "num?"}, {"median_seconds", "num?"}}) {
        expect_field(k["to_target"], key, t);
      }
      for (const auto& [key, t] : std::vector<std::pair<std::string, std::string>>{
               {"epsilon", "num"}, {"lrs", "arr"}, {"scores", "arr"}, {"width_decades", "num?"}}) {
        expect_field(k["lr_sensitivity"], key, t);
      }
      expect_field(k["expected_best"], "mean", "arr");
      for (const auto& [key, t] : std::vector<std::pair<std::string, std::string>>{
               {"suggestion", "num?"}, {"lowest", "num?"}, {"highest", "num?"}, {"seeds", "int"},
               {"lr_min", "num"}, {"lr_max", "num"}, {"steps", "int"}}) {
        expect_field(k["lr_find"], key, t);
      }
      EXPECT_EQ(k["expected_best"]["mean"].size(), k["trials"].size());
      EXPECT_EQ(k["verdicts"].size(), task["contenders"].size() - 1);
      for (const json& v : k["verdicts"]) {
        expect_field(v, "against", "str");
        expect_field(v, "verdict", "str");
        EXPECT_TRUE(v["verdict"] == "better" || v["verdict"] == "worse" || v["verdict"] == "tie");
        expect_field(v, "p", "num");
        expect_field(v, "p_holm", "num");
        expect_field(v, "exact", "bool");
        expect_field(v, "difference", "obj");
      }
    }
  }
}

fs::path run_in(const std::string& name, const std::string& yaml, const std::string& extra = "") {
  const fs::path dir = fresh_dir(name);
  write_file(dir / "cmp.yaml", yaml);
  const auto r = run_lrbench("run " + shell_quote((dir / "cmp.yaml").string()) + " -j 2 --out " +
                             shell_quote((dir / "out").string()) + " " + extra);
  EXPECT_EQ(r.status, 0) << r.output;
  return dir;
}

TEST(ComparisonCli, WritesTheReportAndASchemaValidComparisonJson) {
  const fs::path dir = run_in("cmp-schema", kCompare);
  const json c = comparison_json(dir / "out", "small");
  expect_schema(c);
  EXPECT_EQ(c["tasks"][0]["contenders"][0]["trials"].size(), 6U);
  EXPECT_EQ(c["final_seeds"], json::parse("[2, 3, 4, 5, 6]"));
  const std::string readme = read_file(dir / "out" / "small" / "README.md");
  EXPECT_NE(readme.find("## Optimizers compared"), std::string::npos);
  EXPECT_NE(readme.find("| Rank | Contender |"), std::string::npos);
  EXPECT_FALSE(fs::exists(dir / "out" / "README.md"));  // no empty index for a comparison-only run
  // runs.jsonl: 6 + 3 + 1 trials on 2 tuning seeds, then 3 contenders on 5 final seeds.
  std::ifstream runs(dir / "out" / "small" / "runs.jsonl");
  std::size_t lines = 0;
  for (std::string line; std::getline(runs, line);) ++lines;
  EXPECT_EQ(lines, 10U * 2U + 3U * 5U);
}

TEST(ComparisonCli, DrawsEveryContenderInEachFigure) {
  const fs::path dir = run_in("cmp-figures", kCompare);
  const std::string readme = read_file(dir / "out" / "small" / "README.md");
  for (const char* figure : {"lr_sensitivity.svg", "convergence.svg", "budget.svg"}) {
    const std::string svg = read_file(dir / "out" / "small" / figure);
    EXPECT_TRUE(svg.starts_with("<svg") || svg.starts_with("<?xml")) << figure;
    for (const char* name : {">sgd<", ">adam<", ">rmsprop<"}) EXPECT_NE(svg.find(name), std::string::npos) << figure << name;
    EXPECT_NE(readme.find(std::string("](") + figure + ")"), std::string::npos) << figure;
  }
  EXPECT_FALSE(fs::exists(dir / "out" / "small" / "profile.svg"));  // one task: no profile
}

TEST(ComparisonCli, SeveralTasksGiveAPerformanceProfile) {
  const fs::path dir = fresh_dir("cmp-tasks");
  for (const char* spread : {"1.0", "3.0"}) {
    write_file(dir / (std::string("blobs-") + spread + ".yaml"),
               std::string("data: {kind: blobs, generator: sklearn, n_samples: 300, centers: 3, n_features: 2, "
                           "cluster_std: ") + spread + ", random_state: 2, split: {train: 150, validation: 75}}\n" +
                   "model: {layers: [{units: 8, activation: relu}, {units: 3, activation: softmax}]}\n");
  }
  write_file(dir / "cmp.yaml", R"(
name: tasks
training: {epochs: 4, batch_size: 32}
seeds: [0, 1]
target: {test_accuracy: 0.5}
compare:
  tasks: [blobs-1.0.yaml, blobs-3.0.yaml]
  final_seeds: 4
  contenders:
    - {optimizer: sgd, search: {lr: [0.1, 0.01]}}
    - {optimizer: adam, search: {lr: [0.01, 0.001]}}
)");
  const auto r = run_lrbench("run " + shell_quote((dir / "cmp.yaml").string()) + " -j 2 --out " +
                             shell_quote((dir / "out").string()));
  ASSERT_EQ(r.status, 0) << r.output;
  const json c = comparison_json(dir / "out", "tasks");
  expect_schema(c);
  ASSERT_EQ(c["tasks"].size(), 2U);
  EXPECT_EQ(c["tasks"][0]["name"], "blobs-1.0");
  EXPECT_EQ(c["tasks"][1]["name"], "blobs-3.0");
  ASSERT_TRUE(c["profile"].is_object());
  for (const json& k : c["profile"]["contenders"]) {
    ASSERT_TRUE(k["score"].is_number());
    EXPECT_GE(k["score"].get<double>(), 0.0);
    EXPECT_LE(k["score"].get<double>(), 1.0);
  }
  EXPECT_TRUE(fs::exists(dir / "out" / "tasks" / "profile.svg"));
  EXPECT_NE(read_file(dir / "out" / "tasks" / "README.md").find("performance profile"), std::string::npos);
}

TEST(ComparisonCli, IdenticalContendersTie) {
  const fs::path dir = run_in("cmp-tie", kSetup + R"(
name: twins
compare:
  final_seeds: 6
  contenders:
    - {name: first, optimizer: sgd, search: {lr: [0.05, 0.01]}}
    - {name: second, optimizer: sgd, search: {lr: [0.05, 0.01]}}
)");
  const json c = comparison_json(dir / "out", "twins");
  const json& a = c["tasks"][0]["contenders"][0];
  const json& b = c["tasks"][0]["contenders"][1];
  EXPECT_EQ(a["final"]["scores"], b["final"]["scores"]);
  EXPECT_EQ(a["rank"], 1);
  EXPECT_EQ(b["rank"], 1);
  EXPECT_EQ(a["verdicts"][0]["verdict"], "tie");
  EXPECT_EQ(b["verdicts"][0]["verdict"], "tie");
  const std::string readme = read_file(dir / "out" / "twins" / "README.md");
  EXPECT_NE(readme.find("All 2 contenders tie"), std::string::npos) << readme;
}

TEST(ComparisonCli, ResumeRunsOnlyWhatIsMissingAndSelectsTheSame) {
  const fs::path dir = run_in("cmp-resume", kCompare);
  const fs::path runs = dir / "out" / "small" / "runs.jsonl";
  const json before = comparison_json(dir / "out", "small");
  // Keep the tune stage and two confirm runs, as if stopped in the confirm stage.
  std::ifstream in(runs);
  std::string kept;
  std::size_t n = 0;
  for (std::string line; std::getline(in, line) && n < 22; ++n) kept += line + "\n";
  in.close();
  write_file(runs, kept);
  const auto r = run_lrbench("run " + shell_quote((dir / "cmp.yaml").string()) + " --resume -j 2 --out " +
                             shell_quote((dir / "out").string()));
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("tune stage: 20 runs (20 already recorded)"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("confirm stage: 15 runs (2 already recorded)"), std::string::npos) << r.output;
  const json after = comparison_json(dir / "out", "small");
  for (std::size_t k = 0; k < 3; ++k) {
    const json& x = before["tasks"][0]["contenders"][k];
    const json& y = after["tasks"][0]["contenders"][k];
    EXPECT_EQ(x["selected"]["label"], y["selected"]["label"]);
    EXPECT_EQ(x["final"]["scores"], y["final"]["scores"]);
    EXPECT_EQ(x["verdicts"], y["verdicts"]);
  }
}

TEST(ComparisonCli, BadComparisonIsExitTwoWithPosition) {
  const fs::path dir = fresh_dir("cmp-bad");
  write_file(dir / "cmp.yaml", kSetup + R"(
compare:
  final_seeds: [1, 7]
  contenders: [{optimizer: sgd, search: {lr: [0.1]}}, {optimizer: nosuch, search: {lr: [0.1]}}]
)");
  const auto r = run_lrbench("run " + shell_quote((dir / "cmp.yaml").string()) + " --out " +
                             shell_quote((dir / "out").string()));
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find("cmp.yaml:10:17"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("also a tuning seed"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("nosuch"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(dir / "out"));
}

}  // namespace

namespace {

// The quadratic f = ½ xᵀAx with eigenvalues 1 … 50: gradient descent is
// stable for lr < 2/λmax = 0.04 and moves the loss within one step only when
// lr·λmax is not tiny. The range test's steepest descent must fall inside
// [0.04/100, 0.04], and the ramp, which goes to lr = 10, must stop at
// divergence.
const std::string kQuadratic = R"(name: quad
data: {kind: function, function: quadratic, dimensions: 5, condition_number: 50}
training: {epochs: 20, steps_per_epoch: 10}
optimizer: {name: sgd, lr: 0.01}
)";

json lr_find_json(const fs::path& dir, const std::string& seeds) {
  const auto r = run_lrbench("lr-find " + shell_quote((dir / "quad.yaml").string()) +
                             " --min-lr 1e-5 --max-lr 10 --steps 200 --seeds " + seeds + " --out " +
                             shell_quote((dir / ("out-" + seeds)).string()));
  EXPECT_EQ(r.status, 0) << r.output;
  return json::parse(read_file(dir / ("out-" + seeds) / "quad" / "lr_find.json"));
}

TEST(LrFindCli, SuggestionFallsInTheQuadraticsStableRange) {
  const fs::path dir = fresh_dir("lr-find-quad");
  write_file(dir / "quad.yaml", kQuadratic);
  const json j = lr_find_json(dir, "0,1,2,3,4");
  ASSERT_EQ(j["variants"].size(), 1U);
  const json& v = j["variants"][0];
  EXPECT_EQ(v["schema"], "lrbench.lr_find/1");
  const double stable = 2.0 / 50.0;
  ASSERT_TRUE(v["suggestion"].is_number()) << v.dump().substr(0, 400);
  EXPECT_GT(v["suggestion"].get<double>(), stable / 100);
  EXPECT_LT(v["suggestion"].get<double>(), stable);
  EXPECT_LE(v["lowest"].get<double>(), v["suggestion"].get<double>());
  EXPECT_GE(v["highest"].get<double>(), v["suggestion"].get<double>());
  ASSERT_EQ(v["seeds"].size(), 5U);
  for (const json& s : v["seeds"]) {
    EXPECT_EQ(s["status"], "suggested");
    EXPECT_GT(s["suggested_lr"].get<double>(), stable / 100);
    EXPECT_LT(s["suggested_lr"].get<double>(), stable);
    EXPECT_TRUE(s["diverged"].get<bool>());        // the ramp went past 2/λmax …
    EXPECT_LT(s["lrs"].size(), 200U);              // … and stopped there
    EXPECT_LT(s["lrs"].back().get<double>(), 10.0);
  }
  EXPECT_TRUE(fs::exists(dir / "out-0,1,2,3,4" / "quad" / "lr_find-1.svg"));
}

TEST(LrFindCli, NoStateLeaksFromOneSeedIntoTheNext) {
  const fs::path dir = fresh_dir("lr-find-leak");
  write_file(dir / "quad.yaml", kQuadratic);
  const json together = lr_find_json(dir, "0,1");
  const json alone = lr_find_json(dir, "1");
  EXPECT_EQ(together["variants"][0]["seeds"][1], alone["variants"][0]["seeds"][0]);
}

}  // namespace
