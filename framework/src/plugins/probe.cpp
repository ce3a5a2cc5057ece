#include "plugins/probe.hpp"

#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <optional>

#include <boost/dll/shared_library.hpp>

#include "plugins/declaration.hpp"

namespace lrbench::plugins {

namespace fs = std::filesystem;

namespace {

// The child: for each library, everything Registry::load_file does with it,
// then one byte on `fd` to say it survived. Leaves without running the
// parent's atexit handlers (_exit). The libraries stay loaded until the
// child exits: unloading could run more of their code.
[[noreturn]] void probe_child(int fd, const std::vector<fs::path>& files) {
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  std::vector<boost::dll::shared_library> loaded;
  for (const fs::path& file : files) {
    ::alarm(kProbeSeconds);  // SIGALRM's default action ends a hung probe
    boost::dll::fs::error_code ec;
    boost::dll::shared_library library;
    library.load(file, ec, boost::dll::load_mode::rtld_local | boost::dll::load_mode::rtld_now);
    if (!ec && library.has(kEntryPoint)) {
      const PluginInfo& info = library.get_alias<lrbench_plugin_entry>(kEntryPoint)();
      if (info.abi_version == kAbiVersion) static_cast<void>(check_declaration(info));
    }
    loaded.push_back(std::move(library));
    const char done = '.';
    while (::write(fd, &done, 1) < 0 && errno == EINTR) {
    }
  }
  ::_exit(0);
}

std::string why_child_died(int status) {
  if (WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM) {
    return "did not finish loading within " + std::to_string(kProbeSeconds) + " s (probed in a child process)";
  }
  if (WIFSIGNALED(status)) {
    const char* name = ::strsignal(WTERMSIG(status));
    return "crashed while being loaded: signal " + std::to_string(WTERMSIG(status)) + " (" +
           (name != nullptr ? name : "unknown signal") + "), probed in a child process";
  }
  return "ended the process with status " + std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : -1) +
         " while being loaded (probed in a child process)";
}

// Probes `files` in one child; how many it finished, and the wait status.
std::optional<std::pair<std::size_t, int>> probe_batch(const std::vector<fs::path>& files, std::string& failure) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    failure = std::string("cannot be probed: cannot create a pipe: ") + std::strerror(errno);
    return std::nullopt;
  }
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::close(fds[0]);
    probe_child(fds[1], files);
  }
  ::close(fds[1]);
  if (pid < 0) {
    ::close(fds[0]);
    failure = std::string("cannot be probed: cannot start a process: ") + std::strerror(errno);
    return std::nullopt;
  }
  std::size_t finished = 0;
  char buffer[256];
  while (true) {
    const ssize_t n = ::read(fds[0], buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // the child exited (or died): the pipe is closed
    finished += static_cast<std::size_t>(n);
  }
  ::close(fds[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) {
      failure = std::string("cannot be probed: ") + std::strerror(errno);
      return std::nullopt;
    }
  }
  return std::pair(finished, status);
}

}  // namespace

std::map<fs::path, std::string> probe_in_child(const std::vector<fs::path>& files) {
  std::map<fs::path, std::string> refused;
  std::vector<fs::path> pending = files;
  while (!pending.empty()) {
    std::string failure;
    const auto result = probe_batch(pending, failure);
    if (!result) {  // no child at all: refuse rather than load untried code
      for (const fs::path& f : pending) refused.emplace(f, failure);
      break;
    }
    const auto [finished, status] = *result;
    if (finished >= pending.size()) {
      // Every library probed; a failure after the last one (exit) is not theirs.
      break;
    }
    refused.emplace(pending[finished], why_child_died(status));
    pending.erase(pending.begin(), pending.begin() + static_cast<std::ptrdiff_t>(finished) + 1);
  }
  return refused;
}

}  // namespace lrbench::plugins
