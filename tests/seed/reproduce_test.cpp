// The seed study's results are the same bits everywhere:
// - under every instruction set the model kernels are built for and this CPU
//   runs (LRBENCH_ISA=baseline|avx2|avx512), with one or two jobs or one
//   process per run (--isolate), the lr=0.01 variant's runs.jsonl records
//   are identical, wall time and the recorded ISA aside, and
//   `lrbench compare` sees no change;
// - every shipped optimizer's instruction-set builds give the same records;
// - the first variant of every committed report in reports/seed is
//   reproduced by a fresh run, record for record.
// A bad LRBENCH_ISA stops `lrbench run` before anything runs (exit 2).
#include <algorithm>
#include <filesystem>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli_runner.hpp"
#include "model/isa.hpp"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using lrbench::testing::CommandResult;

const fs::path kSource = LRBENCH_SOURCE_DIR;

// `lrbench ARGS` with LRBENCH_ISA set (empty: unset).
CommandResult lrbench_with_isa(const std::string& isa, const std::string& args) {
  const std::string env = isa.empty() ? "env -u LRBENCH_ISA " : "LRBENCH_ISA=" + lrbench::testing::shell_quote(isa) + " ";
  return lrbench::testing::run_command(env + lrbench::testing::shell_quote(LRBENCH_EXE) + " " + args);
}

// Records of a runs.jsonl, by run id, without the fields that describe the
// machine rather than the result.
std::map<std::string, json> records(const fs::path& runs_jsonl, std::vector<std::string>* isas = nullptr) {
  std::map<std::string, json> out;
  std::istringstream lines(lrbench::testing::read_file(runs_jsonl));
  for (std::string line; std::getline(lines, line);) {
    if (line.empty()) continue;
    json r = json::parse(line);
    if (isas != nullptr) isas->push_back(r.value("isa", ""));
    r.erase("wall_seconds");
    r.erase("isa");
    out[r.at("id").get<std::string>()] = r;
  }
  return out;
}

std::string regex_escape(const std::string& text) {
  static const std::regex special(R"([.^$|()\[\]{}*+?\\])");
  return std::regex_replace(text, special, R"(\$&)");
}

// The seed study's lr=0.01 variant (5 seeds), run under `isa` with extra
// `options` (--jobs, --isolate) into `out`.
std::map<std::string, json> lr_001_under(const std::string& isa, const std::string& options, const fs::path& out) {
  const CommandResult r = lrbench_with_isa(
      isa, "-q run " + lrbench::testing::shell_quote((kSource / "scenarios/seed/01-learning-rate.yaml").string()) +
               " --filter '^lr=1e-2$' " + options + " --out " +
               lrbench::testing::shell_quote(out.string()));
  EXPECT_EQ(r.status, 0) << r.output;
  std::vector<std::string> isas;
  auto recs = records(out / "01-learning-rate" / "runs.jsonl", &isas);
  EXPECT_EQ(recs.size(), 5U);
  for (const std::string& recorded : isas) {
    if (!isa.empty()) EXPECT_EQ(recorded, isa) << "the record names the instruction set it ran on";
  }
  return recs;
}

bool supported(const std::string& isa) {
  for (auto s : lrbench::model::supported_isas()) {
    if (lrbench::model::to_string(s) == isa) return true;
  }
  return false;
}

// An instruction set and how the runs are spread: threads, or one process each.
struct IsaCase {
  std::string isa;
  std::string options;
};
class EveryIsa : public ::testing::TestWithParam<IsaCase> {};

