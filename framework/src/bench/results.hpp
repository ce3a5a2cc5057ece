// Google Benchmark JSON, read once for every renderer: one entry per
// benchmark (run_name), its repetitions' real times and counters.
#pragma once

#include <cmath>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace lrbench::bench {

struct Entry {
  std::string name;
  std::string unit = "ns";
  std::vector<double> real_time;                        // in `unit`
  std::map<std::string, std::vector<double>> counters;  // per repetition
  double cv = std::nan("");                             // aggregates-only files
  long long order = 0;                                  // registration order (family_index)

  // Median real time in seconds (NaN without repetitions).
  [[nodiscard]] double median_seconds() const;
  // Median of a counter (NaN when absent).
  [[nodiscard]] double median_counter(const std::string& key) const;
};

struct Results {
  std::vector<Entry> entries;       // in registration order
  std::vector<std::string> errors;  // "`name`: message" of failed benchmarks
  [[nodiscard]] const Entry* find(const std::string& name) const;
};

// Per-repetition rows grouped by run_name; with only aggregates, the median
// aggregate stands in (and its cv is kept). The caller checks the format.
[[nodiscard]] Results read_results(const nlohmann::json& doc);

}  // namespace lrbench::bench
