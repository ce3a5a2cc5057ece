#include "shard/merge.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>
#include <optional>
#include <unordered_map>

#include <fmt/format.h>

#include "report/output_folder.hpp"
#include "report/report.hpp"
#include "run/jsonl.hpp"
#include "shard/split.hpp"
#include "util/files.hpp"
#include "util/output_names.hpp"

namespace lrbench::shard {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kMissingIdsShown = 10;  // per shard; the rest are counted

// Where the last record of a run is.
struct Location {
  std::size_t file = 0;  // index into the shard files
  long long offset = -1;
  std::size_t length = 0;
};

struct ShardFiles {
  ShardMeta meta;
  fs::path meta_path;
  fs::path runs_path;  // may not exist (a shard that wrote its meta, then no run)
};

// The runs files with the form of a shard's (not their stale files).
std::vector<fs::path> shard_runs_files(const fs::path& dir) {
  std::vector<fs::path> out;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (!is_shard_file_name(name) || name.rfind("runs.", 0) != 0) continue;
    if (name.size() >= 12 && name.compare(name.size() - 12, 12, ".stale.jsonl") == 0) continue;
    out.push_back(entry.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<ShardFiles> read_shards(const fs::path& dir, const util::InputLimits& limits) {
  std::vector<ShardFiles> shards;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const auto spec = parse_meta_file_name(entry.path().filename().string());
    if (!spec) continue;
    ShardFiles f;
    f.meta_path = entry.path();
    f.meta = read_shard_meta(entry.path(), limits);
    if (f.meta.spec.index != spec->index || f.meta.spec.count != spec->count)
      throw util::BadFile(entry.path().string() + ": says it is shard " + to_string(f.meta.spec) +
                          ", its name says " + to_string(*spec));
    f.runs_path = dir / runs_file_name(*spec);
    shards.push_back(std::move(f));
  }
  if (shards.empty())
    throw MergeRefused(dir.string() + ": no shard files (scenario.shard-I-of-N.json) to merge; they are written by "
                       "lrbench run --shard I/N --out DIR");
  std::sort(shards.begin(), shards.end(),
            [](const ShardFiles& a, const ShardFiles& b) { return a.meta.spec.index < b.meta.spec.index; });

  // One split.
  std::map<std::size_t, std::vector<std::string>> by_count;
  for (const ShardFiles& f : shards) by_count[f.meta.spec.count].push_back(f.meta_path.filename().string());
  if (by_count.size() > 1) {
    std::vector<std::string> parts;
    for (const auto& [count, names] : by_count) parts.push_back(fmt::format("of {}: {}", count, fmt::join(names, ", ")));
    throw MergeRefused(fmt::format("{}: shard files of {} different splits ({}); remove the files of the split you "
                                   "do not want",
                                   dir.string(), by_count.size(), fmt::join(parts, "; ")));
  }
  // Every runs file has its meta.
  for (const fs::path& runs : shard_runs_files(dir)) {
    const bool known = std::any_of(shards.begin(), shards.end(), [&](const ShardFiles& f) { return f.runs_path == runs; });
    if (!known)
      throw MergeRefused(fmt::format("{}: no scenario.shard-I-of-N.json of the same split beside it; copy it back "
                                     "with the runs file (it holds the shard's plan)",
                                     runs.string()));
  }
  // One plan.
  std::map<std::string, std::vector<std::string>> by_plan;
  for (const ShardFiles& f : shards) by_plan[f.meta.plan_hash].push_back(to_string(f.meta.spec));
  if (by_plan.size() > 1) {
    std::vector<std::string> parts;
    for (const auto& [hash, names] : by_plan)
      parts.push_back(fmt::format("plan {} in shard{} {}", hash, names.size() == 1 ? "" : "s", fmt::join(names, ", ")));
    throw MergeRefused(fmt::format("{}: the shards ran different plans ({}): the scenario file, --seeds or --filter "
                                   "differed between them; run them again with the same ones",
                                   dir.string(), fmt::join(parts, "; ")));
  }
  return shards;
}

// "shard 1/4: 2 of 5 runs missing: 0123456789abcdef (lr=0.1, seed 3), ..."
std::vector<std::string> missing_by_shard(const std::vector<PlannedRun>& plan, const std::vector<Location>& where,
                                          const report::ScenarioMeta& meta, const std::vector<ShardFiles>& shards,
                                          std::size_t count) {
  std::map<std::size_t, std::vector<const PlannedRun*>> missing;
  std::map<std::size_t, std::size_t> owned;
  for (std::size_t k = 0; k < plan.size(); ++k) {
    ++owned[plan[k].shard];
    if (where[k].offset < 0) missing[plan[k].shard].push_back(&plan[k]);
  }
  std::vector<std::string> lines;
  for (const auto& [shard, runs] : missing) {
    const bool started = std::any_of(shards.begin(), shards.end(),
                                     [&](const ShardFiles& f) { return f.meta.spec.index == shard; });
    std::vector<std::string> ids;
    for (std::size_t k = 0; k < runs.size() && k < kMissingIdsShown; ++k)
      ids.push_back(fmt::format("{} ({}, seed {})", runs[k]->id, meta.variants.at(runs[k]->variant),
                                meta.seeds.at(runs[k]->seed_index)));
    if (runs.size() > kMissingIdsShown) ids.push_back(fmt::format("and {} more", runs.size() - kMissingIdsShown));
    lines.push_back(fmt::format("shard {}/{}{}: {} of its {} runs missing: {}", shard, count,
                                started ? "" : fmt::format(" (never started: no {})", meta_file_name({shard, count})),
                                runs.size(), owned[shard], fmt::join(ids, ", ")));
  }
  return lines;
}

}  // namespace

bool has_shard_files(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return false;
  for (const auto& entry : fs::directory_iterator(dir, ec))
    if (parse_meta_file_name(entry.path().filename().string())) return true;
  return false;
}

void write_runs_in_plan_order(const fs::path& runs_path, const std::vector<std::string>& plan_ids,
                              const util::InputLimits& limits) {
  std::unordered_map<std::string, std::size_t> index_of;
  for (std::size_t k = 0; k < plan_ids.size(); ++k) index_of.emplace(plan_ids[k], k);
  std::vector<Location> where(plan_ids.size());
  std::vector<std::string> warnings;  // a torn last line: dropped, as the report would
  run::scan_runs(runs_path, warnings, limits, [&](std::string_view line, long long offset, const run::RunRecord& r) {
    const auto it = index_of.find(r.id);
    if (it != index_of.end()) where[it->second] = {0, offset, line.size()};
  });
  const run::RunsReader reader(runs_path);
  util::write_file_atomically(runs_path, [&](const util::Emit& emit) {
    for (const Location& at : where) {
      if (at.offset < 0) continue;
      std::string line = reader.line(at.offset, at.length);
      line.push_back('\n');
      emit(line);
    }
  });
}

MergeOutcome merge_folder(const fs::path& dir, const MergeOptions& options) {
  const std::vector<ShardFiles> shards = read_shards(dir, options.limits);
  const ShardMeta& first = shards.front().meta;
  const std::size_t count = first.spec.count;
  const std::vector<PlannedRun> plan = planned_runs(first.scenario, first.variant_costs, count);

  MergeOutcome outcome;
  outcome.scenario = first.scenario.name;
  outcome.shards = count;
  outcome.planned = plan.size();

  // Pass 1: the last record of every run id, by file and offset.
  std::unordered_map<std::string, std::size_t> index_of;
  for (std::size_t k = 0; k < plan.size(); ++k) index_of.emplace(plan[k].id, k);
  std::vector<Location> where(plan.size());
  std::vector<bool> failed(plan.size(), false);
  for (std::size_t f = 0; f < shards.size(); ++f) {
    if (!fs::exists(shards[f].runs_path)) continue;
    std::vector<std::string> warnings;
    run::scan_runs(shards[f].runs_path, warnings, options.limits,
                   [&](std::string_view line, long long offset, const run::RunRecord& record) {
                     const auto it = index_of.find(record.id);
                     if (it == index_of.end()) {
                       ++outcome.stale;
                       return;
                     }
                     Location& at = where[it->second];
                     if (at.offset >= 0) ++outcome.duplicates;
                     at = {f, offset, line.size()};
                     failed[it->second] = record.status == run::RunStatus::failed;
                   });
    for (const std::string& w : warnings) outcome.notes.push_back(shards[f].runs_path.filename().string() + ": " + w);
  }
  for (std::size_t k = 0; k < plan.size(); ++k) {
    if (where[k].offset < 0) continue;
    ++outcome.recorded;
    outcome.failed += failed[k] ? 1 : 0;
  }
  if (outcome.stale > 0)
    outcome.notes.push_back(fmt::format("{} record{} of the shard files belong to no run of the plan; left out",
                                        outcome.stale, outcome.stale == 1 ? "" : "s"));
  outcome.missing = missing_by_shard(plan, where, first.scenario, shards, count);
  if (outcome.recorded < outcome.planned && !options.allow_partial) return outcome;

  // Pass 2: runs.jsonl in plan order, each line copied byte for byte.
  std::vector<std::optional<run::RunsReader>> readers(shards.size());
  for (std::size_t f = 0; f < shards.size(); ++f)
    if (fs::exists(shards[f].runs_path)) readers[f].emplace(shards[f].runs_path);
  // The old report describes other runs: gone before runs.jsonl changes.
  report::remove_derived_files(dir);
  util::write_file_atomically(dir / util::kRunsFile, [&](const util::Emit& emit) {
    for (const Location& at : where) {
      if (at.offset < 0) continue;
      std::string line = readers[at.file]->line(at.offset, at.length);
      line.push_back('\n');
      emit(line);
    }
  });
  report::ScenarioMeta meta = first.scenario;
  meta.partial = outcome.recorded < outcome.planned;
  report::write_scenario_meta(dir / util::kScenarioFile, meta);
  for (std::string& note : report::write_report(dir, options.limits)) outcome.notes.push_back(std::move(note));
  outcome.written = true;
  return outcome;
}

}  // namespace lrbench::shard
