#include "run/jsonl.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
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

// The line-by-line checks read_runs documents, fed one line at a time (from
// text in memory or from a file read in blocks). A line that does not parse
// is an error only once a non-blank line follows it; when none does, it is a
// torn last line, reported in `warnings` and skipped.
class RecordLines {
 public:
  using Sink = std::function<void(std::string_view line, std::size_t number, long long offset, RunRecord)>;
  RecordLines(std::string source, std::vector<std::string>& warnings, const util::InputLimits& limits, Sink sink)
      : source_(std::move(source)), warnings_(warnings), limits_(limits), sink_(std::move(sink)) {}

  // The next line (without its '\n'), starting at byte `offset` of the file;
  // `terminated`: it ended with '\n' (only the last line may not).
  void line(std::string_view line, bool terminated, long long offset) {
    ++line_no_;
    if (is_blank(line)) return;
    if (pending_bad_ > 0) throw util::BadFile(where(pending_bad_) + "not valid JSON");
    if (!terminated) {
      torn(line_no_);
      done_ = true;
      return;
    }
    if (util::find_excess_depth(line, limits_.max_json_depth) != std::string_view::npos) {
      throw util::BadFile(where(line_no_) + "nested deeper than " + std::to_string(limits_.max_json_depth) +
                          " levels; raise the limit with --max-json-depth");
    }
    nlohmann::json j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded()) {
      pending_bad_ = line_no_;  // torn if it is the last
      return;
    }
    try {
      sink_(line, line_no_, offset, record_from_json(j));
    } catch (const std::runtime_error& e) {
      // Valid JSON that is not a record is not a torn write: always an error.
      throw util::BadFile(where(line_no_) + e.what());
    }
  }
  // After the last line.
  void finish() {
    if (pending_bad_ > 0) torn(pending_bad_);
    pending_bad_ = 0;
  }
  [[nodiscard]] bool done() const { return done_; }

 private:
  void torn(std::size_t line_no) {
    warnings_.push_back("runs.jsonl: ignoring a truncated last line (line " + std::to_string(line_no) + ")");
  }
  std::string where(std::size_t line_no) const { return source_ + ":" + std::to_string(line_no) + ": "; }

  std::string source_;
  std::vector<std::string>& warnings_;
  const util::InputLimits& limits_;
  Sink sink_;
  std::size_t line_no_ = 0;
  std::size_t pending_bad_ = 0;  // the line number of an unparsable line, while nothing follows it
  bool done_ = false;
};

void for_each_record(std::string_view content, const std::string& source, std::vector<std::string>& warnings,
                     const util::InputLimits& limits, const RecordLines::Sink& record) {
  RecordLines lines(source, warnings, limits, record);
  std::size_t begin = 0;
  while (begin < content.size() && !lines.done()) {
    const std::size_t end = content.find('\n', begin);
    const bool terminated = end != std::string_view::npos;
    lines.line(content.substr(begin, (terminated ? end : content.size()) - begin), terminated,
               static_cast<long long>(begin));
    begin = terminated ? end + 1 : content.size();
  }
  lines.finish();
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
                  [&](std::string_view, std::size_t, long long, RunRecord r) { records.push_back(std::move(r)); });
  return records;
}

std::vector<RunRecord> read_runs(const fs::path& path, std::vector<std::string>& warnings,
                                 const util::InputLimits& limits) {
  return parse_runs(util::read_file_limited(path, limits.max_bytes), path.string(), warnings, limits);
}

void scan_runs(const fs::path& path, std::vector<std::string>& warnings, const util::InputLimits& limits,
               const RecordScan& record) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw util::BadFile(path.string() + ": " + std::strerror(errno));
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  struct stat st {};
  if (::fstat(fd, &st) != 0) throw util::BadFile(path.string() + ": " + std::strerror(errno));
  if (!S_ISREG(st.st_mode)) throw util::BadFile(path.string() + ": not a regular file");
  const auto too_large = [&] {
    return util::BadFile(path.string() + ": larger than " + std::to_string(limits.max_bytes >> 20U) +
                         " MiB; raise the limit with --max-input-mb");
  };
  if (static_cast<std::uintmax_t>(st.st_size) > limits.max_bytes) throw too_large();
  RecordLines lines(path.string(), warnings, limits,
                    [&](std::string_view line, std::size_t, long long offset, RunRecord r) {
                      record(line, offset, std::move(r));
                    });
  // One block and at most one line are held at a time.
  std::string pending;            // the start of a line the block ended in
  long long pending_offset = 0;   // where it starts in the file
  long long position = 0;         // bytes read so far
  std::vector<char> block(1 << 20);
  while (!lines.done()) {
    const ssize_t n = ::read(fd, block.data(), block.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw util::BadFile(path.string() + ": " + std::strerror(errno));
    if (n == 0) break;
    if (static_cast<std::uintmax_t>(position + n) > limits.max_bytes) throw too_large();  // it grew
    std::string_view data(block.data(), static_cast<std::size_t>(n));
    long long data_offset = position;
    position += n;
    while (!data.empty() && !lines.done()) {
      const std::size_t end = data.find('\n');
      if (end == std::string_view::npos) {
        if (pending.empty()) pending_offset = data_offset;
        pending.append(data);
        break;
      }
      if (pending.empty()) {
        lines.line(data.substr(0, end), true, data_offset);
      } else {
        pending.append(data.substr(0, end));
        lines.line(pending, true, pending_offset);
        pending.clear();
      }
      data.remove_prefix(end + 1);
      data_offset += static_cast<long long>(end + 1);
    }
  }
  if (!pending.empty() && !lines.done()) lines.line(pending, false, pending_offset);
  lines.finish();
}

RunsReader::RunsReader(const fs::path& path) : path_(path), fd_(::open(path.c_str(), O_RDONLY | O_CLOEXEC)) {
  if (fd_ < 0) throw util::BadFile(path.string() + ": " + std::strerror(errno));
}

RunsReader::~RunsReader() { ::close(fd_); }

std::string RunsReader::line(long long offset, std::size_t length) const {
  std::string bytes(length, '\0');
  std::size_t done = 0;
  while (done < length) {
    const ssize_t n = ::pread(fd_, bytes.data() + done, length - done, offset + static_cast<long long>(done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0)
      throw util::BadFile(path_.string() + ": changed while being read (" +
                          (n < 0 ? std::string(std::strerror(errno)) : "shorter") + ")");
    done += static_cast<std::size_t>(n);
  }
  return bytes;
}

RunRecord RunsReader::record(long long offset, std::size_t length) const {
  try {
    return record_from_json(nlohmann::json::parse(line(offset, length)));
  } catch (const util::BadFile&) {
    throw;
  } catch (const std::exception& e) {  // not JSON, not a record: not the line scanned
    throw util::BadFile(path_.string() + ": changed while being read (" + e.what() + ")");
  }
}

ResumeSplit set_aside_stale(const fs::path& runs_path, const fs::path& stale_path,
                            const std::set<std::string>& plan_ids, const util::InputLimits& limits) {
  const std::string content = util::read_file_limited(runs_path, limits.max_bytes);
  ResumeSplit split;
  std::string kept, stale;
  for_each_record(content, runs_path.string(), split.warnings, limits,
                  [&](std::string_view line, std::size_t, long long, const RunRecord& r) {
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
