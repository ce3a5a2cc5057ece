// run::scan_runs (runs.jsonl read in blocks, as merge reads shard files)
// against run::read_runs (the whole file at once): the same records, the same
// warnings and the same errors; and the streaming atomic writer merge writes
// runs.jsonl with.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "cli_runner.hpp"
#include "run/jsonl.hpp"
#include "util/files.hpp"

namespace {

namespace fs = std::filesystem;
using lrbench::run::RunRecord;
using lrbench::testing::fresh_dir;
using lrbench::testing::read_file;
using lrbench::testing::write_file;

std::string record_line(std::size_t k, std::size_t updates) {
  RunRecord r;
  r.id = "run" + std::to_string(k);
  r.scenario = "s";
  r.label = "v";
  r.seed = k;
  r.epochs.train_loss = {1.0 / static_cast<double>(k + 1)};
  r.epochs.train_accuracy = r.epochs.test_accuracy = r.epochs.test_loss = r.epochs.lr = {0.5};
  r.lr_per_update.assign(updates, 0.1 + static_cast<double>(k));  // long lines cross the 1 MiB blocks
  return lrbench::run::to_json(r).dump() + "\n";
}

struct Scanned {
  std::vector<std::string> ids;
  std::vector<std::string> lines;  // read back at the offsets scan_runs gave
  std::vector<std::string> warnings;
};

Scanned scan(const fs::path& file) {
  Scanned s;
  const std::string text = read_file(file);
  lrbench::run::scan_runs(file, s.warnings, {}, [&](std::string_view line, long long offset, const RunRecord& r) {
    s.ids.push_back(r.id);
    EXPECT_EQ(text.substr(static_cast<std::size_t>(offset), line.size()), line);
    s.lines.push_back(std::string(line) + "\n");
  });
  return s;
}

std::vector<std::string> read_ids(const fs::path& file, std::vector<std::string>& warnings) {
  std::vector<std::string> ids;
  for (const auto& r : lrbench::run::read_runs(file, warnings)) ids.push_back(r.id);
  return ids;
}

TEST(ScanRuns, SameRecordsAsReadRunsAcrossBlocks) {
  const fs::path dir = fresh_dir("scan-blocks");
  std::string text;
  std::vector<std::string> lines;
  for (std::size_t k = 0; k < 40; ++k) {
    lines.push_back(record_line(k, k % 3 == 0 ? 40000 : 3));  // some lines of ~800 kB
    text += lines.back();
    if (k % 7 == 0) text += "\n  \n";                       // blank lines are skipped
  }
  ASSERT_GT(text.size(), std::size_t{2} << 20U);
  write_file(dir / "runs.jsonl", text);
  std::vector<std::string> warnings;
  const auto expected = read_ids(dir / "runs.jsonl", warnings);
  const Scanned s = scan(dir / "runs.jsonl");
  EXPECT_EQ(s.ids, expected);
  EXPECT_EQ(s.lines, lines);
  EXPECT_TRUE(s.warnings.empty());
}

TEST(ScanRuns, TornLastLinesAndBadMiddleLinesAsReadRuns) {
  const fs::path dir = fresh_dir("scan-torn");
  const std::string a = record_line(1, 3), b = record_line(2, 3);
  const std::vector<std::string> cases = {
      a + b.substr(0, 40),              // torn, no newline
      a + b.substr(0, 40) + "\n",       // torn, newline written
      a + b.substr(0, 40) + "\n\n  \n", // torn, blank lines after
      a + "{not json}\n" + b,           // a bad middle line: an error
      a + "{\"id\": 3}\n",              // valid JSON, not a record: an error even last
  };
  for (std::size_t c = 0; c < cases.size(); ++c) {
    SCOPED_TRACE(c);
    write_file(dir / "runs.jsonl", cases[c]);
    std::vector<std::string> warnings;
    std::string expected_error, error;
    std::vector<std::string> expected;
    try {
      expected = read_ids(dir / "runs.jsonl", warnings);
    } catch (const lrbench::util::BadFile& e) {
      expected_error = e.what();
    }
    Scanned s;
    try {
      s = scan(dir / "runs.jsonl");
    } catch (const lrbench::util::BadFile& e) {
      error = e.what();
    }
    EXPECT_EQ(error, expected_error);
    EXPECT_EQ(s.warnings, warnings);
    if (error.empty()) EXPECT_EQ(s.ids, expected);
    EXPECT_EQ(!error.empty(), c >= 3) << error;
  }
}

TEST(ScanRuns, RefusesFilesOverTheLimit) {
  const fs::path dir = fresh_dir("scan-limit");
  write_file(dir / "runs.jsonl", record_line(1, 100000));
  lrbench::util::InputLimits limits;
  limits.max_bytes = 1 << 16;
  std::vector<std::string> warnings;
  EXPECT_THROW(lrbench::run::scan_runs(dir / "runs.jsonl", warnings, limits, [](auto, auto, auto) {}),
               lrbench::util::BadFile);
  EXPECT_THROW(lrbench::run::scan_runs(dir, warnings, {}, [](auto, auto, auto) {}), lrbench::util::BadFile);
}

TEST(WriteFileAtomically, InPiecesAndNothingWhenTheProducerFails) {
  const fs::path dir = fresh_dir("atomic-pieces");
  const fs::path file = dir / "out.txt";
  std::string expected;
  lrbench::util::write_file_atomically(file, [&](const lrbench::util::Emit& emit) {
    for (int k = 0; k < 50000; ++k) {
      const std::string piece = "line " + std::to_string(k) + "\n";
      expected += piece;
      emit(piece);
    }
    emit(std::string(3 << 20, 'x'));  // a piece larger than the buffer
    expected += std::string(3 << 20, 'x');
  });
  EXPECT_EQ(read_file(file), expected);
  EXPECT_THROW(lrbench::util::write_file_atomically(file,
                                                    [&](const lrbench::util::Emit& emit) {
                                                      emit("half");
                                                      throw lrbench::util::BadFile("the input broke");
                                                    }),
               lrbench::util::BadFile);
  EXPECT_EQ(read_file(file), expected) << "the target is left as it was";
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++files;
  EXPECT_EQ(files, 1U) << "no temporary file is left behind";
}

}  // namespace
