// `lrbench bench [--markdown [FILE]] [--benchmark_*=VALUE...]`: throughput
// benchmarks of the loaded plugins, the model and a whole run, with Google
// Benchmark. Its own flags pass straight through (written --flag=value):
// --benchmark_filter, --benchmark_repetitions, --benchmark_min_time,
// --benchmark_out, --benchmark_out_format, --benchmark_enable_random_interleaving,
// --benchmark_list_tests, ...
//
// `--markdown` writes the throughput report (default reports/throughput/README.md),
// rendered from the JSON file (and from side-by-side.json beside it, when
// scripts/bench/side_by_side.py has written one); without --benchmark_out the
// JSON goes next to it as results.json. `--markdown-from FILE` only
// re-renders a saved JSON file. `--readme README.md` (with --markdown-from)
// rewrites the README's generated speed figures from the same two files.
#include <benchmark/benchmark.h>

#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "bench/bench.hpp"
#include "cli/commands.hpp"
#include "util/files.hpp"
#include "util/json_input.hpp"

namespace lrbench::cli {

namespace {

namespace fs = std::filesystem;

struct BenchOptions {
  std::string markdown;              // empty: no Markdown
  std::string markdown_from;         // re-render only
  std::string readme;                // rewrite its generated blocks (with markdown_from)
  std::vector<std::string> extras;   // everything CLI11 did not know
};

bool starts_with(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

std::string flag_value(const std::vector<std::string>& args, const std::string& flag) {
  std::string value;
  for (const auto& a : args) {
    if (starts_with(a, (flag + "=").c_str())) value = a.substr(flag.size() + 1);
  }
  return value;
}

// A JSON document, or nullopt after printing why it cannot be read.
std::optional<nlohmann::json> read_json(const fs::path& file) {
  try {
    return util::read_json_file(file);  // the one size-limited reader; names the file
  } catch (const util::BadFile& e) {
    print_error(e.what());
    return std::nullopt;
  }
}

// side-by-side.json next to the results, when there is one.
fs::path side_by_side_of(const fs::path& json_file) { return json_file.parent_path() / "side-by-side.json"; }

int write_markdown(const fs::path& json_file, const fs::path& markdown_file, bool quiet) {
  const std::optional<nlohmann::json> doc = read_json(json_file);
  if (!doc) return kBadInput;
  std::optional<nlohmann::json> side;
  if (fs::exists(side_by_side_of(json_file))) {
    side = read_json(side_by_side_of(json_file));
    if (!side) return kBadInput;
  }
  // Name the JSON relative to the Markdown, so the report's link works.
  std::error_code ec;
  const fs::path relative = fs::relative(json_file, markdown_file.parent_path().empty() ? "." : markdown_file.parent_path(), ec);
  const std::string name = ec || relative.empty() ? json_file.string() : relative.string();
  util::write_file_atomically(markdown_file, bench::render_markdown(*doc, name, side ? &*side : nullptr));
  if (!quiet) std::cout << fmt::format("wrote {}\n", markdown_file.string());
  return kSuccess;
}

int write_readme(const fs::path& json_file, const fs::path& readme, bool quiet) {
  const std::optional<nlohmann::json> doc = read_json(json_file);
  const std::optional<nlohmann::json> side = read_json(side_by_side_of(json_file));
  if (!doc || !side) return kBadInput;
  std::string text;
  try {
    text = util::read_file_limited(readme);
  } catch (const util::BadFile& e) {
    print_error(e.what());
    return kBadInput;
  }
  util::write_file_atomically(readme, bench::rewrite_readme(text, bench::render_readme_blocks(*doc, *side)));
  if (!quiet) std::cout << fmt::format("rewrote the generated figures in {}\n", readme.string());
  return kSuccess;
}

}  // namespace

Command add_bench_command(CLI::App& app, const GlobalOptions& global) {
  auto options = std::make_shared<BenchOptions>();
  app.add_option("--markdown", options->markdown,
                 "Write the Markdown report (from the JSON results) to FILE")
      ->expected(0, 1)
      ->default_str("reports/throughput/README.md")
      ->type_name("[FILE]");
  app.add_option("--markdown-from", options->markdown_from,
                 "Only re-render the Markdown report from a saved Google Benchmark JSON file")
      ->type_name("FILE");
  app.add_option("--readme", options->readme,
                 "With --markdown-from: rewrite README.md's generated speed figures from that JSON file and "
                 "side-by-side.json beside it")
      ->type_name("FILE");
  app.footer(
      "Google Benchmark's flags pass through, written --flag=value: --benchmark_filter=REGEX,\n"
      "--benchmark_repetitions=N, --benchmark_min_time=SECONDS, --benchmark_out=FILE,\n"
      "--benchmark_out_format=json, --benchmark_enable_random_interleaving=true,\n"
      "--benchmark_list_tests=true, ... Benchmark names: optimizer/<name>/<n>,\n"
      "boundary/<sgd|adam>/<plugin|direct>/<n>, schedule/<name>, model/<study|large>/<forward|train>,\n"
      "run/seed-study, stream/<copy|triad>/<n>. See docs/benchmarks.md.");
  // Google Benchmark's flags are unknown to CLI11: keep them as extras. The
  // global options after `bench` are then extras too; they are read below.
  app.allow_extras();
  app.fallthrough(false);
  return [options, &app, &global]() -> int {
    GlobalOptions mine = global;
    std::vector<std::string> gbench_args;
    const std::vector<std::string> extras = app.remaining();
    for (std::size_t i = 0; i < extras.size(); ++i) {
      const std::string& a = extras[i];
      if (a == "--plugin-dir" && i + 1 < extras.size()) {
        mine.plugin_dirs.emplace_back(extras[++i]);
      } else if (starts_with(a, "--plugin-dir=")) {
        mine.plugin_dirs.emplace_back(a.substr(13));
      } else if (a == "-q" || a == "--quiet") {
        mine.quiet = true;
      } else if (starts_with(a, "--benchmark_") || starts_with(a, "--v=")) {
        gbench_args.push_back(a);
      } else {
        print_error(fmt::format("bench: unexpected argument '{}' (Google Benchmark flags are written "
                                "--benchmark_flag=value)",
                                a));
        return kBadInput;
      }
    }

    if (!options->readme.empty()) {
      if (options->markdown_from.empty()) {
        print_error("bench: --readme needs --markdown-from RESULTS.json");
        return kBadInput;
      }
      return write_readme(options->markdown_from, options->readme, mine.quiet);
    }
    if (!options->markdown_from.empty()) {
      const fs::path md = options->markdown.empty() ? fs::path(options->markdown_from).replace_extension(".md")
                                                    : fs::path(options->markdown);
      return write_markdown(options->markdown_from, md, mine.quiet);
    }

    // With --markdown and no --benchmark_out, the JSON goes next to the Markdown.
    std::string out = flag_value(gbench_args, "--benchmark_out");
    if (!options->markdown.empty()) {
      const std::string format = flag_value(gbench_args, "--benchmark_out_format");
      if (out.empty()) {
        out = (fs::path(options->markdown).parent_path() / "results.json").string();
        gbench_args.push_back("--benchmark_out=" + out);
        gbench_args.push_back("--benchmark_out_format=json");
      } else if (!format.empty() && format != "json") {
        print_error("bench: --markdown renders from JSON: use --benchmark_out_format=json");
        return kBadInput;
      } else if (format.empty()) {
        gbench_args.push_back("--benchmark_out_format=json");
      }
    }
    if (!out.empty() && !fs::path(out).parent_path().empty()) fs::create_directories(fs::path(out).parent_path());

    auto registry = load_registry(mine);
    // An unoptimised plugin's figures would mislead: say so before measuring.
    for (const plugins::LoadedPlugin& p : registry->plugins()) warn_if_unoptimised(*registry, *p.info, mine);
    std::vector<std::string> storage{"lrbench bench"};
    storage.insert(storage.end(), gbench_args.begin(), gbench_args.end());
    std::vector<char*> argv;
    for (auto& s : storage) argv.push_back(s.data());
    argv.push_back(nullptr);
    int argc = static_cast<int>(storage.size());
    benchmark::Initialize(&argc, argv.data());
    if (benchmark::ReportUnrecognizedArguments(argc, argv.data())) return kBadInput;
    bench::add_context(*registry);
    bench::register_benchmarks(*registry);
    const std::size_t ran = benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    if (ran == 0 && flag_value(gbench_args, "--benchmark_list_tests").empty()) {
      print_error("bench: no benchmark matched the filter");
      return kBadInput;
    }
    if (!options->markdown.empty() && ran > 0) return write_markdown(out, options->markdown, mine.quiet);
    return kSuccess;
  };
}

}  // namespace lrbench::cli
