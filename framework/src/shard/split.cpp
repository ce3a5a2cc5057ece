#include "shard/split.hpp"

#include <algorithm>
#include <numeric>
#include <set>
#include <stdexcept>

#include <fmt/format.h>

#include "scenario/loader.hpp"
#include "util/hash.hpp"
#include "util/files.hpp"
#include "util/json_input.hpp"

namespace lrbench::shard {

namespace {

using nlohmann::json;

// Plain decimal digits, at most 9 of them (so no overflow), as a number.
std::optional<std::size_t> decimal(std::string_view text) {
  if (text.empty() || text.size() > 9) return std::nullopt;
  std::size_t value = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<std::size_t>(c - '0');
  }
  return value;
}

// "shard-I-of-N" at the start of `text`, returning what follows it.
std::optional<ShardSpec> parse_infix(std::string_view text, std::string_view& rest) {
  static constexpr std::string_view kShard = "shard-";
  static constexpr std::string_view kOf = "-of-";
  if (text.substr(0, kShard.size()) != kShard) return std::nullopt;
  text.remove_prefix(kShard.size());
  const std::size_t of = text.find(kOf);
  if (of == std::string_view::npos) return std::nullopt;
  const auto index = decimal(text.substr(0, of));
  text.remove_prefix(of + kOf.size());
  const std::size_t end = text.find_first_not_of("0123456789");
  const auto count = decimal(text.substr(0, end));
  if (!index || !count || *count == 0 || *index >= *count || *count > kMaxShards) return std::nullopt;
  rest = end == std::string_view::npos ? std::string_view{} : text.substr(end);
  return ShardSpec{*index, *count};
}

[[noreturn]] void bad_field(const std::filesystem::path& file, const std::string& what) {
  throw util::BadFile(file.string() + ": " + what);
}

}  // namespace

std::optional<ShardSpec> parse_shard(std::string_view text, std::string& problem) {
  const std::size_t slash = text.find('/');
  if (slash != std::string_view::npos) {
    const auto index = decimal(text.substr(0, slash));
    const auto count = decimal(text.substr(slash + 1));
    if (index && count && *count >= 1 && *count <= kMaxShards && *index < *count) return ShardSpec{*index, *count};
  }
  problem = fmt::format("expected I/N with 0 <= I < N <= {} (shard I of N, counted from 0, e.g. 0/4), found '{}'",
                        kMaxShards, text);
  return std::nullopt;
}

std::string to_string(const ShardSpec& spec) { return fmt::format("{}/{}", spec.index, spec.count); }

std::string runs_file_name(const ShardSpec& s) { return fmt::format("runs.shard-{}-of-{}.jsonl", s.index, s.count); }
std::string stale_file_name(const ShardSpec& s) {
  return fmt::format("runs.shard-{}-of-{}.stale.jsonl", s.index, s.count);
}
std::string meta_file_name(const ShardSpec& s) { return fmt::format("scenario.shard-{}-of-{}.json", s.index, s.count); }
std::string lock_file_name(const ShardSpec& s) { return fmt::format(".lrbench.shard-{}-of-{}.lock", s.index, s.count); }

std::optional<ShardSpec> parse_meta_file_name(std::string_view name) {
  static constexpr std::string_view kPrefix = "scenario.";
  if (name.substr(0, kPrefix.size()) != kPrefix) return std::nullopt;
  std::string_view rest;
  const auto spec = parse_infix(name.substr(kPrefix.size()), rest);
  if (!spec || rest != ".json") return std::nullopt;
  return spec;
}

bool is_shard_file_name(std::string_view name) {
  std::string lower(name);
  for (char& c : lower) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  for (const std::string_view prefix : {"runs.", "scenario.", ".lrbench."}) {
    if (lower.rfind(prefix, 0) != 0) continue;
    std::string_view rest;
    if (parse_infix(std::string_view(lower).substr(prefix.size()), rest)) return true;
  }
  return false;
}

std::vector<std::size_t> assign(const std::vector<std::string>& ids, const std::vector<double>& costs,
                                std::size_t shards, std::string_view salt) {
  if (ids.size() != costs.size() || shards == 0) throw std::invalid_argument("shard::assign: bad arguments");
  std::vector<std::size_t> order(ids.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (costs[a] != costs[b]) return costs[a] > costs[b];
    return ids[a] < ids[b];
  });
  const std::size_t first = util::fnv1a64(salt) % shards;
  std::vector<double> load(shards, 0.0);
  std::vector<std::size_t> owner(ids.size(), 0);
  for (const std::size_t k : order) {
    // The least loaded shard; among equals the first from `first` on.
    std::size_t best = first;
    for (std::size_t step = 1; step < shards; ++step) {
      const std::size_t s = (first + step) % shards;
      if (load[s] < load[best]) best = s;
    }
    owner[k] = best;
    load[best] += costs[k];
  }
  return owner;
}