TEST_P(EveryIsa, SeedStudyRecordsAreIdenticalToTheBaselineKernels) {
  const std::string isa = GetParam().isa;
  if (!supported(isa)) GTEST_SKIP() << "LRBENCH_ISA=" << isa << ": this CPU cannot run it, not checked here";
  // The baseline run, one job at a time, is shared by the instantiations
  // (its folder stays until the process ends).
  static const fs::path baseline_out = lrbench::testing::fresh_dir("isa-baseline");
  static const std::map<std::string, json> baseline = lr_001_under("baseline", "--jobs 1", baseline_out);
  const fs::path out = lrbench::testing::fresh_dir("isa-" + isa);
  const auto current = lr_001_under(isa, GetParam().options, out);
  ASSERT_EQ(current.size(), baseline.size());
  for (const auto& [id, record] : baseline) {
    ASSERT_TRUE(current.count(id)) << id;
    EXPECT_EQ(current.at(id), record) << id << " differs under LRBENCH_ISA=" << isa;
  }
  // compare does not count another instruction set as a change: same results, exit 0.
  const CommandResult compared = lrbench::testing::run_command(
      lrbench::testing::shell_quote(LRBENCH_EXE) + " compare " + lrbench::testing::shell_quote(baseline_out.string()) +
      " " + lrbench::testing::shell_quote(out.string()));
  EXPECT_EQ(compared.status, 0) << compared.output;
  EXPECT_NE(compared.output.find("No regression"), std::string::npos) << compared.output;
  fs::remove_all(out);
}

// baseline against itself with --jobs 2 checks the thread count alone.
INSTANTIATE_TEST_SUITE_P(Isa, EveryIsa,
                         ::testing::Values(IsaCase{"baseline", "--jobs 2"}, IsaCase{"avx2", "--jobs 2 --isolate"},
                                           IsaCase{"avx512", "--jobs 2"}),
                         [](const auto& info) { return info.param.isa; });

// Every shipped optimizer's plugin is built three times (lrbench_add_plugin:
// portable, avx2/, avx512/) and the host loads the build for the set in force:
// each one is loaded where its set runs, and all give the baseline's bits.
TEST(Isa, EveryOptimizersPluginBuildsGiveTheSameBits) {
  const std::string scenario = lrbench::testing::shell_quote((kSource / "tests/data/scenarios/every-optimizer.yaml").string());
  std::map<std::string, json> baseline;
  for (const auto isa : lrbench::model::supported_isas()) {
    const std::string name(lrbench::model::to_string(isa));
    const CommandResult listed = lrbench_with_isa(name, "plugins --json");
    ASSERT_EQ(listed.status, 0) << listed.output;
    const json plugins = json::parse(listed.output.substr(listed.output.find('{'))).at("plugins");
    int optimizers = 0;
    for (const json& p : plugins) {
      if (p.at("kind") != "optimizer") continue;
      ++optimizers;
      const fs::path file = p.at("file").get<std::string>();
      EXPECT_EQ(file.parent_path().filename().string(), isa == lrbench::model::Isa::baseline ? "plugins" : name)
          << p.at("name") << " under LRBENCH_ISA=" << name << " came from " << file;
    }
    EXPECT_EQ(optimizers, 23);

    const fs::path out = lrbench::testing::fresh_dir("isa-optimizers-" + name);
    const CommandResult r =
        lrbench_with_isa(name, "-q run " + scenario + " --jobs 2 --out " + lrbench::testing::shell_quote(out.string()));
    ASSERT_EQ(r.status, 0) << r.output;
    const auto current = records(out / "every-optimizer" / "runs.jsonl");
    EXPECT_EQ(current.size(), 23U);
    if (baseline.empty()) {
      baseline = current;  // supported_isas() starts with baseline
    } else {
      for (const auto& [id, record] : baseline) {
        ASSERT_TRUE(current.count(id)) << id;
        EXPECT_EQ(current.at(id), record) << id << " differs under LRBENCH_ISA=" << name;
      }
    }
    fs::remove_all(out);
  }
}

