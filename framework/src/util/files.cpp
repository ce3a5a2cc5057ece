#include "util/files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

namespace lrbench::util {

namespace fs = std::filesystem;

namespace {

// Closes a file descriptor when it goes out of scope.
class Fd {
 public:
  explicit Fd(int fd) noexcept : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  [[nodiscard]] int get() const noexcept { return fd_; }
  // Closes now and reports close's own failure (on NFS a write error may
  // only show here): the errno value, or 0.
  int close_now() noexcept {
    const int fd = fd_;
    fd_ = -1;
    return ::close(fd) == 0 ? 0 : errno;
  }

 private:
  int fd_;
};

std::string kind_of(mode_t mode) {
  if (S_ISDIR(mode)) return "a folder";
  if (S_ISFIFO(mode)) return "a FIFO (named pipe)";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

std::string too_large(const fs::path& file, std::uintmax_t max_bytes, const std::string& size) {
  return file.string() + ": the file is " + size + " bytes, more than the limit of " + std::to_string(max_bytes) +
         " bytes (raise it with --max-input-mb)";
}

}  // namespace

bool write_all(int fd, std::string_view bytes) noexcept {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return false;
    if (n == 0) {
      errno = EIO;
      return false;
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

std::string os_failure(std::string_view what, const fs::path& file, int errnum) {
  return "cannot " + std::string(what) + " " + file.string() + ": " + std::strerror(errnum);
}

std::string read_file_limited(const fs::path& file, std::uintmax_t max_bytes) {
  // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer.
  Fd fd(::open(file.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK));
  if (fd.get() < 0) throw BadFile(file.string() + ": cannot be read: " + std::strerror(errno));
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) throw BadFile(file.string() + ": cannot be read: " + std::strerror(errno));
  if (!S_ISREG(st.st_mode)) {
    throw BadFile(file.string() + ": is " + kind_of(st.st_mode) + "; lrbench reads only regular files");
  }
  const auto size = static_cast<std::uintmax_t>(st.st_size);
  if (size > max_bytes) throw BadFile(too_large(file, max_bytes, std::to_string(size)));

  std::string content;
  content.reserve(static_cast<std::size_t>(size));
  char buffer[1 << 16];
  while (true) {
    const ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw BadFile(file.string() + ": cannot be read: " + std::strerror(errno));
    if (n == 0) break;
    content.append(buffer, static_cast<std::size_t>(n));
    if (content.size() > max_bytes) throw BadFile(too_large(file, max_bytes, "more than " + std::to_string(max_bytes)));
  }
  return content;
}

void write_file_atomically(const fs::path& path, std::string_view content) {
  if (path.has_parent_path()) {
    std::error_code ec;
    fs::create_directories(path.parent_path(), ec);
    if (ec) throw IoError(os_failure("create the folder", path.parent_path(), ec.value()));
  }
  // Same folder as the target: a rename across file systems is not atomic.
  fs::path tmp = path;
  tmp += ".tmp-" + std::to_string(::getpid());
  // O_NOFOLLOW: a symlink planted at the temporary name is not written through.
  Fd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644));
  if (fd.get() < 0) throw IoError(os_failure("write", path, errno));
  const auto fail = [&](int errnum) {
    ::unlink(tmp.c_str());
    throw IoError(os_failure("write", path, errnum));
  };
  if (!write_all(fd.get(), content)) fail(errno);
  if (const int errnum = fd.close_now(); errnum != 0) fail(errnum);
  if (::rename(tmp.c_str(), path.c_str()) != 0) fail(errno);
}

}  // namespace lrbench::util
