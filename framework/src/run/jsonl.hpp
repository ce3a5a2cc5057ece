// runs.jsonl: one RunRecord a line, appended as runs finish.
//
// A crash (or Ctrl-C) can tear the last line; everything before it is
// complete because every record is written whole and flushed. Readers
// therefore skip a torn last line with a warning, and RunsFile cuts such a
// tail off before appending, so a resumed run never glues a new record onto
// a half-written one (which would turn the torn line into a bad middle line).
// A failed append (disk full) is undone, so it tears nothing.
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "run/record.hpp"
#include "util/json_input.hpp"

namespace lrbench::run {

class RunsFile {
 public:
  // Opens (creating folders and the file as needed) in append mode, after
  // cutting a torn last line. Throws util::IoError naming the file and the
  // OS reason when it cannot be opened or cut.
  explicit RunsFile(const std::filesystem::path& path);
  ~RunsFile();
  RunsFile(const RunsFile&) = delete;
  RunsFile& operator=(const RunsFile&) = delete;

  // Writes one line with one write(2) call. Safe to call from several
  // threads. Throws util::IoError ("cannot append to FILE: No space left on
  // device") when the write fails; the file is then cut back to where it was,
  // so the records before stay whole.
  void append(const RunRecord& record);

  [[nodiscard]] const std::filesystem::path& path() const noexcept { return path_; }

 private:
  std::filesystem::path path_;
  int fd_ = -1;
  long long size_ = 0;  // bytes of whole records written so far
  std::mutex mutex_;
};

// Reads every record. A last line that has no trailing newline or does not
// parse is skipped and reported in `warnings` ("runs.jsonl: ignoring a
// truncated last line (line N)"); any other unparsable line throws
// util::BadFile naming the file and line, as does a file that is not a
// regular file, is larger than limits.max_bytes or has a line nested deeper
// than limits.max_json_depth. Blank lines are skipped.
[[nodiscard]] std::vector<RunRecord> read_runs(const std::filesystem::path& path, std::vector<std::string>& warnings,
                                               const util::InputLimits& limits = {});
// The same over text already read; `source` names it in errors.
[[nodiscard]] std::vector<RunRecord> parse_runs(std::string_view content, const std::string& source,
                                                std::vector<std::string>& warnings,
                                                const util::InputLimits& limits = {});

// read_runs without holding the file: streams it in blocks and calls
// `record(line, offset, parsed)` for every record, in file order, with the
// line's bytes (without '\n') and its byte offset in the file. The same checks
// and errors as read_runs; memory is one block and one line.
using RecordScan = std::function<void(std::string_view line, long long offset, RunRecord record)>;
void scan_runs(const std::filesystem::path& path, std::vector<std::string>& warnings,
               const util::InputLimits& limits, const RecordScan& record);

// Reads back lines that scan_runs found, by their offset and length: what
// merge and the report use to take the records they need one at a time
// instead of holding them all.
class RunsReader {
 public:
  // Throws util::BadFile when the file cannot be opened.
  explicit RunsReader(const std::filesystem::path& path);
  ~RunsReader();
  RunsReader(const RunsReader&) = delete;
  RunsReader& operator=(const RunsReader&) = delete;

  // The `length` bytes at `offset` (a line without its '\n'). Throws
  // util::BadFile when the file is shorter now (it changed since the scan).
  [[nodiscard]] std::string line(long long offset, std::size_t length) const;
  // The record of that line (scan_runs checked it).
  [[nodiscard]] RunRecord record(long long offset, std::size_t length) const;

 private:
  std::filesystem::path path_;
  int fd_ = -1;
};

// What set_aside_stale did.
struct ResumeSplit {
  std::set<std::string> recorded;  // the plan's run ids that have a record
  std::size_t stale = 0;           // records moved to the stale file
  std::vector<std::string> warnings;  // a torn last line dropped, ...
};

// Before resuming: moves every record of `runs_path` whose run id is not in
// `plan_ids` (the scenario or --seeds changed since it was written) to the end
// of `stale_path`, byte for byte, and rewrites `runs_path` atomically with the
// rest. The stale lines are appended before runs.jsonl is rewritten, so a
// crash in between leaves them in both files, never in neither. A torn last
// line is dropped (its run runs again). Throws util::BadFile for a malformed
// runs.jsonl (nothing is moved then) and util::IoError when writing fails.
ResumeSplit set_aside_stale(const std::filesystem::path& runs_path, const std::filesystem::path& stale_path,
                            const std::set<std::string>& plan_ids, const util::InputLimits& limits = {});

}  // namespace lrbench::run
