// The scenario folders one command writes, taken before it writes anything:
// each checked (report/output_folder.hpp: nothing foreign, no symlink out of
// the output folder), marked as lrbench's, and locked against a second lrbench
// (util/folder_lock.hpp), for as long as the object lives.
#pragma once

#include <filesystem>
#include <vector>

#include "util/folder_lock.hpp"

namespace lrbench::cli {

class ClaimedFolders {
 public:
  // Checks every folder first, then marks and locks them in path order (two
  // processes that both wait cannot deadlock). Throws report::OutputRefused
  // (exit 2; nothing written but lock files) for a folder lrbench must not
  // write, or one another process holds when `wait` is false: the message
  // names the holder (pid, host, start time, command). With `wait`, says on
  // stderr whom it waits for (unless `quiet`) and waits.
  ClaimedFolders(const std::filesystem::path& out, std::vector<std::filesystem::path> folders, bool wait, bool quiet);

 private:
  std::vector<util::FolderLock> locks_;
};

}  // namespace lrbench::cli
