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
  if (S_ISFIFO(mode)) return "a FIFO or pipe";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
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

std::variant<std::string, ReadProblem> read_file_or_problem(const fs::path& file, std::uintmax_t max_bytes) {
  using Kind = ReadProblem::Kind;
  // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer.
  Fd fd(::open(file.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK));
  if (fd.get() < 0) return ReadProblem{Kind::unreadable, std::strerror(errno)};
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) return ReadProblem{Kind::unreadable, std::strerror(errno)};
  if (!S_ISREG(st.st_mode)) return ReadProblem{S_ISDIR(st.st_mode) ? Kind::folder : Kind::not_regular, kind_of(st.st_mode)};
  const auto size = static_cast<std::uintmax_t>(st.st_size);
  if (size > max_bytes) return ReadProblem{Kind::too_large, std::to_string(size)};

  std::string content;
  content.reserve(static_cast<std::size_t>(size));
  char buffer[1 << 16];
  while (true) {
    const ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return ReadProblem{Kind::unreadable, std::strerror(errno)};
    if (n == 0) break;
    content.append(buffer, static_cast<std::size_t>(n));
    // A file that grows while it is read.
    if (content.size() > max_bytes) return ReadProblem{Kind::too_large, "more than " + std::to_string(max_bytes)};
  }
  return content;
}

std::string read_file_limited(const fs::path& file, std::uintmax_t max_bytes) {
  auto read = read_file_or_problem(file, max_bytes);
  if (auto* content = std::get_if<std::string>(&read)) return std::move(*content);
  const ReadProblem& problem = std::get<ReadProblem>(read);
  switch (problem.kind) {
    case ReadProblem::Kind::unreadable: throw BadFile(file.string() + ": cannot be read: " + problem.detail);
    case ReadProblem::Kind::folder:
    case ReadProblem::Kind::not_regular:
      throw BadFile(file.string() + ": is " + problem.detail + "; lrbench reads only regular files");
    case ReadProblem::Kind::too_large: break;
  }
  throw BadFile(file.string() + ": the file is " + problem.detail + " bytes, more than the limit of " +
                std::to_string(max_bytes) + " bytes (raise it with --max-input-mb)");
}

void write_file_atomically(const fs::path& path, std::string_view content) {
  write_file_atomically(path, [&](const Emit& emit) { emit(content); });
}

void write_file_atomically(const fs::path& path, const std::function<void(const Emit&)>& produce) {
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
  // Pieces are gathered into writes of about 1 MiB.
  constexpr std::size_t kChunk = std::size_t{1} << 20U;
  std::string buffer;
  const Emit emit = [&](std::string_view piece) {
    if (buffer.size() + piece.size() > kChunk && !buffer.empty()) {
      if (!write_all(fd.get(), buffer)) fail(errno);
      buffer.clear();
    }
    if (piece.size() >= kChunk) {
      if (!write_all(fd.get(), piece)) fail(errno);
    } else {
      buffer.append(piece);
    }
  };
  try {
    produce(emit);
  } catch (...) {
    ::unlink(tmp.c_str());  // (already gone when `fail` threw)
    throw;
  }
  if (!buffer.empty() && !write_all(fd.get(), buffer)) fail(errno);
  if (const int errnum = fd.close_now(); errnum != 0) fail(errnum);
  if (::rename(tmp.c_str(), path.c_str()) != 0) fail(errno);
}

}  // namespace lrbench::util
