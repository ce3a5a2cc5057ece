// `lrbench merge DIR...`: the shard files of `lrbench run --shard I/N` into
// the runs.jsonl, summary.json and report one `lrbench run` would have written
// (shard/merge.hpp).
#include <algorithm>
#include <iostream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "cli/claimed_folders.hpp"
#include "cli/commands.hpp"
#include "report/report.hpp"
#include "shard/merge.hpp"

namespace lrbench::cli {

namespace {

namespace fs = std::filesystem;

struct MergeArgs {
  std::vector<fs::path> dirs;
  bool allow_partial = false;
  bool wait = false;
};

int merge(const MergeArgs& args, const GlobalOptions& global) {
  bool incomplete = false;
  bool failed_runs = false;
  for (const fs::path& dir : args.dirs) {
    // DIR is a scenario folder holding shard files, or the --out folder of
    // the shards (then its index is written too, as lrbench run would).
    const bool single = shard::has_shard_files(dir);
    std::vector<fs::path> folders;
    if (single) {
      folders.push_back(dir);
    } else {
      for (const auto& entry : fs::directory_iterator(dir))
        if (shard::has_shard_files(entry.path())) folders.push_back(entry.path());
      std::sort(folders.begin(), folders.end());
    }
    if (folders.empty()) {
      print_error(fmt::format("{}: no shard files (scenario.shard-I-of-N.json) here or in its sub-folders; expected "
                              "the --out folder of lrbench run --shard I/N",
                              dir.string()));
      return kBadInput;
    }
    const fs::path out = single ? dir.parent_path() : dir;
    // Exclusive, as lrbench run: no run or other merge writes these folders meanwhile.
    const ClaimedFolders claimed(out.empty() ? fs::path(".") : out, folders, args.wait, global.quiet);
    bool written = false;
    for (const fs::path& folder : folders) {
      shard::MergeOptions options;
      options.allow_partial = args.allow_partial;
      options.limits = global.limits;
      const shard::MergeOutcome m = shard::merge_folder(folder, options);
      for (const std::string& note : m.notes) print_warning(fmt::format("{}: {}", folder.string(), note));
      const std::size_t missing = m.planned - m.recorded;
      if (missing > 0) {
        incomplete = true;
        print_error(fmt::format("{}: {} of {} runs have no record in the {} shard{}:", folder.string(), missing,
                                m.planned, m.shards, m.shards == 1 ? "" : "s"));
        for (const std::string& line : m.missing) std::cerr << "  " << line << '\n';
        if (!m.written) {
          std::cerr << fmt::format(
              "  nothing was written; run those shards again (lrbench run SCENARIO --shard I/{} --resume --out "
              "{}), or pass --allow-partial to report the recorded runs\n",
              m.shards, out.empty() ? "." : out.string());
        }
      }
      failed_runs = failed_runs || m.failed > 0;
      written = written || m.written;
      if (m.written && !global.quiet) {
        std::cout << fmt::format("{}: merged {} shard{}: {} of {} runs{}{} -> {}\n", m.scenario, m.shards,
                                 m.shards == 1 ? "" : "s", m.recorded, m.planned,
                                 m.failed > 0 ? fmt::format(" ({} failed)", m.failed) : "",
                                 m.duplicates > 0 ? fmt::format(", {} superseded records", m.duplicates) : "",
                                 (folder / "README.md").string());
      }
    }
    if (!single && written)
      for (const std::string& note : report::write_index(dir, global.limits)) print_warning(note);
  }
  return incomplete || failed_runs ? kFailure : kSuccess;
}

}  // namespace

Command add_merge_command(CLI::App& app, const GlobalOptions& global) {
  auto args = std::make_shared<MergeArgs>();
  app.add_option("dirs", args->dirs,
                 "The --out folder of the shards (or one scenario folder in it), with the shard files "
                 "runs.shard-I-of-N.jsonl and scenario.shard-I-of-N.json")
      ->required()
      ->check(CLI::ExistingDirectory);
  app.add_flag("--allow-partial", args->allow_partial,
               "Write the report of the recorded runs even when some runs have no record (marked partial)");
  app.add_flag("--wait", args->wait, "When another lrbench is writing a scenario folder, wait for it to finish");
  return [args, &global] { return merge(*args, global); };
}

}  // namespace lrbench::cli
