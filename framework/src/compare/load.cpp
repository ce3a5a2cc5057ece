// Reading Google Benchmark JSON and summary.json into comparable values.
#include <algorithm>
#include <fstream>
#include <limits>
#include <sstream>

#include <fmt/format.h>

#include "compare/compare.hpp"

namespace lrbench::compare {

namespace fs = std::filesystem;

namespace {

nlohmann::json read_json(const fs::path& file) {
  std::ifstream in(file);
  if (!in) throw InputError(fmt::format("{}: cannot be read", file.string()));
  std::stringstream text;
  text << in.rdbuf();
  try {
    return nlohmann::json::parse(text.str());
  } catch (const nlohmann::json::parse_error& e) {
    throw InputError(fmt::format("{}: not valid JSON ({})", file.string(), e.what()));
  }
}

// Google Benchmark's time units (benchmark.h: TimeUnit) → nanoseconds.
std::optional<double> ns_per(const std::string& unit) {
  if (unit == "ns") return 1.0;
  if (unit == "us") return 1e3;
  if (unit == "ms") return 1e6;
  if (unit == "s") return 1e9;
  return std::nullopt;
}

std::optional<double> mean_of(const nlohmann::json& stat) {
  if (!stat.is_object() || !stat.contains("mean") || !stat.at("mean").is_number()) return std::nullopt;
  return stat.at("mean").get<double>();
}

}  // namespace

InputKind detect_kind(const fs::path& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) throw InputError(fmt::format("{}: no such file or folder", path.string()));
  return fs::is_directory(path, ec) ? InputKind::convergence : InputKind::speed;
}

SpeedInput parse_speed(const nlohmann::json& doc, const std::string& source) {
  auto not_benchmark = [&](const std::string& why) {
    return InputError(fmt::format("{}: not Google Benchmark JSON output ({})", source, why));
  };
  if (!doc.is_object()) throw not_benchmark("the top level is not an object");
  if (!doc.contains("benchmarks") || !doc.at("benchmarks").is_array()) throw not_benchmark("no \"benchmarks\" array");
  SpeedInput input;
  input.source = source;
  if (doc.contains("context")) input.context = doc.at("context");
  std::size_t index = 0;
  for (const auto& row : doc.at("benchmarks")) {
    ++index;
    if (!row.is_object() || !row.contains("name") || !row.at("name").is_string()) {
      throw not_benchmark(fmt::format("benchmark {} has no name", index));
    }
    const std::string name = row.at("name").get<std::string>();
    if (row.value("error_occurred", false)) {
      ++input.error_rows;
      continue;
    }
    if (row.value("run_type", std::string("iteration")) == "aggregate") {
      ++input.aggregate_rows;
      continue;
    }
    if (!row.contains("real_time") || !row.at("real_time").is_number()) {
      throw not_benchmark(fmt::format("'{}' has no numeric real_time", name));
    }
    const std::string unit = row.value("time_unit", std::string("ns"));
    const auto scale = ns_per(unit);
    if (!scale) throw not_benchmark(fmt::format("'{}' has an unknown time_unit '{}'", name, unit));
    // run_name names the benchmark without the repetition suffix; older
    // versions (before 1.5) have only name.
    const std::string key = row.value("run_name", name);
    SpeedSample& sample = input.benchmarks[key];
    sample.time_unit = unit;
    sample.real_time_ns.push_back(row.at("real_time").get<double>() * *scale);
  }
  return input;
}

SpeedInput load_speed(const fs::path& file) {
  if (!fs::exists(file)) throw InputError(fmt::format("{}: no such file", file.string()));
  return parse_speed(read_json(file), file.string());
}

void add_summary(const nlohmann::json& summary, const std::string& source, ConvergenceInput& into) {
  auto bad = [&](const std::string& why) {
    return InputError(fmt::format("{}: not an lrbench summary.json ({})", source, why));
  };
  if (!summary.is_object() || !summary.contains("variants") || !summary.at("variants").is_array() ||
      !summary.contains("scenario") || !summary.at("scenario").is_string()) {
    throw bad("expected an object with \"scenario\" and \"variants\"");
  }
  if (summary.value("format", 0) != 1) throw bad("unknown format (expected \"format\": 1)");
  const std::string scenario = summary.at("scenario").get<std::string>();
  const bool has_target = summary.contains("target") && !summary.at("target").is_null();
  for (const auto& v : summary.at("variants")) {
    if (!v.is_object() || !v.contains("label") || !v.at("label").is_string()) throw bad("a variant has no label");
    VariantResult r;
    r.scenario = scenario;
    r.label = v.at("label").get<std::string>();
    r.config = v.value("config", nlohmann::json());
    if (v.contains("final_test_accuracy")) r.final_test_accuracy = mean_of(v.at("final_test_accuracy"));
    if (v.contains("best_test_accuracy")) r.best_test_accuracy = mean_of(v.at("best_test_accuracy"));
    r.has_target = has_target;
    if (has_target) {
      // null = the median seed never reached the target (summary.hpp).
      const auto& e = v.contains("epochs_to_target") ? v.at("epochs_to_target") : nlohmann::json();
      r.epochs_to_target = e.is_number() ? e.get<double>() : std::numeric_limits<double>::infinity();
    }
    r.seeds = v.value("seeds", 0);
    r.failed = v.value("failed", 0);
    into.variants[scenario + " / " + r.label] = std::move(r);
  }
}

ConvergenceInput load_convergence(const fs::path& dir) {
  if (!fs::is_directory(dir)) throw InputError(fmt::format("{}: no such folder", dir.string()));
  ConvergenceInput input;
  input.source = dir.string();
  std::vector<fs::path> summaries;
  if (fs::exists(dir / "summary.json")) {
    summaries.push_back(dir / "summary.json");
  } else {
    for (const auto& entry : fs::directory_iterator(dir)) {
      if (entry.is_directory() && fs::exists(entry.path() / "summary.json")) {
        summaries.push_back(entry.path() / "summary.json");
      }
    }
    std::sort(summaries.begin(), summaries.end());
  }
  if (summaries.empty()) {
    throw InputError(fmt::format(
        "{}: no summary.json here or in its sub-folders; expected the output of lrbench run", dir.string()));
  }
  for (const fs::path& file : summaries) add_summary(read_json(file), file.string(), input);
  return input;
}

}  // namespace lrbench::compare
