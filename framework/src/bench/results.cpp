#include "bench/results.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "stats/descriptive.hpp"

namespace lrbench::bench {

namespace {

const std::set<std::string>& standard_keys() {
  static const std::set<std::string> keys = {
      "name", "family_index", "per_family_instance_index", "run_name", "run_type", "repetitions",
      "repetition_index", "threads", "iterations", "real_time", "cpu_time", "time_unit", "error_occurred",
      "error_message", "aggregate_name", "aggregate_unit", "label", "big_o", "rms"};
  return keys;
}

double seconds_per(const std::string& unit) {
  if (unit == "s") return 1.0;
  if (unit == "ms") return 1e-3;
  if (unit == "us") return 1e-6;
  return 1e-9;
}

}  // namespace

double Entry::median_seconds() const { return stats::median(real_time) * seconds_per(unit); }

double Entry::median_counter(const std::string& key) const {
  const auto it = counters.find(key);
  return it == counters.end() ? std::nan("") : stats::median(it->second);
}

const Entry* Results::find(const std::string& name) const {
  for (const Entry& e : entries) {
    if (e.name == name) return &e;
  }
  return nullptr;
}

Results read_results(const nlohmann::json& doc) {
  Results results;
  std::vector<Entry>& entries = results.entries;
  std::map<std::string, std::size_t> index;
  auto entry_for = [&](const std::string& key, long long family_index) -> Entry& {
    auto it = index.find(key);
    if (it == index.end()) {
      it = index.emplace(key, entries.size()).first;
      entries.push_back(Entry{key});
      entries.back().order = family_index;
    }
    return entries[it->second];
  };
  for (const auto& row : doc.at("benchmarks")) {
    const std::string name = row.value("name", std::string("?"));
    const std::string key = row.value("run_name", name);
    if (row.value("error_occurred", false)) {
      results.errors.push_back(fmt::format("`{}`: {}", name, row.value("error_message", std::string("error"))));
      continue;
    }
    const bool aggregate = row.value("run_type", std::string("iteration")) == "aggregate";
    const std::string aggregate_name = row.value("aggregate_name", std::string());
    if (aggregate && aggregate_name != "median" && aggregate_name != "cv") continue;
    Entry& e = entry_for(key, row.value("family_index", static_cast<long long>(entries.size())));
    if (aggregate && aggregate_name == "cv") {
      e.cv = row.value("real_time", std::nan(""));
      continue;
    }
    if (aggregate && !e.real_time.empty()) continue;  // the repetitions are here: use them
    e.unit = row.value("time_unit", std::string("ns"));
    e.real_time.push_back(row.value("real_time", std::nan("")));
    for (const auto& [k, v] : row.items()) {
      if (v.is_number() && standard_keys().count(k) == 0) e.counters[k].push_back(v.get<double>());
    }
  }
  // Registration order, whatever order --benchmark_enable_random_interleaving ran them in.
  std::stable_sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.order < b.order; });
  return results;
}

}  // namespace lrbench::bench
