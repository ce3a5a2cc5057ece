#include "run/jsonl.hpp"

#include <sstream>
#include <stdexcept>
#include <string_view>
#include <system_error>

namespace lrbench::run {
namespace {

namespace fs = std::filesystem;

std::string read_all(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path.string());
  std::ostringstream ss;
  ss << in.rdbuf();
  return std::move(ss).str();
}

bool is_blank(std::string_view s) {
  return s.find_first_not_of(" \t\r") == std::string_view::npos;
}

// Drops a torn tail (bytes after the last '\n') so appends start on a fresh
// line. The torn record is incomplete by definition; its run is simply not
// recorded and will run again on resume.
void cut_torn_tail(const fs::path& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) return;
  const std::string content = read_all(path);
  if (content.empty() || content.back() == '\n') return;
  const auto last_newline = content.rfind('\n');
  const std::uintmax_t keep = last_newline == std::string::npos ? 0 : last_newline + 1;
  fs::resize_file(path, keep, ec);
  if (ec) throw std::runtime_error("cannot truncate the torn last line of " + path.string() + ": " + ec.message());
}

}  // namespace

RunsFile::RunsFile(const fs::path& path) : path_(path) {
  if (path.has_parent_path()) fs::create_directories(path.parent_path());
  cut_torn_tail(path);
  out_.open(path, std::ios::out | std::ios::app | std::ios::binary);
  if (!out_) throw std::runtime_error("cannot open " + path.string() + " for appending");
}

void RunsFile::append(const RunRecord& record) {
  // Serialise outside the lock; write the whole line with one call so that a
  // crash tears at most this line.
  std::string line = to_json(record).dump();
  line.push_back('\n');
  const std::lock_guard lock(mutex_);
  out_.write(line.data(), static_cast<std::streamsize>(line.size()));
  out_.flush();
  if (!out_) throw std::runtime_error("cannot write to " + path_.string());
}

std::vector<RunRecord> read_runs(const fs::path& path, std::vector<std::string>& warnings) {
  const std::string content = read_all(path);
  std::vector<RunRecord> records;
  std::size_t begin = 0;
  std::size_t line_no = 0;
  while (begin < content.size()) {
    ++line_no;
    const std::size_t end = content.find('\n', begin);
    const bool terminated = end != std::string::npos;
    const std::string_view line(content.data() + begin, (terminated ? end : content.size()) - begin);
    begin = terminated ? end + 1 : content.size();
    // Last = nothing but blank lines follow.
    const bool last = is_blank(std::string_view(content).substr(begin));
    if (is_blank(line)) continue;

    if (!terminated) {  // only the last line can lack its newline
      warnings.push_back("runs.jsonl: ignoring a truncated last line (line " + std::to_string(line_no) + ")");
      break;
    }
    nlohmann::json j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded()) {
      if (last) {
        warnings.push_back("runs.jsonl: ignoring a truncated last line (line " + std::to_string(line_no) + ")");
        break;
      }
      throw std::runtime_error(path.string() + ":" + std::to_string(line_no) + ": not valid JSON");
    }
    try {
      records.push_back(record_from_json(j));
    } catch (const std::exception& e) {
      // Valid JSON that is not a record is not a torn write: always an error.
      throw std::runtime_error(path.string() + ":" + std::to_string(line_no) + ": " + e.what());
    }
  }
  return records;
}

}  // namespace lrbench::run
