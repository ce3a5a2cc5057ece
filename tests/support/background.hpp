// lrbench started in the background, for tests that act on a running sweep
// (Ctrl-C, kill -9, a second process into the same folder, a full disk).
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace lrbench::testing {

struct BackgroundLimits {
  // RLIMIT_FSIZE for the process, in bytes (0 = none). SIGXFSZ is ignored
  // then, so a write past the limit fails with EFBIG ("File too large") as a
  // write to a full disk fails with ENOSPC.
  std::uint64_t max_file_bytes = 0;
};

class Background {
 public:
  // Runs the lrbench executable with `args`, stdout and stderr to `log`.
  Background(const std::vector<std::string>& args, const std::filesystem::path& log, BackgroundLimits limits = {});
  Background(const Background&) = delete;
  Background& operator=(const Background&) = delete;
  ~Background();  // kills (SIGKILL) and reaps the process if still running

  void signal(int sig) const;
  // Waits for the end; the raw wait status.
  int wait();
  // Whether it is still running (reaps it when not).
  [[nodiscard]] bool running();
  [[nodiscard]] std::string log() const;

 private:
  pid_t pid_ = -1;
  std::filesystem::path log_;
  bool reaped_ = false;
  int status_ = 0;
};

// Generous upper bound for waiting on a child process; reaching it is a hang,
// reported as a failure (never a timing assertion).
inline constexpr auto kPatience = std::chrono::minutes(5);

// Polls `ready()` until it holds (true) or the process ends first (false);
// gives up with a test failure after kPatience.
bool wait_until(Background& process, const std::function<bool()>& ready);

// The number of '\n' in a file (whole lines of a runs.jsonl); 0 when missing.
[[nodiscard]] std::size_t complete_lines(const std::filesystem::path& file);

}  // namespace lrbench::testing
