// Issue 10, hostile input, end to end:
// 8. JSON nested 200,000 levels deep in runs.jsonl, summary.json,
//    scenario.json or a compare input is a bad file (exit 2), not a stack
//    overflow;
// 9. a 40,000-character label is refused by the loader before --filter's
//    regular expression sees it; a huge --filter pattern is refused;
// 10, 13. every number on the command line is checked as file values are
//    (one table);
// 15. compare never reads a device or a FIFO, names the file in every error,
//    refuses times <= 0; one malformed sibling summary.json does not fail a
//    later run;
// 16. labels cannot inject headings or HTML into a report or a comparison.
#include <sys/stat.h>

#include <algorithm>

#include "e2e.hpp"

namespace {

using namespace lrbench::e2e;  // NOLINT: the shared fixtures of these tests

const std::string kDeep = std::string(200'000, '[') + std::string(200'000, ']');

// A finished tiny run in `dir`/out; returns its scenario folder.
fs::path tiny_run(const fs::path& dir) {
  const Result r = run_lrbench("run " + quote(kTiny.string()) + " --out " + quote((dir / "out").string()));
  EXPECT_EQ(r.status, 0) << r.output;
  return dir / "out" / "tiny";
}

// --- item 8: deep JSON ---------------------------------------------------------------

TEST(DeepJson, InRunsJsonlIsABadFileForReportAndResume) {
  const fs::path dir = fresh_dir("deep-runs");
  const fs::path scenario = tiny_run(dir);
  std::string runs = read_file(scenario / "runs.jsonl");
  const auto config = runs.find("\"config\":");
  runs.insert(config + 9, kDeep + ",\"deep\":");
  write_file(scenario / "runs.jsonl", runs);
  const std::string expected = (scenario / "runs.jsonl").string() + ":1: nested deeper than 64 levels";
  for (const std::string& args : {"report " + quote(scenario.string()),
                                  "run " + quote(kTiny.string()) + " --out " + quote((dir / "out").string()) +
                                      " --resume"}) {
    SCOPED_TRACE(args);
    const Result r = run_lrbench(args);
    EXPECT_EQ(r.status, 2) << r.output.substr(0, 2000);
    EXPECT_NE(r.output.find(expected), std::string::npos) << r.output.substr(0, 2000);
  }
  fs::remove_all(dir);
}

TEST(DeepJson, InScenarioJsonOrSummaryJsonIsABadFile) {
  const fs::path dir = fresh_dir("deep-meta");
  const fs::path scenario = tiny_run(dir);
  const std::string good_meta = read_file(scenario / "scenario.json");
  write_file(scenario / "scenario.json", "{\"setup\": " + kDeep + "}");
  Result r = run_lrbench("report " + quote(scenario.string()));
  EXPECT_EQ(r.status, 2) << r.output.substr(0, 2000);
  EXPECT_NE(r.output.find((scenario / "scenario.json").string() + ": nested deeper than 64 levels (line 1)"),
            std::string::npos)
      << r.output.substr(0, 2000);

  write_file(scenario / "scenario.json", good_meta);
  write_file(scenario / "summary.json", "{\"variants\": " + kDeep + "}");
  r = run_lrbench("compare " + quote(scenario.string()) + " " + quote(scenario.string()));
  EXPECT_EQ(r.status, 2) << r.output.substr(0, 2000);
  EXPECT_NE(r.output.find((scenario / "summary.json").string() + ": nested deeper than 64 levels"),
            std::string::npos)
      << r.output.substr(0, 2000);
  // A deeper limit is a flag away (and the depth check then lets nlohmann
  // see a document it can handle).
  write_file(scenario / "summary.json", "{\"variants\": [[[[[[[[[[]]]]]]]]]]}");
  r = run_lrbench("--max-json-depth 5 compare " + quote(scenario.string()) + " " + quote(scenario.string()));
  EXPECT_NE(r.output.find("nested deeper than 5 levels"), std::string::npos) << r.output;
  fs::remove_all(dir);
}

TEST(DeepJson, AMalformedSiblingSummaryDoesNotFailALaterRun) {
  // Item 15's last case: the index leaves the bad folder out, with a warning.
  const fs::path dir = fresh_dir("bad-sibling");
  fs::create_directories(dir / "out" / "broken");
  write_file(dir / "out" / "broken" / "summary.json", "{\"scenario\": " + kDeep + "}");
  fs::create_directories(dir / "out" / "garbled");
  write_file(dir / "out" / "garbled" / "summary.json", "{oops");
  const Result r = run_lrbench("run " + quote(kTiny.string()) + " --out " + quote((dir / "out").string()));
  EXPECT_EQ(r.status, 0) << r.output.substr(0, 2000);
  EXPECT_NE(r.output.find("lrbench: warning: " + (dir / "out" / "broken" / "summary.json").string() +
                          ": nested deeper than 64 levels (line 1); raise the limit with --max-json-depth; left out "
                          "of the index"),
            std::string::npos)
      << r.output.substr(0, 2000);
  EXPECT_NE(r.output.find("lrbench: warning: " + (dir / "out" / "garbled" / "summary.json").string() +
                          ": not valid JSON (parse error at line 1, column 2"),
            std::string::npos)
      << r.output.substr(0, 2000);
  const std::string index = read_file(dir / "out" / "README.md");
  EXPECT_NE(index.find("- [tiny](tiny/README.md)"), std::string::npos) << index;
  EXPECT_EQ(index.find("broken"), std::string::npos) << index;
  EXPECT_EQ(index.find("garbled"), std::string::npos) << index;
  fs::remove_all(dir);
}

// --- item 9: long labels, long patterns -----------------------------------------------

TEST(Labels, A40000CharacterLabelIsRefusedBeforeTheFilterSeesIt) {
  const fs::path dir = fresh_dir("long-label");
  std::string text = read_file(kTiny);
  text.replace(text.find("sweep:\n  optimizer.lr: [0.1, 1e-3]"), std::string("sweep:\n  optimizer.lr: [0.1, 1e-3]").size(),
               "variants:\n  - {label: " + std::string(40'000, 'a') + ", set: {optimizer.lr: 0.5}}");
  write_file(dir / "long.yaml", text);
  expect_refused(dir / "long.yaml",
                 {"long.yaml:26:13: error: variants: the label 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...' is 40000 "
                  "characters long, more than 200; give the variant a shorter 'label'"},
                 " --filter 'a*a*a*b'");
  fs::remove_all(dir);
}

TEST(Labels, AHugeFilterPatternIsRefused) {
  const Result r = run_lrbench("run " + quote(kTiny.string()) + " --out " + quote(fresh_dir("long-filter").string()) +
                           " --filter " + quote(std::string(50'000, '(')));
  EXPECT_EQ(r.status, 2) << r.output.substr(0, 500);
  EXPECT_NE(r.output.find("--filter: expected at most 1000 characters, found '((((("), std::string::npos)
      << r.output.substr(0, 500);
}

// --- items 10 and 13: command-line values, one table --------------------------------------

struct BadValue {
  std::string args;     // after `lrbench`; {TINY} and {OUT} are replaced
  std::string message;  // printed on stderr
};

TEST(CommandLineValues, AreCheckedAsFileValuesAre) {
  const fs::path out = fresh_dir("cli-values");
  const std::string run = "run {TINY} --out {OUT}";
  const std::vector<BadValue> table = {
      // --timeout: finite, 0 to a week (1e300 overflowed the duration; nan meant "no limit").
      {run + " --isolate --timeout 1e300", "--timeout: expected a number from 0 to 604800, found '1e300'"},
      {run + " --isolate --timeout nan", "--timeout: expected a number from 0 to 604800, found 'nan'"},
      {run + " --isolate --timeout inf", "--timeout: expected a number from 0 to 604800, found 'inf'"},
      {run + " --isolate --timeout -1", "--timeout: expected a number from 0 to 604800, found '-1'"},
      {run + " --isolate --timeout ''", "--timeout: expected a number from 0 to 604800, found ''"},
      {run + " --isolate --timeout 5s", "--timeout: expected a number from 0 to 604800, found '5s'"},
      // --seeds: non-negative integers ("-1" wrapped to 2^64-1, "" became 0).
      {run + " --seeds -1", "--seeds: expected a comma-separated list of integers from 0 to 18446744073709551615, "
                            "found '-1'"},
      {run + " --seeds ''", "--seeds: expected a comma-separated list of integers from 0 to 18446744073709551615, "
                            "found ''"},
      {run + " --seeds 1,,2", "found ''"},
      {run + " --seeds 0x10", "found '0x10'"},
      {run + " --seeds 1.5", "found '1.5'"},
      {run + " --seeds 18446744073709551616", "found '18446744073709551616'"},
      // --max-runs: at least 1, bounded (-1 meant unlimited).
      {run + " --max-runs -1", "--max-runs: expected an integer from 1 to 1000000, found '-1'"},
      {run + " --max-runs 0", "--max-runs: expected an integer from 1 to 1000000, found '0'"},
      {run + " --max-runs 1e9", "--max-runs: expected an integer from 1 to 1000000, found '1e9'"},
      {run + " --max-runs 1000001", "--max-runs: expected an integer from 1 to 1000000, found '1000001'"},
      // --jobs, --out, --filter.
      {run + " --jobs 0", "--jobs: expected an integer from 1 to 1024, found '0'"},
      {run + " --jobs 1025", "--jobs: expected an integer from 1 to 1024, found '1025'"},
      {"run {TINY} --out ''", "--out: expected a non-empty value, found ''"},
      {run + " --filter ''", "--filter: expected a non-empty value, found ''"},
      // The global limits.
      {"--max-input-mb 0 " + run, "--max-input-mb: expected an integer from 1 to 1073741824, found '0'"},
      {"--max-json-depth -3 " + run, "--max-json-depth: expected an integer from 1 to 10000, found '-3'"},
      // compare's thresholds (CLI::Range let NaN through).
      {"compare {OUT} {OUT} --alpha nan", "--alpha: expected a number from 1e-12 to 1, found 'nan'"},
      {"compare {OUT} {OUT} --tolerance inf", "--tolerance: expected a number from 0 to 1, found 'inf'"},
      {"compare {OUT} {OUT} --max-slowdown -0.5", "--max-slowdown: expected a number from 0 to 100, found '-0.5'"},
      {"compare {OUT} {OUT} --epoch-tolerance nan", "--epoch-tolerance: expected a number from 0 to 1e+06, found 'nan'"},
      {"compare {OUT} {OUT} --markdown ''", "--markdown: expected a non-empty value, found ''"},
  };
  const auto replace_all = [](std::string text, const std::string& from, const std::string& to) {
    for (std::size_t at = 0; (at = text.find(from, at)) != std::string::npos; at += to.size()) text.replace(at, from.size(), to);
    return text;
  };
  for (const BadValue& bad : table) {
    const std::string args =
        replace_all(replace_all(bad.args, "{TINY}", quote(kTiny.string())), "{OUT}", quote(out.string()));
    SCOPED_TRACE(args);
    const Result r = run_lrbench(args);
    EXPECT_EQ(r.status, 2) << r.output;
    EXPECT_NE(r.output.find(bad.message), std::string::npos) << r.output;
    EXPECT_TRUE(fs::is_empty(out)) << "nothing may be written";
  }
  fs::remove_all(out);
}

TEST(CommandLineValues, GoodValuesStillWork) {
  const fs::path out = fresh_dir("cli-values-good");
  const Result r = run_lrbench("run " + quote(kTiny.string()) + " --out " + quote(out.string()) +
                           " --seeds +3,4 --max-runs 4 --jobs 2 --isolate --timeout 600.5 --filter 'lr=0\\.1$'");
  EXPECT_EQ(r.status, 0) << r.output;
  const json summary = json::parse(read_file(out / "tiny" / "summary.json"));
  ASSERT_EQ(summary.at("variants").size(), 1U);
  EXPECT_EQ(summary.at("variants")[0].at("seeds"), 2);
  fs::remove_all(out);
}

// --- item 15: compare's inputs -----------------------------------------------------------

TEST(CompareInputs, DevicesAndFifosAreRefusedWithoutReading) {
  const fs::path dir = fresh_dir("compare-devices");
  const fs::path fifo = dir / "fifo.json";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  // `timeout` turns a hang (a FIFO never written to, /dev/zero read to the
  // end of memory) into a failure instead of a stuck test.
  Result r = lrbench::testing::run_command("timeout 60 " + quote(LRBENCH_EXE) + " compare /dev/zero /dev/zero");
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find("/dev/zero: is a character device; lrbench reads only regular files"), std::string::npos)
      << r.output;
  r = lrbench::testing::run_command("timeout 60 " + quote(LRBENCH_EXE) + " compare " + quote(fifo.string()) + " " +
                                    quote(fifo.string()));
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find(fifo.string() + ": is a FIFO or pipe; lrbench reads only regular files"),
            std::string::npos)
      << r.output;
  fs::remove_all(dir);
}

TEST(CompareInputs, EveryErrorNamesTheFile) {
  const fs::path dir = fresh_dir("compare-errors");
  const auto speed = [&](const std::string& rows) {
    return "{\"benchmarks\": [" + rows + "]}";
  };
  const std::vector<std::pair<std::string, std::string>> table = {
      {speed(R"({"name": "a", "real_time": -5})"), "'a' has real_time -5; times must be > 0"},
      {speed(R"({"name": "a", "real_time": 0})"), "'a' has real_time 0; times must be > 0"},
      {speed(R"({"name": "a", "real_time": 1e999})"), "not valid JSON (number overflow parsing '1e999')"},
      {speed(R"({"name": "a", "real_time": "5"})"), "'a' has no numeric real_time"},
      {speed(R"({"name": "a", "real_time": 5, "time_unit": 3})"), "'a' has a non-string time_unit"},
      {speed(R"({"name": "a", "real_time": 5, "run_type": []})"), "'a' has a non-string run_type"},
      {speed(R"({"name": "a", "real_time": 5, "error_occurred": "yes"})"), "'a' has a non-boolean error_occurred"},
      {speed(R"({"name": "a", "real_time": 5, "run_name": null})"), "'a' has a non-string run_name"},
      {"{\"benchmarks\": [", "not valid JSON (parse error at line 1"},
  };
  for (const auto& [content, why] : table) {
    SCOPED_TRACE(content);
    write_file(dir / "bad.json", content);
    const Result r = run_lrbench("compare " + quote((dir / "bad.json").string()) + " " + quote((dir / "bad.json").string()));
    EXPECT_EQ(r.status, 2) << r.output;
    EXPECT_NE(r.output.find("lrbench: error: " + (dir / "bad.json").string() + ": "), std::string::npos) << r.output;
    EXPECT_NE(r.output.find(why), std::string::npos) << r.output;
    EXPECT_EQ(r.output.find("[json.exception"), std::string::npos) << r.output;
  }
  // A summary.json with fields of the wrong type.
  const fs::path scenario = tiny_run(dir);
  json summary = json::parse(read_file(scenario / "summary.json"));
  summary["variants"][0]["seeds"] = "three";
  write_file(scenario / "summary.json", summary.dump());
  const Result r = run_lrbench("compare " + quote(scenario.string()) + " " + quote(scenario.string()));
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find((scenario / "summary.json").string() + ": not an lrbench summary.json (variant 'lr=0.1': "
                                                                  "'seeds' must be a non-negative integer)"),
            std::string::npos)
      << r.output;
  fs::remove_all(dir);
}

TEST(CompareInputs, AnOversizedInputIsRefusedWithTheFlag) {
  const fs::path dir = fresh_dir("compare-size");
  write_file(dir / "big.json", "{\"benchmarks\": [], \"pad\": \"" + std::string(2 << 20, 'x') + "\"}");
  const Result r = run_lrbench("--max-input-mb 1 compare " + quote((dir / "big.json").string()) + " " +
                           quote((dir / "big.json").string()));
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find("bytes, more than the limit of 1048576 bytes (raise it with --max-input-mb)"),
            std::string::npos)
      << r.output;
  fs::remove_all(dir);
}

// --- item 16: labels in Markdown -----------------------------------------------------------

TEST(MarkdownLabels, CannotInjectHeadingsOrHtml) {
  const fs::path dir = fresh_dir("markdown-labels");
  std::string text = read_file(kTiny);
  text.replace(text.find("sweep:\n  optimizer.lr: [0.1, 1e-3]"), std::string("sweep:\n  optimizer.lr: [0.1, 1e-3]").size(),
               "variants:\n"
               "  - {label: \"fast\\n# Injected heading\", set: {optimizer.lr: 0.1}}\n"
               "  - {label: \"<img src=x onerror=alert(1)>\", set: {optimizer.lr: 0.01}}\n"
               "  - {label: \"a | b **bold**\", set: {optimizer.lr: 0.001}}\n");
  write_file(dir / "labels.yaml", text);
  ASSERT_EQ(run_lrbench("run " + quote((dir / "labels.yaml").string()) + " --out " + quote((dir / "out").string())).status, 0);
  ASSERT_EQ(run_lrbench("run " + quote((dir / "labels.yaml").string()) + " --out " + quote((dir / "out2").string())).status,
            0);
  const Result compared = run_lrbench("compare " + quote((dir / "out").string()) + " " + quote((dir / "out2").string()) +
                                  " --markdown " + quote((dir / "compare.md").string()));
  ASSERT_EQ(compared.status, 0) << compared.output;
  for (const fs::path& md : {dir / "out" / "tiny" / "README.md", dir / "out" / "README.md", dir / "compare.md"}) {
    SCOPED_TRACE(md.string());
    const std::string content = read_file(md);
    for (const std::string& line : lines_of(content)) {
      EXPECT_NE(line.rfind("# Injected", 0), 0U) << "a heading injected by a label";
    }
    EXPECT_EQ(content.find("<img"), std::string::npos) << content;
    EXPECT_EQ(content.find("**bold**"), std::string::npos) << content;
  }
  const std::string readme = read_file(dir / "out" / "tiny" / "README.md");
  EXPECT_NE(readme.find("| fast\xE2\x90\x8A\\# Injected heading |"), std::string::npos) << readme;
  EXPECT_NE(readme.find("| &lt;img src=x onerror=alert(1)&gt; |"), std::string::npos) << readme;
  EXPECT_NE(readme.find("| a \\| b \\*\\*bold\\*\\* |"), std::string::npos) << readme;
  // Every results row still has its 9 cells: 10 bars that are not escaped.
  const auto bars = [](const std::string& line) {
    int n = 0;
    for (std::size_t i = 0; i < line.size(); ++i) n += line[i] == '|' && (i == 0 || line[i - 1] != '\\');
    return n;
  };
  const std::string results = readme.substr(readme.find("## Results"));
  int rows = 0;
  for (const std::string& line : lines_of(results.substr(0, results.find("## Figures")))) {
    if (line.rfind("| ", 0) != 0) continue;
    EXPECT_EQ(bars(line), 10) << line;
    ++rows;
  }
  EXPECT_EQ(rows, 4) << "the header and one row per variant";
  fs::remove_all(dir);
}

}  // namespace
