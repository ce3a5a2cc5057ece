// One writer per output folder: an exclusive flock(2) on FOLDER/.lrbench.lock.
//
// Two `lrbench run` processes writing one scenario folder lose results: the
// second deletes (or rewrites) the runs.jsonl the first is appending to. The
// lock makes the second one wait or stop. flock locks belong to the open file,
// so the kernel releases them when the holder exits, however it exits
// (kill -9 included): a stale lock file is harmless, never "still held".
//
// The holder writes who it is into the lock file (pid, host, start time,
// command) so that the one refused can say whom it waits for.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace lrbench::util {

class FolderLock {
 public:
  // Opens (creating) FOLDER/.lrbench.lock without taking the lock. Throws
  // IoError when the file cannot be created. Refuses to follow a symlink
  // there (O_NOFOLLOW): the holder's line would be written through it.
  explicit FolderLock(const std::filesystem::path& folder);
  ~FolderLock();
  FolderLock(const FolderLock&) = delete;
  FolderLock& operator=(const FolderLock&) = delete;
  FolderLock(FolderLock&& other) noexcept;
  FolderLock& operator=(FolderLock&&) = delete;

  // Takes the lock if it is free; false when another process holds it.
  [[nodiscard]] bool try_lock();
  // Waits for the lock (interrupted only by a signal that ends the process).
  void lock();
  // What the holder wrote: "pid 1234 on host h, since 2025-01-31 12:00:00 UTC:
  // lrbench run a.yaml --out x", or "" when it has not written it yet.
  [[nodiscard]] std::string holder() const;
  // Records this process as the holder (call after taking the lock).
  void describe_holder(const std::string& command);

  [[nodiscard]] const std::filesystem::path& path() const noexcept { return path_; }

 private:
  std::filesystem::path path_;
  int fd_ = -1;
};

// This process's command line as typed (arguments with spaces quoted), from
// /proc/self/cmdline; "" when unavailable.
[[nodiscard]] std::string own_command_line();

}  // namespace lrbench::util