TEST(Isa, DefaultRunsTheBestSupportedSet) {
  const fs::path out = lrbench::testing::fresh_dir("isa-default");
  const CommandResult r = lrbench_with_isa(
      "", "-q run " + lrbench::testing::shell_quote((kSource / "scenarios/seed/01-learning-rate.yaml").string()) +
              " --filter '^lr=1e-2$' --seeds 0 --out " + lrbench::testing::shell_quote(out.string()));
  ASSERT_EQ(r.status, 0) << r.output;
  std::vector<std::string> isas;
  records(out / "01-learning-rate" / "runs.jsonl", &isas);
  ASSERT_EQ(isas.size(), 1U);
  EXPECT_EQ(isas[0], lrbench::model::to_string(lrbench::model::supported_isas().back()));
  // The report's context names it too.
  EXPECT_NE(lrbench::testing::read_file(out / "01-learning-rate" / "README.md").find("model kernels for " + isas[0]),
            std::string::npos);
  fs::remove_all(out);
}

TEST(Isa, UnknownOrUnsupportedSetIsAnInputError) {
  const fs::path out = lrbench::testing::fresh_dir("isa-bad");
  const std::string run =
      "-q run " + lrbench::testing::shell_quote((kSource / "scenarios/seed/01-learning-rate.yaml").string()) +
      " --out " + lrbench::testing::shell_quote(out.string());
  const CommandResult unknown = lrbench_with_isa("sse9", run);
  EXPECT_EQ(unknown.status, 2) << unknown.output;
  EXPECT_NE(unknown.output.find("LRBENCH_ISA=sse9: unknown instruction set; expected baseline, avx2 or avx512"),
            std::string::npos)
      << unknown.output;
  EXPECT_FALSE(fs::exists(out / "01-learning-rate" / "runs.jsonl")) << "nothing may run";
  for (const char* isa : {"avx2", "avx512"}) {
    if (supported(isa)) continue;
    const CommandResult lacking = lrbench_with_isa(isa, run);
    EXPECT_EQ(lacking.status, 2) << lacking.output;
    EXPECT_NE(lacking.output.find("cannot run it"), std::string::npos) << lacking.output;
  }
  fs::remove_all(out);
}

// Every committed seed report's first variant (variant 0), every seed,
// against a fresh run with this build: `make run` reproduces the committed
// results bit for bit on any machine.
TEST(CommittedReports, FirstVariantOfEverySeedReportIsReproduced) {
  int checked = 0;
  for (const auto& entry : fs::directory_iterator(kSource / "reports/seed")) {
    const fs::path committed = entry.path() / "runs.jsonl";
    if (!entry.is_directory() || !fs::exists(committed)) continue;
    const std::string scenario = entry.path().filename().string();
    std::map<std::string, json> first;
    std::string label;
    for (auto& [id, record] : records(committed)) {
      if (record.at("variant").get<int>() != 0) continue;
      label = record.at("label").get<std::string>();
      first[id] = record;
    }
    ASSERT_FALSE(first.empty()) << committed;
    const fs::path out = lrbench::testing::fresh_dir("committed-" + scenario);
    const CommandResult r = lrbench_with_isa(
        "", "-q run " + lrbench::testing::shell_quote((kSource / "scenarios/seed" / (scenario + ".yaml")).string()) +
                " --filter " + lrbench::testing::shell_quote("^" + regex_escape(label) + "$") + " --out " +
                lrbench::testing::shell_quote(out.string()));
    ASSERT_EQ(r.status, 0) << r.output;
    const auto fresh = records(out / scenario / "runs.jsonl");
    EXPECT_EQ(fresh.size(), first.size()) << scenario;
    for (const auto& [id, record] : first) {
      ASSERT_TRUE(fresh.count(id)) << scenario << ": no fresh run " << id;
      EXPECT_EQ(fresh.at(id), record) << scenario << " / " << label << ": " << id
                                      << " differs from the committed report";
    }
    fs::remove_all(out);
    ++checked;
  }
  EXPECT_EQ(checked, 5) << "reports/seed holds the study's five scenarios";
}

}  // namespace
