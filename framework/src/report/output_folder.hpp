// Which folders lrbench may write into, and what it removes before writing.
//
// lrbench writes README.md files: the report in every scenario folder
// (OUT/<name>/) and the index in OUT itself. A README.md it did not write is
// never replaced: a folder is lrbench's when it holds the marker file
// `.lrbench` (util/output_names.hpp), which lrbench writes into every folder
// it creates or finds without a README.md. A scenario folder written by an
// older lrbench (a scenario.json, no marker) is recognised too.
//
// Nothing is written through a symlink that leads out of the output folder:
// a scenario folder or one of its files (runs.jsonl, ...) that is a symlink to
// a place outside OUT is refused before anything runs.
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>

namespace lrbench::report {

// A folder lrbench must not write into; the message names it and says why.
// Nothing has been written when it is thrown (exit status 2).
class OutputRefused : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Checks, without writing anything, that lrbench may write the scenario
// folder `dir` inside the output folder `out`: `dir` does not exist, is
// empty, or is lrbench's; neither `dir` nor any file lrbench writes in it is
// a symlink leading outside `out`. Throws OutputRefused otherwise.
void check_scenario_folder(const std::filesystem::path& out, const std::filesystem::path& dir);

// Creates `dir` (and its parents) when missing and writes its marker file.
// Throws util::IoError.
void mark_as_lrbench_folder(const std::filesystem::path& dir);

// Whether lrbench may write `dir`/README.md as an index: `dir` holds the
// marker, or no README.md (the marker is then written). Otherwise false, with
// the reason in `why`.
[[nodiscard]] bool claim_index_folder(const std::filesystem::path& dir, std::string& why);

// Removes what write_report derives from runs.jsonl (summary.json,
// README.md, the figures), so that a sweep killed while appending never
// leaves an old report beside new runs: compare and the index then see no
// result rather than a stale one. Throws util::IoError.
void remove_derived_files(const std::filesystem::path& dir);

}  // namespace lrbench::report
