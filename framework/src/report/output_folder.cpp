#include "report/output_folder.hpp"

#include <algorithm>
#include <system_error>
#include <vector>

#include "util/files.hpp"
#include "util/output_names.hpp"

namespace lrbench::report {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kMarkerText =
    "This folder is written by lrbench (its README.md, reports and runs). lrbench never replaces a README.md in\n"
    "a folder without this file.\n";

bool exists_no_follow(const fs::path& p) {
  std::error_code ec;
  return fs::exists(fs::symlink_status(p, ec));
}

// Whether `target` (symlinks resolved) lies inside `root` (resolved).
bool inside(const fs::path& root, const fs::path& target) {
  std::error_code ec;
  const fs::path r = fs::weakly_canonical(root, ec);
  if (ec) return false;
  const fs::path t = fs::weakly_canonical(target, ec);
  if (ec) return false;
  const auto [mismatch, _] = std::mismatch(r.begin(), r.end(), t.begin(), t.end());
  return mismatch == r.end();
}

void refuse_symlink_out(const fs::path& out, const fs::path& p) {
  std::error_code ec;
  if (!fs::is_symlink(fs::symlink_status(p, ec))) return;
  if (inside(out, p)) return;
  const fs::path target = fs::read_symlink(p, ec);
  throw OutputRefused(p.string() + " is a symlink to " + target.string() + ", outside the output folder " +
                      out.string() + "; lrbench does not write through it (remove the link or choose another --out)");
}

}  // namespace

void check_scenario_folder(const fs::path& out, const fs::path& dir) {
  refuse_symlink_out(out, dir);
  std::error_code ec;
  if (!fs::exists(dir, ec)) return;
  if (!fs::is_directory(dir, ec)) {
    throw OutputRefused(dir.string() + " exists and is not a folder; lrbench writes the scenario's results there "
                                       "(remove it or choose another --out)");
  }
  for (const std::string_view name : util::kWrittenNames) refuse_symlink_out(out, dir / name);
  // The marker; a scenario.json from an older lrbench; a lock file left by a
  // run refused while another held the folder; a shard's lock or the
  // marker's temporary file (another shard, started at the same moment, has
  // created the folder and not yet written the marker).
  bool ours = exists_no_follow(dir / util::kMarkerFile) || exists_no_follow(dir / util::kScenarioFile) ||
              exists_no_follow(dir / util::kLockFile);
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (ours) break;
    ours = entry.path().filename().string().rfind(std::string(util::kMarkerFile) + ".", 0) == 0;
  }
  if (ours || fs::is_empty(dir, ec)) return;
  throw OutputRefused(dir.string() + " exists and was not written by lrbench (no " + std::string(util::kMarkerFile) +
                      " file); lrbench does not write into it (choose another --out, or another scenario name)");
}

void mark_as_lrbench_folder(const fs::path& dir) {
  if (exists_no_follow(dir / util::kMarkerFile)) return;
  util::write_file_atomically(dir / util::kMarkerFile, kMarkerText);
}

bool claim_index_folder(const fs::path& dir, std::string& why) {
  if (exists_no_follow(dir / util::kMarkerFile)) return true;
  if (exists_no_follow(dir / util::kReadmeFile)) {
    why = (dir / util::kReadmeFile).string() + " was not written by lrbench (the folder has no " +
          std::string(util::kMarkerFile) + " file); the index was not written over it";
    return false;
  }
  mark_as_lrbench_folder(dir);
  return true;
}

void remove_derived_files(const fs::path& dir) {
  std::vector<std::string_view> names = {util::kSummaryFile, util::kReadmeFile};
  names.insert(names.end(), util::kFigureFiles.begin(), util::kFigureFiles.end());
  for (const std::string_view name : names) {
    std::error_code ec;
    fs::remove(dir / name, ec);
    if (ec) throw util::IoError(util::os_failure("remove", dir / name, ec.value()));
  }
}

}  // namespace lrbench::report