std::string plan_hash(const report::ScenarioMeta& meta) {
  json j = report::to_json(meta);
  j.erase("context");
  j.erase("partial");
  return fmt::format("{:016x}", util::fnv1a64(j.dump()));
}

json to_json(const ShardMeta& m) {
  return {{"format", kShardMetaFormat}, {"shard", m.spec.index},          {"shards", m.spec.count},
          {"plan_hash", m.plan_hash},   {"variant_costs", m.variant_costs}, {"scenario", report::to_json(m.scenario)}};
}

ShardMeta read_shard_meta(const std::filesystem::path& file, const util::InputLimits& limits) {
  const json j = util::read_json_file(file, limits);
  if (!j.is_object()) bad_field(file, "expected a JSON object");
  if (j.value("format", json()) != kShardMetaFormat)
    bad_field(file, fmt::format("'format' must be {} (written by another lrbench version?)", kShardMetaFormat));
  ShardMeta m;
  const auto count = j.value("shards", json());
  const auto index = j.value("shard", json());
  if (!count.is_number_unsigned() || !index.is_number_unsigned() || count.get<std::size_t>() == 0 ||
      count.get<std::size_t>() > kMaxShards || index.get<std::size_t>() >= count.get<std::size_t>())
    bad_field(file, "'shard' and 'shards' must be integers with 0 <= shard < shards");
  m.spec = {index.get<std::size_t>(), count.get<std::size_t>()};
  if (!j.contains("plan_hash") || !j["plan_hash"].is_string()) bad_field(file, "'plan_hash' must be a string");
  m.plan_hash = j["plan_hash"].get<std::string>();
  try {
    m.scenario = report::scenario_meta_from_json(j.value("scenario", json()));
  } catch (const std::exception& e) {
    bad_field(file, e.what());
  }
  const json costs = j.value("variant_costs", json());
  if (!costs.is_array() || costs.size() != m.scenario.variants.size())
    bad_field(file, "'variant_costs' must hold one number per variant");
  for (const json& c : costs) {
    if (!c.is_number() || !(c.get<double>() > 0)) bad_field(file, "'variant_costs' must hold positive numbers");
    m.variant_costs.push_back(c.get<double>());
  }
  // The hash is recomputed: a plan edited by hand is another plan.
  if (plan_hash(m.scenario) != m.plan_hash)
    bad_field(file, "'plan_hash' does not match the plan the file holds (the file was edited?)");
  return m;
}

void write_shard_meta(const std::filesystem::path& file, const ShardMeta& meta) {
  util::write_file_atomically(file, to_json(meta).dump(2) + "\n");
}

std::vector<PlannedRun> planned_runs(const report::ScenarioMeta& meta, const std::vector<double>& variant_costs,
                                     std::size_t shards) {
  std::vector<PlannedRun> runs;
  std::vector<std::string> ids;
  std::vector<double> costs;
  for (std::size_t v = 0; v < meta.run_ids.size(); ++v) {
    for (std::size_t k = 0; k < meta.run_ids[v].size(); ++k) {
      runs.push_back({meta.run_ids[v][k], v, k, variant_costs.at(v), 0});
      ids.push_back(runs.back().id);
      costs.push_back(runs.back().cost);
    }
  }
  const std::vector<std::size_t> owner = assign(ids, costs, shards, meta.name);
  for (std::size_t k = 0; k < runs.size(); ++k) runs[k].shard = owner[k];
  return runs;
}

ShardMeta make_shard_meta(const report::ScenarioMeta& meta, std::vector<double> variant_costs,
                          const ShardSpec& spec) {
  return ShardMeta{spec, plan_hash(meta), std::move(variant_costs), meta};
}

std::vector<scenario::Run> runs_of_shard(const std::vector<scenario::Run>& plan, const ShardMeta& meta) {
  std::set<std::string> mine;
  for (const PlannedRun& r : planned_runs(meta.scenario, meta.variant_costs, meta.spec.count))
    if (r.shard == meta.spec.index) mine.insert(r.id);
  std::vector<scenario::Run> out;
  for (const scenario::Run& r : plan)
    if (mine.count(r.id) > 0) out.push_back(r);
  return out;
}

}  // namespace lrbench::shard
