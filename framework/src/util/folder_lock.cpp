#include "util/folder_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <ctime>
#include <fstream>
#include <iterator>
#include <utility>

#include "util/files.hpp"
#include "util/output_names.hpp"

namespace lrbench::util {

namespace fs = std::filesystem;

FolderLock::FolderLock(const fs::path& folder) : path_(folder / kLockFile) {
  std::error_code ec;
  fs::create_directories(folder, ec);
  if (ec) throw IoError(os_failure("create the folder", folder, ec.value()));
  fd_ = ::open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
  if (fd_ < 0) throw IoError(os_failure("create the lock file", path_, errno));
}

FolderLock::~FolderLock() {
  if (fd_ >= 0) ::close(fd_);  // releases the lock
}

FolderLock::FolderLock(FolderLock&& other) noexcept : path_(std::move(other.path_)), fd_(std::exchange(other.fd_, -1)) {}

bool FolderLock::try_lock() {
  while (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    if (errno == EINTR) continue;
    if (errno == EWOULDBLOCK) return false;
    throw IoError(os_failure("lock", path_, errno));
  }
  return true;
}

void FolderLock::lock() {
  while (::flock(fd_, LOCK_EX) != 0) {
    if (errno != EINTR) throw IoError(os_failure("lock", path_, errno));
  }
}

std::string FolderLock::holder() const {
  std::string text;
  char buffer[1024];
  ssize_t n = 0;
  off_t at = 0;
  while ((n = ::pread(fd_, buffer, sizeof buffer, at)) > 0 && text.size() < 4096) {
    text.append(buffer, static_cast<std::size_t>(n));
    at += n;
  }
  while (!text.empty() && (text.back() == '\n' || text.back() == '\0')) text.pop_back();
  return text;
}

void FolderLock::describe_holder(const std::string& command) {
  char host[256] = "unknown host";
  if (::gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
  host[sizeof host - 1] = '\0';
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  ::gmtime_r(&now, &utc);
  char when[32];
  std::strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S UTC", &utc);
  const std::string line = "pid " + std::to_string(::getpid()) + " on host " + host + ", since " + when +
                           (command.empty() ? "" : ": " + command) + "\n";
  // Best effort: the lock works without the description.
  if (::ftruncate(fd_, 0) == 0) {
    [[maybe_unused]] const ssize_t ignored = ::pwrite(fd_, line.data(), line.size(), 0);
  }
}

std::string own_command_line() {
  std::ifstream in("/proc/self/cmdline", std::ios::binary);
  const std::string raw{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  std::string out;
  std::size_t begin = 0;
  while (begin < raw.size()) {
    std::size_t end = raw.find('\0', begin);
    if (end == std::string::npos) end = raw.size();
    std::string arg = raw.substr(begin, end - begin);
    if (begin == 0) arg = fs::path(arg).filename().string();  // "lrbench", not the build path
    const bool plain = !arg.empty() && arg.find_first_of(" \t\n'\"\\$`*?") == std::string::npos;
    if (!out.empty()) out += ' ';
    out += plain ? arg : "'" + arg + "'";
    begin = end + 1;
  }
  return out;
}

}  // namespace lrbench::util
