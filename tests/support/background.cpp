#include "background.hpp"

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <thread>

#include <gtest/gtest.h>

#include "cli_runner.hpp"

namespace lrbench::testing {

namespace fs = std::filesystem;

Background::Background(const std::vector<std::string>& args, const fs::path& log, BackgroundLimits limits)
    : log_(log) {
  const std::string exe = LRBENCH_EXE;
  pid_ = ::fork();
  if (pid_ == 0) {
    std::FILE* f = std::freopen(log.c_str(), "w", stdout);
    if (f == nullptr || ::dup2(STDOUT_FILENO, STDERR_FILENO) < 0) ::_exit(127);
    if (limits.max_file_bytes > 0) {
      std::signal(SIGXFSZ, SIG_IGN);  // stays ignored across exec
      const rlimit limit{limits.max_file_bytes, limits.max_file_bytes};
      if (::setrlimit(RLIMIT_FSIZE, &limit) != 0) ::_exit(126);
    }
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>(exe.c_str()));
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    ::execv(exe.c_str(), argv.data());
    ::_exit(127);
  }
}

Background::~Background() {
  if (pid_ > 0 && !reaped_) {
    ::kill(pid_, SIGKILL);
    wait();
  }
}

void Background::signal(int sig) const { ::kill(pid_, sig); }

int Background::wait() {
  if (reaped_) return status_;
  int status = 0;
  ::waitpid(pid_, &status, 0);
  reaped_ = true;
  status_ = status;
  return status;
}

bool Background::running() {
  if (reaped_) return false;
  int status = 0;
  if (::waitpid(pid_, &status, WNOHANG) == pid_) {
    reaped_ = true;
    status_ = status;
    return false;
  }
  return true;
}

std::string Background::log() const { return read_file(log_); }

bool wait_until(Background& process, const std::function<bool()>& ready) {
  const auto give_up = std::chrono::steady_clock::now() + kPatience;
  while (!ready()) {
    if (!process.running()) return false;
    if (std::chrono::steady_clock::now() > give_up) {
      ADD_FAILURE() << "gave up waiting; log:\n" << process.log();
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return true;
}

std::size_t complete_lines(const fs::path& file) {
  const std::string text = read_file(file);
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

}  // namespace lrbench::testing
