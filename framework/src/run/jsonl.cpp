#include "run/jsonl.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <functional>

#include "util/files.hpp"

namespace lrbench::run {
namespace {

namespace fs = std::filesystem;

bool is_blank(std::string_view s) { return s.find_first_not_of(" \t\r") == std::string_view::npos; }

// The size of `fd`'s file without its torn tail: up to and including the
// last '\n' (0 when there is none), read backwards in blocks.
long long whole_lines_size(int fd, long long size) {
  char block[1 << 16];
  long long end = size;
  while (end > 0) {
    const long long begin = end > static_cast<long long>(sizeof block) ? end - static_cast<long long>(sizeof block) : 0;
    const ssize_t n = ::pread(fd, block, static_cast<std::size_t>(end - begin), begin);
    if (n <= 0) return -1;
    for (ssize_t i = n; i-- > 0;)
      if (block[i] == '\n') return begin + i + 1;
    end = begin;
  }
  return 0;
}

// Calls `record(line, number, parsed)` for every non-blank line of a
// runs.jsonl text, after the checks read_runs documents; a torn last line is
// reported in `warnings` and skipped.
void for_each_record(std::string_view content, const std::string& source, std::vector<std::string>& warnings,
                     const util::InputLimits& limits,
                     const std::function<void(std::string_view, std::size_t, RunRecord)>& record) {
  const auto torn = [&](std::size_t line_no) {
    warnings.push_back("runs.jsonl: ignoring a truncated last line (line " + std::to_string(line_no) + ")");
  };
  const auto where = [&](std::size_t line_no) { return source + ":" + std::to_string(line_no) + ": "; };
  std::size_t begin = 0;
  std::size_t line_no = 0;
  while (begin < content.size()) {
    ++line_no;
    const std::size_t end = content.find('\n', begin);
    const bool terminated = end != std::string_view::npos;
    const std::string_view line = content.substr(begin, (terminated ? end : content.size()) - begin);
    begin = terminated ? end + 1 : content.size();
    // Last = nothing but blank lines follow.
    const bool last = is_blank(content.substr(begin));
    if (is_blank(line)) continue;
    if (!terminated) {  // only the last line can lack its newline
      torn(line_no);
      break;
    }
    if (util::find_excess_depth(line, limits.max_json_depth) != std::string_view::npos) {
      throw util::BadFile(where(line_no) + "nested deeper than " + std::to_string(limits.max_json_depth) +
                          " levels; raise the limit with --max-json-depth");
    }
    nlohmann::json j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded()) {
      if (last) {
        torn(line_no);
        break;
      }
      throw util::BadFile(where(line_no) + "not valid JSON");
    }
    try {
      record(line, line_no, record_from_json(j));
    } catch (const std::runtime_error& e) {
      // Valid JSON that is not a record is not a torn write: always an error.
      throw util::BadFile(where(line_no) + e.what());
    }
  }
}

}  // namespace

RunsFile::RunsFile(const fs::path& path) : path_(path) {
  if (path.has_parent_path()) {
    std::error_code ec;
    fs::create_directories(path.parent_path(), ec);
    if (ec) throw util::IoError(util::os_failure("create the folder", path.parent_path(), ec.value()));
  }
  fd_ = ::open(path.c_str(), O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0) throw util::IoError(util::os_failure("open", path, errno));
  struct stat st {};
  const int failed = ::fstat(fd_, &st) != 0 ? errno : 0;
  // A torn tail (bytes after the last '\n') is an incomplete record by
  // definition: cut it so appends start on a fresh line; its run runs again.
  const long long whole = failed != 0 ? -1 : whole_lines_size(fd_, st.st_size);
  if (whole < 0 || (whole != st.st_size && ::ftruncate(fd_, whole) != 0)) {
    const int errnum = failed != 0 ? failed : errno;
    ::close(fd_);
    fd_ = -1;
    throw util::IoError(util::os_failure("cut the torn last line of", path, errnum));
  }
  size_ = whole;
}

RunsFile::~RunsFile() {
  if (fd_ >= 0) ::close(fd_);
}

void RunsFile::append(const RunRecord& record) {
  // Serialise outside the lock; write the whole line with one call so that a
  // crash tears at most this line.
  std::string line = to_json(record).dump();
  line.push_back('\n');
  const std::lock_guard lock(mutex_);
  if (!util::write_all(fd_, line)) {
    const int errnum = errno;
    // Undo a partial write, so the file still ends with a whole record.
    [[maybe_unused]] const int ignored = ::ftruncate(fd_, size_);
    throw util::IoError(util::os_failure("append to", path_, errnum));
  }
  size_ += static_cast<long long>(line.size());
}

std::vector<RunRecord> parse_runs(std::string_view content, const std::string& source,
                                  std::vector<std::string>& warnings, const util::InputLimits& limits) {
  std::vector<RunRecord> records;
  for_each_record(content, source, warnings, limits,
                  [&](std::string_view, std::size_t, RunRecord r) { records.push_back(std::move(r)); });
  return records;
}

std::vector<RunRecord> read_runs(const fs::path& path, std::vector<std::string>& warnings,
                                 const util::InputLimits& limits) {
  return parse_runs(util::read_file_limited(path, limits.max_bytes), path.string(), warnings, limits);
}

ResumeSplit set_aside_stale(const fs::path& runs_path, const fs::path& stale_path,
                            const std::set<std::string>& plan_ids, const util::InputLimits& limits) {
  const std::string content = util::read_file_limited(runs_path, limits.max_bytes);
  ResumeSplit split;
  std::string kept, stale;
  for_each_record(content, runs_path.string(), split.warnings, limits,
                  [&](std::string_view line, std::size_t, const RunRecord& r) {
                    const bool in_plan = plan_ids.count(r.id) > 0;
                    std::string& to = in_plan ? kept : stale;
                    to.append(line);
                    to.push_back('\n');
                    if (in_plan) {
                      split.recorded.insert(r.id);
                    } else {
                      ++split.stale;
                    }
                  });
  if (split.stale == 0) return split;
  {
    const int fd = ::open(stale_path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) throw util::IoError(util::os_failure("open", stale_path, errno));
    const bool ok = util::write_all(fd, stale);
    const int errnum = errno;
    ::close(fd);
    if (!ok) throw util::IoError(util::os_failure("append to", stale_path, errnum));
  }
  util::write_file_atomically(runs_path, kept);
  return split;
}

}  // namespace lrbench::run
