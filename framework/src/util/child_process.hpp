// Running a piece of work in a forked child process, so that a crash (a
// signal, an abort, an exit) in it cannot take the caller down.
#pragma once

#include <functional>
#include <string>

namespace lrbench::util {

struct ChildResult {
  bool ok = false;      // the child finished `work` and sent back its text
  std::string text;     // what `work` returned
  std::string failure;  // otherwise why not: "crashed with signal 11 (Segmentation fault)", an exception's message
};

// Forks; the child runs `work` and sends the string it returns back over a
// pipe, then leaves with _exit (no atexit handlers, no stdio flush of the
// parent's buffers). The child sees everything the parent had loaded
// (plugins included) as it was at the fork. An exception thrown by `work` is a
// failure carrying its message. Call it from one thread only.
[[nodiscard]] ChildResult run_in_child(const std::function<std::string()>& work);

}  // namespace lrbench::util
