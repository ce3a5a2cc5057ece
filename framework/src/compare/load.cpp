// Reading Google Benchmark JSON and summary.json into comparable values.
#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <optional>

#include <fmt/format.h>

#include "compare/compare.hpp"
#include "util/json_input.hpp"

namespace lrbench::compare {

namespace fs = std::filesystem;

namespace {

// The one reader of input files (util/json_input.hpp): regular files only,
// size and depth limited; every error names the file.
nlohmann::json read_json(const fs::path& file, const util::InputLimits& limits) {
  try {
    return util::read_json_file(file, limits);
  } catch (const util::BadFile& e) {
    throw InputError(e.what());
  }
}

// A JSON number that is finite (nlohmann reads 1e999 as inf), or nullopt.
std::optional<double> finite_number(const nlohmann::json& v) {
  if (!v.is_number()) return std::nullopt;
  const double x = v.get<double>();
  return std::isfinite(x) ? std::optional<double>(x) : std::nullopt;
}

// A non-negative integer field, or `fallback` when absent.
int count_field(const nlohmann::json& v, const char* field, int fallback,
                const std::function<InputError(const std::string&)>& bad) {
  if (!v.contains(field)) return fallback;
  const nlohmann::json& n = v.at(field);
  if (!n.is_number_unsigned() || n.get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<int>::max()))
    throw bad(fmt::format("'{}' must be a non-negative integer", field));
  return static_cast<int>(n.get<std::uint64_t>());
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
  if (!stat.is_object() || !stat.contains("mean")) return std::nullopt;
  return finite_number(stat.at("mean"));
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
    // Optional fields, typed: a wrong type is a malformed file, never a raw
    // nlohmann exception without the file's name.
    const auto text_field = [&](const char* field, const char* fallback) {
      if (!row.contains(field)) return std::string(fallback);
      if (!row.at(field).is_string()) throw not_benchmark(fmt::format("'{}' has a non-string {}", name, field));
      return row.at(field).get<std::string>();
    };
    if (row.contains("error_occurred") && !row.at("error_occurred").is_boolean())
      throw not_benchmark(fmt::format("'{}' has a non-boolean error_occurred", name));
    if (row.value("error_occurred", false)) {
      ++input.error_rows;
      continue;
    }
    if (text_field("run_type", "iteration") == "aggregate") {
      ++input.aggregate_rows;
      continue;
    }
    const std::optional<double> time = row.contains("real_time") ? finite_number(row.at("real_time")) : std::nullopt;
    if (!time) throw not_benchmark(fmt::format("'{}' has no numeric real_time", name));
    // A time is a duration: zero or less is a broken measurement, and would
    // make every ratio against it meaningless.
    if (*time <= 0) throw not_benchmark(fmt::format("'{}' has real_time {:g}; times must be > 0", name, *time));
    const std::string unit = text_field("time_unit", "ns");
    const auto scale = ns_per(unit);
    if (!scale) throw not_benchmark(fmt::format("'{}' has an unknown time_unit '{}'", name, unit));
    // run_name names the benchmark without the repetition suffix; older
    // versions (before 1.5) have only name.
    const std::string key = text_field("run_name", name.c_str());
    SpeedSample& sample = input.benchmarks[key];
    sample.time_unit = unit;
    sample.real_time_ns.push_back(*time * *scale);
  }
  return input;
}

SpeedInput load_speed(const fs::path& file, const util::InputLimits& limits) {
  if (!fs::exists(file)) throw InputError(fmt::format("{}: no such file", file.string()));
  return parse_speed(read_json(file, limits), file.string());
}

void add_summary(const nlohmann::json& summary, const std::string& source, ConvergenceInput& into) {
  auto bad = [&](const std::string& why) {
    return InputError(fmt::format("{}: not an lrbench summary.json ({})", source, why));
  };
  if (!summary.is_object() || !summary.contains("variants") || !summary.at("variants").is_array() ||
      !summary.contains("scenario") || !summary.at("scenario").is_string()) {
    throw bad("expected an object with \"scenario\" and \"variants\"");
  }
  if (!summary.contains("format") || summary.at("format") != 1) throw bad("unknown format (expected \"format\": 1)");
  const std::string scenario = summary.at("scenario").get<std::string>();
  const bool has_target = summary.contains("target") && !summary.at("target").is_null();
  for (const auto& v : summary.at("variants")) {
    if (!v.is_object() || !v.contains("label") || !v.at("label").is_string()) throw bad("a variant has no label");
    VariantResult r;
    r.scenario = scenario;
    r.label = v.at("label").get<std::string>();
    r.config = v.contains("config") ? v.at("config") : nlohmann::json();
    if (v.contains("final_test_accuracy")) r.final_test_accuracy = mean_of(v.at("final_test_accuracy"));
    if (v.contains("best_test_accuracy")) r.best_test_accuracy = mean_of(v.at("best_test_accuracy"));
    r.has_target = has_target;
    if (has_target) {
      // null = the median seed never reached the target (summary.hpp).
      const auto& e = v.contains("epochs_to_target") ? v.at("epochs_to_target") : nlohmann::json();
      r.epochs_to_target = finite_number(e).value_or(std::numeric_limits<double>::infinity());
      if (*r.epochs_to_target < 0) throw bad(fmt::format("variant '{}' has a negative epochs_to_target", r.label));
    }
    const auto bad_variant = [&](const std::string& why) { return bad(fmt::format("variant '{}': {}", r.label, why)); };
    r.seeds = count_field(v, "seeds", 0, bad_variant);
    r.failed = count_field(v, "failed", 0, bad_variant);
    into.variants[scenario + " / " + r.label] = std::move(r);
  }
}

ConvergenceInput load_convergence(const fs::path& dir, const util::InputLimits& limits) {
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
  for (const fs::path& file : summaries) add_summary(read_json(file, limits), file.string(), input);
  return input;
}

}  // namespace lrbench::compare
