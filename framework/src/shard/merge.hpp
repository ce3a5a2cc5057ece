// `lrbench merge`: the shard files of a scenario folder into the runs.jsonl,
// scenario.json, summary.json and report one `lrbench run` would have
// written.
//
// What it checks, in order, before writing anything:
// - every runs.shard-I-of-N.jsonl has its scenario.shard-I-of-N.json beside
//   it, and all of them are shards of one split (one N);
// - they are shards of one plan (shard/split.hpp: plan_hash): shards run from
//   different scenario files, --seeds or --filter are refused, naming which
//   shard holds which plan;
// - completeness: every run of the plan has a record. Missing runs are listed
//   under the shard that owns each (recomputed from the plan and its costs,
//   so a shard that never started is named too).
// Of several records of one run id (a shard run again), the last one wins,
// the shard files read in shard order. runs.jsonl is written in plan order
// (variant-major, seeds in the scenario's order): the order of a local
// `lrbench run --jobs 1`, line for line the same bytes (wall times aside).
//
// Memory: the shard files are read in blocks twice (once to index the last
// record of each run id by file and offset, once to copy those lines), so
// merging holds one block, one line and the index (a few dozen bytes a run),
// never the records themselves.
#pragma once

#include <cstddef>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "util/json_input.hpp"

namespace lrbench::shard {

// Shard files that cannot be merged as they are (two splits, two plans, a
// runs file without its meta): exit status 2, nothing written.
class MergeRefused : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct MergeOptions {
  bool allow_partial = false;  // write the report of the recorded runs even when runs are missing
  util::InputLimits limits;
};

struct MergeOutcome {
  std::string scenario;
  std::size_t shards = 0;          // N
  std::size_t planned = 0;         // runs in the plan
  std::size_t recorded = 0;        // of them, with a record
  std::size_t failed = 0;          // records of failed runs
  std::size_t duplicates = 0;      // earlier records of a run id, superseded
  std::size_t stale = 0;           // records of runs outside the plan, left out
  std::vector<std::string> missing;  // one line per shard with missing runs: "shard 1/4: ..."
  std::vector<std::string> notes;    // torn last lines, report notes
  bool written = false;            // runs.jsonl and the report were written
};

// Whether `dir` holds a shard meta file (scenario.shard-I-of-N.json).
[[nodiscard]] bool has_shard_files(const std::filesystem::path& dir);

// Rewrites `runs_path` (a runs.jsonl written in the order runs finished:
// lrbench run --mpi) in plan order: the last record of each id of
// `plan_ids`, in that order, each line's bytes unchanged; records of other
// ids are dropped. Streams as merge does (one block, one line and the index);
// the file is replaced atomically. Throws util::BadFile or util::IoError.
void write_runs_in_plan_order(const std::filesystem::path& runs_path, const std::vector<std::string>& plan_ids,
                              const util::InputLimits& limits);

// Merges the shard files of the scenario folder `dir`. Writes nothing when
// runs are missing, unless `allow_partial` (the report is then marked
// partial). Throws MergeRefused, util::BadFile (an unreadable or malformed
// file) or util::IoError (an output could not be written).
[[nodiscard]] MergeOutcome merge_folder(const std::filesystem::path& dir, const MergeOptions& options);

}  // namespace lrbench::shard
