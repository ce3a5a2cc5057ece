// write_report / write_index on small synthetic scenario folders.
#include <algorithm>
#include <regex>

#include <gtest/gtest.h>

#include "report/markdown.hpp"
#include "report/output_folder.hpp"
#include "report/report.hpp"
#include "run/jsonl.hpp"
#include "test_util.hpp"

namespace lrbench {
namespace {

namespace fs = std::filesystem;
using testing::count;
using testing::make_record;
using testing::slurp;
using testing::TempDir;

report::ScenarioMeta synthetic_meta(const std::string& name) {
  report::ScenarioMeta m;
  m.name = name;
  m.description = "Synthetic learning rates. Second sentence is not in the index.";
  m.setup = {{"data", {{"generator", "sklearn"}, {"n_samples", 1000}, {"centers", 3}}},
             {"model", {{"layers", {{{"units", 50}, {"activation", "relu"}}, {{"units", 3}, {"activation", "softmax"}}}}}},
             {"training", {{"epochs", 30}, {"batch_size", 32}}},
             {"optimizer", {{"name", "sgd"}, {"lr", 0.01}}}};
  m.variants = {"lr=1", "lr=0.01", "lr=1e-7"};
  for (double lr : {1.0, 0.01, 1e-7})
    m.configs.push_back({{"data", {{"centers", 3}}}, {"optimizer", {{"name", "sgd"}, {"lr", lr}}}});
  m.seeds = {1, 2, 3};
  m.target = report::Target{"test_accuracy", 0.8};
  m.context = provenance::collect_context(2, {{"sgd", "optimizer", "1.0.0"}});
  testing::set_run_ids(m);
  return m;
}

// Three variants over 3 seeds: lr=1 diverges on one seed, lr=0.01 learns
// (with a decaying lr and recorded updates), lr=1e-7 stays at chance.
void write_synthetic(const fs::path& dir, const std::string& name, bool all_runs = true) {
  report::write_scenario_meta(dir / "scenario.json", synthetic_meta(name));
  run::RunsFile runs(dir / "runs.jsonl");
  for (std::uint64_t seed = 1; seed <= 3; ++seed) {
    std::vector<double> fast, learn, chance;
    for (int e = 1; e <= 30; ++e) {
      fast.push_back(0.6 + 0.01 * static_cast<double>(seed) + (e % 2 ? 0.1 : -0.1));
      learn.push_back(0.33 + 0.6 * (1 - std::exp(-e / (4.0 + static_cast<double>(seed)))));
      chance.push_back(0.33 + 0.005 * static_cast<double>(seed));
    }
    auto a = make_record("lr=1", 0, seed, fast);
    if (seed == 2) {
      a.status = run::RunStatus::diverged;
      a.diverged_epoch = 12;
      for (std::size_t i = 11; i < a.epochs.train_loss.size(); ++i) a.epochs.train_loss[i] = a.epochs.test_loss[i] = NAN;
    }
    runs.append(a);
    auto b = make_record("lr=0.01", 1, seed, learn);
    for (std::size_t i = 0; i < b.epochs.lr.size(); ++i) b.epochs.lr[i] = 0.01 / (1 + 0.1 * static_cast<double>(i));
    for (int u = 0; u < 200; ++u) b.lr_per_update.push_back(0.01 / (1 + 0.01 * u));
    runs.append(b);
    if (all_runs || seed < 3) runs.append(make_record("lr=1e-7", 2, seed, chance));
  }
}

TEST(WriteReport, WritesSummaryReadmeAndEveryLinkedFigure) {
  TempDir tmp;
  write_synthetic(tmp.path(), "lr-study");
  (void)report::write_report(tmp.path());

  ASSERT_TRUE(fs::exists(tmp.path() / "summary.json"));
  const auto summary = nlohmann::json::parse(slurp(tmp.path() / "summary.json"));
  EXPECT_EQ(summary["format"], 1);
  EXPECT_EQ(summary["variants"].size(), 3u);
  EXPECT_EQ(summary["variants"][0]["diverged"], 1);

  const std::string md = slurp(tmp.path() / "README.md");
  for (const char* heading : {"# lr-study\n", "## Context\n", "## Setup\n", "## Results\n", "## Figures\n", "## Findings\n"})
    EXPECT_NE(md.find(heading), std::string::npos) << heading;
  EXPECT_EQ(md.find("Partial results"), std::string::npos);
  EXPECT_NE(md.find("| Variant | Final train acc | Final test acc | Final test loss | Best test acc (epoch) | Epochs to "
                    "target | Volatility | Diverged | Wall time / run (ms) |"),
            std::string::npos)
      << md;
  // One row per variant, each with 9 cells (10 bars). (The Setup's grid
  // table lists the labels too, so look after the Results heading.)
  for (const char* label : {"| lr=1 |", "| lr=0.01 |", "| lr=1e-7 |"}) {
    const auto pos = md.find(label, md.find("## Results"));
    ASSERT_NE(pos, std::string::npos) << label;
    const std::string row = md.substr(pos, md.find('\n', pos) - pos);
    EXPECT_EQ(count(row, "|"), 10u) << row;
  }
  EXPECT_NE(md.find("| 1/3 (seed "), std::string::npos) << md;  // lr=1 diverged on one of three seeds, named
  EXPECT_NE(md.find("`optimizer.lr`"), std::string::npos);  // the swept setting

  // Every linked figure exists; the lr figures exist because the lr varies
  // and updates were recorded.
  const std::regex link(R"re(\]\(([^)]+\.svg)\))re");
  std::set<std::string> linked;
  for (std::sregex_iterator it(md.begin(), md.end(), link), end; it != end; ++it) linked.insert((*it)[1]);
  EXPECT_EQ(linked, (std::set<std::string>{"accuracy.svg", "loss.svg", "lr.svg", "lr-updates.svg"}));
  for (const auto& f : linked) {
    ASSERT_TRUE(fs::exists(tmp.path() / f)) << f;
    EXPECT_EQ(slurp(tmp.path() / f).rfind("<svg", 0), 0u) << f;
  }
  EXPECT_EQ(count(slurp(tmp.path() / "accuracy.svg"), "<g class=\"panel\""), 3u);
  EXPECT_EQ(count(slurp(tmp.path() / "lr-updates.svg"), "<g class=\"panel\""), 1u);
}

TEST(WriteReport, FindingsAreTiedToTheTable) {
  TempDir tmp;
  write_synthetic(tmp.path(), "lr-study");
  (void)report::write_report(tmp.path());
  const std::string md = slurp(tmp.path() / "README.md");
  const std::string findings = md.substr(md.find("## Findings"));
  EXPECT_NE(findings.find("Highest final test accuracy: **lr=0.01**"), std::string::npos) << findings;
  EXPECT_NE(findings.find("; next: **lr=1** with"), std::string::npos) << findings;
  EXPECT_NE(findings.find("Diverged (loss became NaN or infinite): **lr=1** (1/3 seeds)"), std::string::npos) << findings;
  EXPECT_NE(findings.find("Learned nothing"), std::string::npos);
  EXPECT_NE(findings.find("**lr=1e-7** (0.340)"), std::string::npos) << findings;
  EXPECT_NE(findings.find("Fastest to test accuracy ≥ 0.8: **lr=0.01**"), std::string::npos) << findings;
  EXPECT_NE(findings.find("Most volatile: **lr=1**"), std::string::npos) << findings;
}

TEST(WriteReport, ConstantLrAndNoUpdatesMeanNoLrFigures) {
  TempDir tmp;
  auto meta = synthetic_meta("flat");
  meta.variants = {"a"};
  meta.configs = {meta.configs[0]};
  testing::set_run_ids(meta);
  report::write_scenario_meta(tmp.path() / "scenario.json", meta);
  {
    run::RunsFile runs(tmp.path() / "runs.jsonl");
    for (std::uint64_t s = 1; s <= 3; ++s) runs.append(make_record("a", 0, s, {0.5, 0.6, 0.7}));
  }
  (void)report::write_report(tmp.path());
  EXPECT_FALSE(fs::exists(tmp.path() / "lr.svg"));
  EXPECT_FALSE(fs::exists(tmp.path() / "lr-updates.svg"));
  EXPECT_EQ(slurp(tmp.path() / "README.md").find("lr.svg"), std::string::npos);
}

TEST(WriteReport, MissingRunsAreMarkedPartialAtTheTop) {
  TempDir tmp;
  write_synthetic(tmp.path(), "cut", /*all_runs=*/false);
  (void)report::write_report(tmp.path());
  const std::string md = slurp(tmp.path() / "README.md");
  const auto partial = md.find("**Partial results:** 8 of 9 runs recorded");
  ASSERT_NE(partial, std::string::npos) << md;
  EXPECT_LT(partial, md.find("## Context"));
  EXPECT_EQ(nlohmann::json::parse(slurp(tmp.path() / "summary.json"))["partial"], true);
}

TEST(WriteReport, TornRunsFileIsNotedInTheReport) {
  TempDir tmp;
  write_synthetic(tmp.path(), "torn");
  testing::spit(tmp.path() / "runs.jsonl", slurp(tmp.path() / "runs.jsonl") + "{\"id\":");
  const auto notes = report::write_report(tmp.path());
  ASSERT_EQ(notes.size(), 1U);
  EXPECT_NE(notes[0].find("ignoring a truncated last line (line 10)"), std::string::npos);
  const std::string md = slurp(tmp.path() / "README.md");
  EXPECT_NE(md.find("## Notes"), std::string::npos);
  EXPECT_NE(md.find("ignoring a truncated last line (line 10)"), std::string::npos) << md;
}

// write_report reads runs.jsonl variant by variant (never all records at
// once); what it writes is what the functions over all records give, also
// when the file is out of plan order, holds a superseded record of a run and
// records of runs outside the plan.
TEST(WriteReport, StreamedReportIsTheOneOverAllRecords) {
  TempDir tmp;
  write_synthetic(tmp.path(), "streamed");
  const report::ScenarioMeta meta = synthetic_meta("streamed");
  std::vector<std::string> warnings;
  std::vector<run::RunRecord> records = run::read_runs(tmp.path() / "runs.jsonl", warnings);
  ASSERT_EQ(records.size(), 9U);
  // Reversed (seeds and variants out of order), an earlier failed attempt of
  // one run before its real record, and two stale records (one with
  // validation series and a varying lr, which decide figures even so).
  std::reverse(records.begin(), records.end());
  run::RunRecord attempt = records.at(4);
  attempt.status = run::RunStatus::failed;
  attempt.error = "an earlier attempt";
  records.insert(records.begin(), attempt);
  run::RunRecord stale = make_record("lr=old", 0, 9, {0.5, 0.6});
  stale.epochs.validation_accuracy = {0.4, 0.5};
  stale.epochs.validation_loss = {0.9, 0.8};
  records.push_back(stale);
  records.insert(records.begin() + 3, make_record("lr=old", 0, 8, {0.1}));
  fs::remove(tmp.path() / "runs.jsonl");
  {
    run::RunsFile runs(tmp.path() / "runs.jsonl");
    for (const auto& r : records) runs.append(r);
  }
  (void)report::write_report(tmp.path());
  for (auto& r : records) r.config = nullptr;  // as the report reads them
  EXPECT_EQ(slurp(tmp.path() / "summary.json"), report::to_json(report::summarize(meta, records)).dump(2) + "\n");
  EXPECT_EQ(slurp(tmp.path() / "accuracy.svg"), report::svg::render(report::accuracy_figure(meta, records)));
  EXPECT_EQ(slurp(tmp.path() / "loss.svg"), report::svg::render(report::loss_figure(meta, records)));
  EXPECT_EQ(slurp(tmp.path() / "lr.svg"), report::svg::render(report::lr_figure(meta, records)));
  EXPECT_EQ(slurp(tmp.path() / "lr-updates.svg"), report::svg::render(report::lr_updates_figure(meta, records)));
  // The stale record's validation series put validation into the figures.
  EXPECT_NE(slurp(tmp.path() / "accuracy.svg").find("validation"), std::string::npos);
}

// Shards started at the same moment: one has created the scenario folder and
// holds only its lock or the marker's temporary file when another looks.
TEST(OutputFolder, AFolderHoldingOnlyLrbenchFilesIsLrbenchs) {
  TempDir tmp;
  const fs::path dir = tmp.path() / "s";
  fs::create_directories(dir);
  testing::spit(dir / "notes.txt", "a user's file");
  EXPECT_THROW(report::check_scenario_folder(tmp.path(), dir), report::OutputRefused);
  fs::remove(dir / "notes.txt");
  for (const char* name : {".lrbench.shard-1-of-4.lock", ".lrbench.tmp-12345"}) {
    testing::spit(dir / name, "");
    EXPECT_NO_THROW(report::check_scenario_folder(tmp.path(), dir)) << name;
    fs::remove(dir / name);
  }
}

TEST(WriteIndex, ListsEveryScenarioWithASummary) {
  TempDir tmp;
  write_synthetic(tmp.path() / "b-second", "second");
  write_synthetic(tmp.path() / "a-first", "first");
  (void)report::write_report(tmp.path() / "a-first");
  (void)report::write_report(tmp.path() / "b-second");
  fs::create_directories(tmp.path() / "c-unfinished");  // no summary.json
  report::write_index(tmp.path());
  const std::string md = slurp(tmp.path() / "README.md");
  const auto first = md.find("- [first](a-first/README.md)");
  const auto second = md.find("- [second](b-second/README.md)");
  ASSERT_NE(first, std::string::npos) << md;
  ASSERT_NE(second, std::string::npos) << md;
  EXPECT_LT(first, second);
  EXPECT_EQ(md.find("c-unfinished"), std::string::npos);
  EXPECT_NE(md.find("— Synthetic learning rates. Best: **lr=0.01**"), std::string::npos) << md;
  EXPECT_EQ(md.find("Second sentence"), std::string::npos);
  EXPECT_EQ(count(md, "\n- "), 2u);
}

TEST(Markdown, FirstSentence) {
  EXPECT_EQ(report::first_sentence("One. Two."), "One.");
  EXPECT_EQ(report::first_sentence("  lr 0.1 vs 1e-3\nmore"), "lr 0.1 vs 1e-3");
  EXPECT_EQ(report::first_sentence(""), "");
}

}  // namespace
}  // namespace lrbench
