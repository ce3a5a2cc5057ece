#include "cli/claimed_folders.hpp"

#include <algorithm>
#include <iostream>

#include <fmt/format.h>

#include "report/output_folder.hpp"

namespace lrbench::cli {

namespace fs = std::filesystem;

ClaimedFolders::ClaimedFolders(const fs::path& out, std::vector<fs::path> folders, bool wait, bool quiet) {
  std::sort(folders.begin(), folders.end());
  for (const fs::path& dir : folders) report::check_scenario_folder(out, dir);
  const std::string command = util::own_command_line();
  for (const fs::path& dir : folders) {
    report::mark_as_lrbench_folder(dir);
    util::FolderLock lock(dir);
    if (!lock.try_lock()) {
      std::string holder = lock.holder();
      if (holder.empty()) holder = "a process that has not said who it is yet";
      if (!wait) {
        throw report::OutputRefused(fmt::format(
            "{} is in use by another lrbench: {}; wait for it to finish, or pass --wait to wait for it",
            dir.string(), holder));
      }
      if (!quiet) std::cerr << fmt::format("lrbench: waiting for {}: in use by {}\n", dir.string(), holder);
      lock.lock();
    }
    lock.describe_holder(command);
    locks_.push_back(std::move(lock));
  }
}

}  // namespace lrbench::cli
