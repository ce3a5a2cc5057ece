// Reading input files and writing output files, with every failure named:
// the one size-limited reader of the files lrbench reads back (runs.jsonl,
// summary.json, scenario.json, compare's inputs) and the atomic writer of the
// files it produces.
//
// Two kinds of failure, because they call for different answers:
// - BadFile: an input cannot be used (missing, not a regular file, too large,
//   malformed). The user gave lrbench something wrong: exit status 2.
// - IoError: an output could not be written (disk full, read-only file
//   system, no permission). The input was fine; the machine failed: exit
//   status 4, with the operating system's reason ("No space left on device").
#pragma once

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>

namespace lrbench::util {

class BadFile : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class IoError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The largest file lrbench reads back by default (1 GiB; --max-input-mb). A
// 10,000-run sweep of 200 epochs writes a runs.jsonl of about 200 MB.
inline constexpr std::uintmax_t kMaxInputBytes = std::uintmax_t{1024} << 20;

// The whole content of a regular file of at most `max_bytes`. Throws BadFile
// ("FILE: reason") when the file is missing or unreadable, is a folder, a
// FIFO, a device or a socket (refused before reading a byte, so /dev/zero or
// a FIFO without a writer never blocks or fills memory), or is larger than
// `max_bytes` (checked before reading, and again while reading a file that
// grows).
[[nodiscard]] std::string read_file_limited(const std::filesystem::path& file,
                                            std::uintmax_t max_bytes = kMaxInputBytes);

// Writes `content` to `path.tmp-<pid>` in the same folder and renames it over
// `path` (atomic within one file system), so a reader or a crash never sees
// half a file. Creates missing folders. A symlink at `path` is replaced, not
// written through. Throws IoError naming `path` and the OS reason; the
// temporary file is removed on failure.
void write_file_atomically(const std::filesystem::path& path, std::string_view content);

// Writes all of `bytes` to the file descriptor, retrying after signals and
// short writes. False on failure, with errno set by write(2) (EIO when it
// wrote nothing without saying why).
[[nodiscard]] bool write_all(int fd, std::string_view bytes) noexcept;

// "cannot WHAT FILE: OS reason" for the errno value `errnum`: how IoError
// messages read ("cannot append to out/x/runs.jsonl: No space left on device").
[[nodiscard]] std::string os_failure(std::string_view what, const std::filesystem::path& file, int errnum);

}  // namespace lrbench::util
