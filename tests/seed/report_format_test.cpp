// The report format, end to end through the CLI: a small scenario built on
// the seed study's shared setup, run with the lrbench executable; then the
// README's sections, the results table's columns, every linked figure and
// the indexes are checked as a reader would follow them.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

namespace {

namespace fs = std::filesystem;
const std::string kExe = LRBENCH_EXE;
const fs::path kSource = LRBENCH_SOURCE_DIR;

std::string read(const fs::path& file) {
  std::ifstream in(file);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

int lrbench(const std::string& args, std::string& output) {
  FILE* pipe = ::popen((kExe + " " + args + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return -1;
  char buffer[4096];
  while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) output += buffer;
  const int raw = ::pclose(pipe);
  return WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
}

// The Markdown links [text](target) and images ![alt](target) of `md`.
std::set<std::string> link_targets(const std::string& md) {
  std::set<std::string> out;
  const std::regex link(R"(\]\(([^)\s]+)\))");
  for (auto it = std::sregex_iterator(md.begin(), md.end(), link); it != std::sregex_iterator(); ++it)
    out.insert((*it)[1].str());
  return out;
}

class ReportFormat : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    root_ = fs::temp_directory_path() / ("lrbench-seed-report-" + std::to_string(::getpid()));
    fs::remove_all(root_);
    fs::create_directories(root_);
    // A decay scenario (so every kind of figure appears) on the shipped
    // base, kept small: 2 variants × 2 seeds × 6 epochs.
    std::ofstream(root_ / "tiny-decay.yaml")
        << "extends: " << (kSource / "scenarios/seed/base/study.yaml").string() << "\n"
        << "description: A tiny decay study. It checks the report format.\n"
           "training: {epochs: 6}\n"
           "schedule: {name: inverse_time, tick: step, params: {decay: 1e-2}}\n"
           "record: {lr_per_update: 20}\n"
           "seeds: [0, 1]\n"
           "sweep:\n  schedule.params.decay: [1e-1, 1e-3]\n";
    out_ = root_ / "reports" / "group";
    status_ = lrbench("run " + (root_ / "tiny-decay.yaml").string() + " -j 2 --out " + out_.string(), output_);
  }
  static void TearDownTestSuite() { fs::remove_all(root_); }

  static inline fs::path root_, out_;
  static inline int status_ = -1;
  static inline std::string output_;
};

TEST_F(ReportFormat, ReadmeHasEverySectionInOrder) {
  ASSERT_EQ(status_, 0) << output_;
  const std::string md = read(out_ / "tiny-decay" / "README.md");
  std::size_t at = 0;
  for (const char* heading : {"# tiny-decay\n", "## Context\n", "## Setup\n", "## Results\n", "## Figures\n",
                              "## Findings\n"}) {
    const auto found = md.find(heading, at);
    ASSERT_NE(found, std::string::npos) << "missing or out of order: " << heading << "\n" << md;
    at = found;
  }
  // Context: what tells two reports' numbers apart.
  for (const char* item : {"- lrbench ", "(commit ", "Compiler flags: `", "- CPU: ", "parallel jobs", "- Date: ",
                           "- Plugins: ", "schedule inverse_time "})
    EXPECT_NE(md.find(item), std::string::npos) << item << "\n" << md;
  // Setup: sentences, not a JSON dump.
  for (const char* item : {"**Data**: `make_blobs` (bit-exact scikit-learn): 1000 samples, 3 classes",
                           "the first 500 rows train, the other 500 test",
                           "**Model**: 2 → 50 relu (he_uniform) → 3 softmax (glorot_uniform)",
                           "**Training**: 6 epochs of minibatches of 32 (16 updates per epoch, 96 in all)",
                           "**Optimizer**: `sgd`, lr 0.01; dampening 0, momentum 0",
                           "**Schedule**: `inverse_time` (decay 0.01), updated at every update",
                           "**Recorded**: the lr of the first 20 updates", "**Seeds** (2 per variant): 0, 1",
                           "**Target**: test accuracy ≥ 0.8", "| decay=1e-1 | decay 0.1 |", "| decay=1e-3 | decay 0.001 |"})
    EXPECT_NE(md.find(item), std::string::npos) << item << "\n" << md;
  EXPECT_EQ(md.find("{\""), std::string::npos) << "JSON in the report:\n" << md;
}

TEST_F(ReportFormat, ResultsTableHasTheColumnsAndOneRowPerVariant) {
  ASSERT_EQ(status_, 0) << output_;
  const std::string md = read(out_ / "tiny-decay" / "README.md");
  EXPECT_NE(md.find("| Variant | Final train acc | Final test acc | Final test loss | Best test acc (epoch) | "
                    "Epochs to target | Volatility | Diverged | Wall time / run (ms) |\n|---|---|---|---|---|---|---|"
                    "---|---|\n"),
            std::string::npos)
      << md;
  // One row each, nine cells, accuracies as mean ± std.
  for (const char* label : {"decay=1e-1", "decay=1e-3"}) {
    const std::regex row("\\| " + std::string(label) +
                         R"( \| [01]\.\d{3} ± \d\.\d{3} \| [01]\.\d{3} ± \d\.\d{3} \| [^|]+ \| [01]\.\d{3} \(\d+\) \| (\d+|—) \| \d\.\d{4} \| 0/2 \| [\d.]+ \|)");
    EXPECT_TRUE(std::regex_search(md, row)) << label << "\n" << md;
  }
}

TEST_F(ReportFormat, EveryLinkedFigureExistsAndIsAnSvg) {
  ASSERT_EQ(status_, 0) << output_;
  const fs::path dir = out_ / "tiny-decay";
  const auto targets = link_targets(read(dir / "README.md"));
  // The decay scenario's four figures, and nothing linked that is missing.
  for (const char* figure : {"accuracy.svg", "loss.svg", "lr.svg", "lr-updates.svg"})
    EXPECT_EQ(targets.count(figure), 1U) << figure;
  for (const auto& t : targets) {
    ASSERT_TRUE(fs::exists(dir / t)) << t;
    EXPECT_EQ(read(dir / t).rfind("<svg ", 0), 0U) << t;
  }
}

TEST_F(ReportFormat, FindingsAreTiedToTableValues) {
  ASSERT_EQ(status_, 0) << output_;
  const std::string md = read(out_ / "tiny-decay" / "README.md");
  const std::string findings = md.substr(md.find("## Findings"));
  EXPECT_NE(findings.find("Highest final test accuracy: **decay="), std::string::npos) << findings;
  EXPECT_NE(findings.find("No variant diverged."), std::string::npos) << findings;
  // The winner's number is the one in its table row.
  const std::regex best(R"(Highest final test accuracy: \*\*(decay=[^*]+)\*\* with ([01]\.\d{3}) ±)");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(findings, m, best)) << findings;
  // Its row in the Results table (the Setup's grid table lists labels too).
  const auto at = md.find("| " + m[1].str() + " | ", md.find("## Results"));
  ASSERT_NE(at, std::string::npos) << md;
  const std::string row = md.substr(at);
  EXPECT_NE(row.substr(0, row.find('\n')).find(" | " + m[2].str() + " ± "), std::string::npos) << row;
}

TEST_F(ReportFormat, IndexesLinkEveryReport) {
  ASSERT_EQ(status_, 0) << output_;
  // The run's own index, one level up from the scenario...
  EXPECT_EQ(link_targets(read(out_ / "README.md")).count("tiny-decay/README.md"), 1U) << read(out_ / "README.md");
  // ...and `lrbench report` on a folder of groups: one index linking into them.
  std::string output;
  ASSERT_EQ(lrbench("report " + (root_ / "reports").string(), output), 0) << output;
  const std::string index = read(root_ / "reports" / "README.md");
  const auto targets = link_targets(index);
  EXPECT_EQ(targets.count("group/tiny-decay/README.md"), 1U) << index;
  for (const auto& t : targets) EXPECT_TRUE(fs::exists(root_ / "reports" / t)) << t;
  EXPECT_NE(index.find("A tiny decay study."), std::string::npos) << index;
}

}  // namespace
