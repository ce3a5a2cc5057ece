// runs.jsonl: one RunRecord a line, appended as runs finish.
//
// A crash (or Ctrl-C) can tear the last line; everything before it is
// complete because every record is written whole and flushed. Readers
// therefore skip a torn last line with a warning, and RunsFile cuts such a
// tail off before appending, so a resumed run never glues a new record onto
// a half-written one (which would turn the torn line into a bad middle line).
#pragma once

#include <filesystem>
#include <fstream>
#include <mutex>
#include <string>
#include <vector>

#include "run/record.hpp"

namespace lrbench::run {

class RunsFile {
 public:
  // Opens (creating folders and the file as needed) in append mode. Throws
  // std::runtime_error naming the file when it cannot be opened.
  explicit RunsFile(const std::filesystem::path& path);

  // Writes one line and flushes it. Safe to call from several threads.
  // Throws std::runtime_error when the write fails.
  void append(const RunRecord& record);

  [[nodiscard]] const std::filesystem::path& path() const noexcept { return path_; }

 private:
  std::filesystem::path path_;
  std::ofstream out_;
  std::mutex mutex_;
};

// Reads every record. A last line that has no trailing newline or does not
// parse is skipped and reported in `warnings` ("runs.jsonl: ignoring a
// truncated last line (line N)"); any other unparsable line throws
// std::runtime_error naming the file and line. Blank lines are skipped.
[[nodiscard]] std::vector<RunRecord> read_runs(const std::filesystem::path& path,
                                               std::vector<std::string>& warnings);

}  // namespace lrbench::run
