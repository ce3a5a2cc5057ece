#include "util/child_process.hpp"

#include "util/files.hpp"

#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <exception>

namespace lrbench::util {

namespace {

// The child's message: one status byte ('+' text, '!' an exception's
// message), then the text.
[[noreturn]] void child(int fd, pid_t parent, const std::function<std::string()>& work) {
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);  // never outlive the parent
  if (::getppid() != parent) ::_exit(120);
  std::string message;
  try {
    message = "+" + work();
  } catch (const std::exception& e) {
    message = std::string("!") + e.what();
  } catch (...) {
    message = "!an exception that is not a std::exception";
  }
  ::_exit(write_all(fd, message) ? 0 : 121);
}

}  // namespace

ChildResult run_in_child(const std::function<std::string()>& work) {
  ChildResult result;
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    result.failure = std::string("cannot create a pipe: ") + std::strerror(errno);
    return result;
  }
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::close(fds[0]);
    child(fds[1], parent, work);
  }
  ::close(fds[1]);
  if (pid < 0) {
    ::close(fds[0]);
    result.failure = std::string("cannot start a process: ") + std::strerror(errno);
    return result;
  }
  std::string message;
  char buffer[65536];
  while (true) {
    const ssize_t n = ::read(fds[0], buffer, sizeof buffer);
    if (n > 0) {
      message.append(buffer, static_cast<std::size_t>(n));
    } else if (n == 0 || errno != EINTR) {
      break;
    }
  }
  ::close(fds[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFSIGNALED(status)) {
    const char* name = ::strsignal(WTERMSIG(status));
    result.failure = "crashed with signal " + std::to_string(WTERMSIG(status)) + " (" +
                     (name != nullptr ? name : "unknown signal") + ")";
  } else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || message.empty()) {
    result.failure = "exited with status " + std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : -1) +
                     " without a result";
  } else if (message[0] == '!') {
    result.failure = message.substr(1);
  } else {
    result.ok = true;
    result.text = message.substr(1);
  }
  return result;
}

}  // namespace lrbench::util
