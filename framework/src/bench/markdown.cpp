// The throughput report: Markdown rendered from Google Benchmark's JSON
// output alone, so it can be re-rendered from a saved results.json.
//
// Per benchmark (rows grouped by run_name): the median over repetitions of
// real_time and of every counter, and with more than one repetition the
// spread as the distance of the fastest and slowest repetition from the
// median, in percent. When the file holds only aggregates
// (--benchmark_report_aggregates_only), the "median" aggregate is used and
// the spread is its coefficient of variation.
#include <algorithm>
#include <cmath>
#include <functional>
#include <set>
#include <stdexcept>

#include <fmt/format.h>

#include "bench/bench.hpp"
#include "bench/results.hpp"
#include "stats/descriptive.hpp"

namespace lrbench::bench {

namespace {

// 1234567 → "1.23 M" (decimal prefixes, three significant digits).
std::string si(double x) {
  if (std::isnan(x)) return "–";
  static const char* prefixes[] = {"", " k", " M", " G", " T", " P"};
  int p = 0;
  double v = x;
  while (std::fabs(v) >= 1000.0 && p < 5) {
    v /= 1000.0;
    ++p;
  }
  return fmt::format("{:.3g}{}", v, prefixes[p]);
}

std::string family_of(const std::string& name) { return name.substr(0, name.find('/')); }

std::string counter_title(const std::string& key) {
  if (key == "params_per_second") return "params/s";
  if (key == "bytes_per_second") return "bytes/s";
  if (key == "items_per_second") return "calls/s";
  if (key == "samples_per_second") return "samples/s";
  if (key == "flops_per_second") return "FLOP/s";
  if (key == "epochs_per_second") return "epochs/s";
  return key;
}

std::string str(const nlohmann::json& ctx, const char* key, const char* fallback = "unknown") {
  if (!ctx.contains(key)) return fallback;
  const auto& v = ctx.at(key);
  return v.is_string() ? v.get<std::string>() : v.dump();
}

// What every section of the throughput report reads.
struct ThroughputInput {
  const nlohmann::json& ctx;  // Google Benchmark's context block
  const std::string& json_name;
  const Results& results;
  const nlohmann::json* side_by_side;  // side-by-side.json, or null
  // Memory bandwidth (the STREAM triad's bytes/s), for the optimizers'
  // fraction of it; NaN without the triad.
  double triad = std::nan("");
  // The model kernels' arithmetic peak (peak/mul-add's FLOP/s), for the
  // models' share of it; NaN without it.
  double peak = std::nan("");
};

// The median of `counter` in the last entry whose name `matches` and that has
// it, or NaN.
double reference_rate(const Results& results, const std::function<bool(const std::string&)>& matches,
                      const std::string& counter) {
  double rate = std::nan("");
  for (const Entry& e : results.entries) {
    if (matches(e.name) && e.counters.count(counter)) rate = stats::median(e.counters.at(counter));
  }
  return rate;
}

std::string title_section(const ThroughputInput& in) {
  return fmt::format("# Throughput\n\n"
                     "Rendered from `{}` (Google Benchmark JSON; re-render with `lrbench bench --markdown-from {}`). "
                     "Times are real (wall-clock) time, rates (…/s) per CPU second of the benchmark thread, as Google "
                     "Benchmark computes them. Medians over repetitions; spread = fastest and slowest repetition "
                     "relative to the median. "
                     "Families and formulas: docs/benchmarks.md.\n\n",
                     in.json_name, in.json_name);
}

// Warnings first: numbers from a debug build or a CPU whose clock scales are
// not worth comparing.
std::string warnings_section(const ThroughputInput& in) {
  std::string md;
  const std::string build_type = str(in.ctx, "lrbench_build_type");
  if (build_type != "Release") {
    md += fmt::format("> **Warning:** lrbench was built as `{}`, not Release: these numbers do not represent "
                      "the optimised code.\n\n",
                      build_type);
  }
  if (in.ctx.value("cpu_scaling_enabled", false)) {
    md += "> **Warning:** CPU frequency scaling was enabled while measuring: timings are noisy; set the governor "
          "to `performance` for numbers worth comparing.\n\n";
  }
  if (str(in.ctx, "library_build_type", "release") == "debug") {
    // Debian's libbenchmark reports itself as a debug build. The timed loop
    // (`for (auto _ : state)`) is inline in lrbench's own optimised code, so
    // this mostly affects the library's bookkeeping between batches.
    md += "> Note: the Google Benchmark library reports a debug build; the timed loops are lrbench's own "
          "optimised code, so this costs little.\n\n";
  }
  return md;
}

std::string context_section(const ThroughputInput& in) {
  std::string md = "## Context\n\n| | |\n|---|---|\n";
  const std::pair<const char*, const char*> rows[] = {
      {"lrbench", "lrbench_version"}, {"commit", "lrbench_git_commit"}, {"compiler", "lrbench_compiler"},
      {"build type", "lrbench_build_type"}, {"flags", "lrbench_compiler_flags"}, {"CPU", "lrbench_cpu_model"},
      {"CPUs", "num_cpus"}, {"MHz per CPU", "mhz_per_cpu"}, {"CPU scaling", "cpu_scaling_enabled"},
      {"load average", "load_avg"}, {"date", "date"}, {"host", "host_name"}, {"plugins", "lrbench_plugins"}};
  for (const auto& [title, key] : rows) md += fmt::format("| {} | {} |\n", title, str(in.ctx, key));
  return md + "\n";
}

// One family's table: median time, spread, every counter's median, and the
// share of triad bandwidth (optimizers) or of peak (models).
std::string family_table(const ThroughputInput& in, const std::string& family) {
  const std::vector<Entry>& entries = in.results.entries;
  std::vector<std::string> counters;
  for (const Entry& e : entries) {
    if (family_of(e.name) != family) continue;
    for (const auto& [k, _] : e.counters) {
      if (std::find(counters.begin(), counters.end(), k) == counters.end()) counters.push_back(k);
    }
  }
  const bool with_bandwidth = (family == "optimizer" || family == "boundary") && !std::isnan(in.triad) &&
                              std::find(counters.begin(), counters.end(), "bytes_per_second") != counters.end();
  const bool with_peak = (family == "model" || family == "fmnist") && !std::isnan(in.peak) &&
                         std::find(counters.begin(), counters.end(), "flops_per_second") != counters.end();
  std::string md = fmt::format("## {}\n\n| benchmark | reps | median time | spread |", family);
  for (const auto& k : counters) md += " " + counter_title(k) + " |";
  if (with_bandwidth) md += " of triad bandwidth |";
  if (with_peak) md += " of peak |";
  md += "\n|---|---:|---:|---:|";
  for (std::size_t i = 0; i < counters.size() + (with_bandwidth ? 1 : 0) + (with_peak ? 1 : 0); ++i) md += "---:|";
  md += "\n";
  for (const Entry& e : entries) {
    if (family_of(e.name) != family) continue;
    const double t = stats::median(e.real_time);
    std::string spread = "–";
    if (e.real_time.size() > 1) {
      const auto [lo, hi] = std::minmax_element(e.real_time.begin(), e.real_time.end());
      spread = fmt::format("−{:.1f}% / +{:.1f}%", (t - *lo) / t * 100.0, (*hi - t) / t * 100.0);
    } else if (!std::isnan(e.cv)) {
      spread = fmt::format("cv {:.1f}%", e.cv * 100.0);
    }
    md += fmt::format("| `{}` | {} | {:.4g} {} | {} |", e.name, e.real_time.size(), t, e.unit, spread);
    for (const auto& k : counters) {
      md += " " + (e.counters.count(k) ? si(stats::median(e.counters.at(k))) : std::string("–")) + " |";
    }
    // Only sizes far beyond the caches (n ≥ 10⁶) are bound by memory bandwidth.
    const std::string size = e.name.substr(e.name.rfind('/') + 1);
    const bool memory_bound = size.find_first_not_of("0123456789") == std::string::npos && size.size() >= 7;
    if (with_bandwidth) {
      md += e.counters.count("bytes_per_second") && memory_bound
                ? fmt::format(" {:.0f}% |", stats::median(e.counters.at("bytes_per_second")) / in.triad * 100.0)
                : std::string(" – |");
    }
    if (with_peak) {
      md += e.counters.count("flops_per_second")
                ? fmt::format(" {:.0f}% |", stats::median(e.counters.at("flops_per_second")) / in.peak * 100.0)
                : std::string(" – |");
    }
    md += "\n";
  }
  md += "\n";
  if (with_peak && family == "model") {
    md += "Share of peak: the model's FLOP/s (2·in·out per layer per sample; to train, 3× that less the first layer's input gradient, which is never computed) ÷ `peak/mul-add`'s, "
          "the kernels' multiply and add pipes on this CPU without fused multiply-add.\n\n";
  }
  if (with_bandwidth && family == "optimizer") {
    md += "Bandwidth fraction: `bytes_per_second` ÷ the STREAM triad's. Triad is counted as STREAM does, "
          "12 bytes per element without the write-allocate read of its destination (real traffic 16 bytes); "
          "an in-place update has no write-allocate, so it can exceed 100%. Shown for n ≥ 10⁶ only (smaller "
          "buffers stay in cache).\n\n";
  }
  return md;
}

// One table per family (the name's first part), in first-seen order.
std::string families_section(const ThroughputInput& in) {
  std::vector<std::string> families;
  for (const Entry& e : in.results.entries) {
    if (std::find(families.begin(), families.end(), family_of(e.name)) == families.end()) {
      families.push_back(family_of(e.name));
    }
  }
  std::string md;
  for (const std::string& family : families) md += family_table(in, family);
  return md;
}

// Plugin boundary: time through the plugin ÷ time of the same update
// compiled into the host (1.00 = the boundary costs nothing).
std::string boundary_section(const ThroughputInput& in) {
  std::string rows;
  for (const Entry& p : in.results.entries) {
    const auto at = p.name.find("/plugin/");
    if (p.name.rfind("boundary/", 0) != 0 || at == std::string::npos) continue;
    const Entry* de = in.results.find(p.name.substr(0, at) + "/direct/" + p.name.substr(at + 8));
    if (de == nullptr) continue;
    const double ratio = stats::median(p.real_time) / stats::median(de->real_time);  // same unit: same registration
    rows += fmt::format("| `{}` | {:.4g} {} | {:.4g} {} | {:.2f} |\n", p.name.substr(0, at) + "/" + p.name.substr(at + 8),
                        stats::median(p.real_time), p.unit, stats::median(de->real_time), de->unit, ratio);
  }
  if (rows.empty()) return "";
  return "## Plugin boundary\n\nMedian time through the loaded plugin ÷ the same update compiled into the host.\n\n"
         "| update / n | plugin | direct | ratio |\n|---|---:|---:|---:|\n" +
         rows + "\n";
}

// The seed-study run taken apart (summaries.cpp).
std::string breakdown_section(const ThroughputInput& in) { return render_breakdown(in.results); }

// lrbench and PyTorch side by side (summaries.cpp), when side-by-side.json is there.
std::string side_by_side_section(const ThroughputInput& in) {
  return in.side_by_side != nullptr ? render_side_by_side(*in.side_by_side) : "";
}

std::string errors_section(const ThroughputInput& in) {
  if (in.results.errors.empty()) return "";
  std::string md = "## Errors\n\n";
  for (const auto& e : in.results.errors) md += "- " + e + "\n";
  return md + "\n";
}

// The report's sections, in order: a new section is a function above and a
// line here.
using ThroughputSection = std::string (*)(const ThroughputInput&);
constexpr ThroughputSection kThroughputSections[] = {
    title_section,    warnings_section,  context_section,      families_section,
    boundary_section, breakdown_section, side_by_side_section, errors_section,
};

}  // namespace

std::string render_markdown(const nlohmann::json& doc, const std::string& json_name,
                            const nlohmann::json* side_by_side) {
  if (!doc.is_object() || !doc.contains("benchmarks") || !doc.at("benchmarks").is_array()) {
    throw std::runtime_error(json_name + ": not Google Benchmark JSON output (no \"benchmarks\" array)");
  }
  const nlohmann::json ctx = doc.value("context", nlohmann::json::object());
  // Rows grouped by run_name, in first-seen order.
  const Results results = read_results(doc);
  ThroughputInput in{ctx, json_name, results, side_by_side};
  in.triad = reference_rate(
      results, [](const std::string& name) { return name.rfind("stream/triad/", 0) == 0; }, "bytes_per_second");
  in.peak = reference_rate(
      results, [](const std::string& name) { return name == "peak/mul-add"; }, "flops_per_second");
  std::string md;
  for (const ThroughputSection section : kThroughputSections) md += section(in);
  return md;
}

}  // namespace lrbench::bench
