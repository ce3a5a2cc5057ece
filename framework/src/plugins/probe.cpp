#include "plugins/probe.hpp"

#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>

#include <boost/dll/shared_library.hpp>

#include "plugins/declaration.hpp"

namespace lrbench::plugins {

namespace {

// The child: everything the parent's Registry::load_file does with the
// library, then leave without running the parent's atexit handlers (_exit).
[[noreturn]] void probe_child(const std::filesystem::path& file) {
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  ::alarm(kProbeSeconds);  // SIGALRM's default action ends a hung probe
  boost::dll::fs::error_code ec;
  boost::dll::shared_library library;
  library.load(file, ec, boost::dll::load_mode::rtld_local | boost::dll::load_mode::rtld_now);
  if (!ec && library.has(kEntryPoint)) {
    const PluginInfo& info = library.get_alias<lrbench_plugin_entry>(kEntryPoint)();
    if (info.abi_version == kAbiVersion) static_cast<void>(check_declaration(info));
  }
  ::_exit(0);
}

}  // namespace

std::optional<std::string> probe_in_child(const std::filesystem::path& file) {
  const pid_t pid = ::fork();
  if (pid < 0) return std::string("cannot be probed: cannot start a process: ") + std::strerror(errno);
  if (pid == 0) probe_child(file);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return std::string("cannot be probed: ") + std::strerror(errno);
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return std::nullopt;
  if (WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM) {
    return "did not finish loading within " + std::to_string(kProbeSeconds) + " s (probed in a child process)";
  }
  if (WIFSIGNALED(status)) {
    const char* name = ::strsignal(WTERMSIG(status));
    return "crashed while being loaded: signal " + std::to_string(WTERMSIG(status)) + " (" +
           (name != nullptr ? name : "unknown signal") + "), probed in a child process";
  }
  return "ended with status " + std::to_string(WEXITSTATUS(status)) +
         " while being loaded (probed in a child process)";
}

}  // namespace lrbench::plugins
