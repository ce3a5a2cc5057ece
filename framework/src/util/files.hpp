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
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>

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

// Why a file cannot be read, without the file's name, for a caller that words
// its own message (the scenario loader: "is a directory, not a scenario
// file"; a CSV data file: "CSV files are limited to N bytes").
struct ReadProblem {
  enum class Kind {
    unreadable,   // missing, no permission, an I/O error; detail: the OS reason
    folder,       // a directory; detail: "a folder"
    not_regular,  // a FIFO or pipe, a device or a socket; detail: "a FIFO or pipe", "a character device", ...
    too_large,    // more than max_bytes; detail: the size, "5000000" or "more than 4096"
  };
  Kind kind = Kind::unreadable;
  std::string detail;
};

// read_file_limited's one implementation: the content, or the problem.
[[nodiscard]] std::variant<std::string, ReadProblem> read_file_or_problem(const std::filesystem::path& file,
                                                                           std::uintmax_t max_bytes);

// Writes `content` to `path.tmp-<pid>` in the same folder and renames it over
// `path` (atomic within one file system), so a reader or a crash never sees
// half a file. Creates missing folders. A symlink at `path` is replaced, not
// written through. Throws IoError naming `path` and the OS reason; the
// temporary file is removed on failure.
void write_file_atomically(const std::filesystem::path& path, std::string_view content);
// The same for content produced in pieces (a file too large to hold):
// `produce` calls `emit` with each piece, in order. An exception from
// `produce` removes the temporary file and leaves `path` as it was.
using Emit = std::function<void(std::string_view)>;
void write_file_atomically(const std::filesystem::path& path, const std::function<void(const Emit&)>& produce);

// Writes all of `bytes` to the file descriptor, retrying after signals and
// short writes. False on failure, with errno set by write(2) (EIO when it
// wrote nothing without saying why).
[[nodiscard]] bool write_all(int fd, std::string_view bytes) noexcept;

// "cannot WHAT FILE: OS reason" for the errno value `errnum`: how IoError
// messages read ("cannot append to out/x/runs.jsonl: No space left on device").
[[nodiscard]] std::string os_failure(std::string_view what, const std::filesystem::path& file, int errnum);

}  // namespace lrbench::util
