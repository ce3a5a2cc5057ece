// Which shard runs which run: `lrbench run --shard i/N` and `lrbench merge`.
//
// The split is a pure function of the plan's run ids and their estimated
// costs (shard/cost.hpp), so every shard computes the same assignment on its
// own, on any machine, and `merge` recomputes it to name the shard that owns
// a missing run. It is the longest-processing-time rule: runs sorted by cost,
// largest first (ties by run id), each dealt to the shard with the least cost
// so far (ties to the lowest shard number, counted from a starting shard
// derived from the scenario's name so that several small scenarios do not all
// load shard 0). With equal costs this deals the runs round robin in id
// order; with unequal ones no shard ends more than the largest run's cost above
// the mean (Graham's bound for list scheduling).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "report/summary.hpp"
#include "scenario/scenario.hpp"

namespace lrbench::shard {

// The largest N `--shard i/N` accepts: far beyond any job array.
inline constexpr std::size_t kMaxShards = 100000;

struct ShardSpec {
  std::size_t index = 0;  // 0-based: SLURM_ARRAY_TASK_ID
  std::size_t count = 1;
};

// Parses "I/N" (decimal, 0 <= I < N <= kMaxShards). Returns nullopt and sets
// `problem` ("expected I/N with 0 <= I < N <= 100000, e.g. 0/4; found '4/4'").
[[nodiscard]] std::optional<ShardSpec> parse_shard(std::string_view text, std::string& problem);
[[nodiscard]] std::string to_string(const ShardSpec& spec);  // "2/4"

// The files of shard i of N in a scenario folder.
[[nodiscard]] std::string runs_file_name(const ShardSpec& spec);   // runs.shard-2-of-4.jsonl
[[nodiscard]] std::string stale_file_name(const ShardSpec& spec);  // runs.shard-2-of-4.stale.jsonl
[[nodiscard]] std::string meta_file_name(const ShardSpec& spec);   // scenario.shard-2-of-4.json
[[nodiscard]] std::string lock_file_name(const ShardSpec& spec);   // .lrbench.shard-2-of-4.lock
// Recognises a meta file name; nullopt for any other name.
[[nodiscard]] std::optional<ShardSpec> parse_meta_file_name(std::string_view name);
// Whether `name` has the form of a shard file (any i, N): such names are
// reserved, like util::kWrittenNames.
[[nodiscard]] bool is_shard_file_name(std::string_view name);

// owner[k] is the shard of runs[k]: `ids` and `costs` are parallel. `salt`
// (the scenario's name) picks the starting shard for ties.
[[nodiscard]] std::vector<std::size_t> assign(const std::vector<std::string>& ids, const std::vector<double>& costs,
                                              std::size_t shards, std::string_view salt);

// The plan's hash: the scenario's name, description, setup, target, variants
// (label, config, run ids) and seeds, everything the report is made of except
// the context (machine, date). Shards of one sweep agree on it; merge refuses
// shard files that do not.
[[nodiscard]] std::string plan_hash(const report::ScenarioMeta& meta);

// A shard's description of itself, written before its first run as
// scenario.shard-I-of-N.json: the shard, the plan (as scenario.json holds
// it), the plan's hash and each variant's estimated cost per run.
struct ShardMeta {
  ShardSpec spec;
  std::string plan_hash;
  std::vector<double> variant_costs;  // one per variant, in order
  report::ScenarioMeta scenario;
};

inline constexpr int kShardMetaFormat = 1;

[[nodiscard]] nlohmann::json to_json(const ShardMeta& meta);
// Throws util::BadFile naming the file and the field.
[[nodiscard]] ShardMeta read_shard_meta(const std::filesystem::path& file, const util::InputLimits& limits = {});
void write_shard_meta(const std::filesystem::path& file, const ShardMeta& meta);  // atomically

// The plan's run ids in order (variant-major, seeds in order) with each run's
// cost and owner under `spec.count` shards.
struct PlannedRun {
  std::string id;
  std::size_t variant = 0;
  std::size_t seed_index = 0;
  double cost = 0;
  std::size_t shard = 0;
};
[[nodiscard]] std::vector<PlannedRun> planned_runs(const report::ScenarioMeta& meta,
                                                   const std::vector<double>& variant_costs, std::size_t shards);

// The meta of shard `spec` of the plan `meta` (its hash computed).
[[nodiscard]] ShardMeta make_shard_meta(const report::ScenarioMeta& meta, std::vector<double> variant_costs,
                                        const ShardSpec& spec);

// The runs of `plan` (scenario::plan's, in its order) that shard `meta.spec`
// owns.
[[nodiscard]] std::vector<scenario::Run> runs_of_shard(const std::vector<scenario::Run>& plan,
                                                       const ShardMeta& meta);

}  // namespace lrbench::shard
