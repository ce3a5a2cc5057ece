// lrbench: benchmark neural-network optimizers and learning-rate schedules.
#include <cstdint>
#include <exception>
#include <filesystem>
#include <iostream>
#include <map>
#include <string>

#include <CLI/CLI.hpp>

#include "cli/commands.hpp"
#include "cli/common.hpp"
#include "cli/values.hpp"
#include "model/isa.hpp"
#include "provenance/context.hpp"
#include "util/files.hpp"

#ifndef LRBENCH_VERSION
#define LRBENCH_VERSION "unknown"
#endif

int main(int argc, char** argv) {
  using namespace lrbench::cli;
  CLI::App app{"lrbench: benchmark neural-network optimizers and learning-rate schedules.\n"
               "Loads optimizers and schedules as plugins, trains an MLP on YAML-defined\n"
               "scenarios and writes Markdown reports.",
               "lrbench"};
  app.set_version_flag("--version", std::string("lrbench ") + LRBENCH_VERSION + " (commit " +
                                         lrbench::provenance::build_commit() + ")");
  app.require_subcommand(1);
  app.fallthrough();  // global options may follow the sub-command

  GlobalOptions global;
  app.add_option("--plugin-dir", global.plugin_dirs,
                 "Folder to load plugins from, searched before LRBENCH_PLUGIN_PATH and the default "
                 "folder (repeatable)")
      ->type_name("DIR");
  app.add_flag("-q,--quiet", global.quiet, "Print only errors");
  app.add_option_function<std::uint64_t>(
         "--max-input-mb", [&](std::uint64_t mb) { global.limits.max_bytes = mb << 20U; },
         "Refuse input files larger than this (runs.jsonl, summary.json, scenario.json, compare inputs); default "
         "1024")
      ->check(integer_in(1, std::uint64_t{1} << 30U))
      ->type_name("MB");
  app.add_option("--max-json-depth", global.limits.max_json_depth,
                 "Refuse JSON input nested deeper than this many levels")
      ->capture_default_str()
      ->check(integer_in(1, 10000))
      ->type_name("LEVELS");

  std::map<CLI::App*, Command> commands;
  auto add = [&](const char* name, const char* help, auto add_command) {
    CLI::App* sub = app.add_subcommand(name, help);
    commands[sub] = add_command(*sub, global);
  };
  add("run", "Run scenarios and write their reports", add_run_command);
  add("plan", "List the runs scenarios expand to, with their ids, costs and shards", add_plan_command);
  add("merge", "Merge the shard files of lrbench run --shard into runs.jsonl and the report", add_merge_command);
  add("plugins", "List the loaded plugins", add_plugins_command);
  add("describe", "Show a plugin's parameters", add_describe_command);
  add("conformance", "Check plugins or the data generator against golden files", add_conformance_command);
  add("report", "Re-render reports from runs.jsonl, without training", add_report_command);
  add("bench", "Throughput benchmarks (Google Benchmark) of the plugins, the model and a whole run",
      add_bench_command);
  add("compare", "Compare benchmark results or reports with a baseline; exit 1 on regression",
      add_compare_command);
  add("lr-find", "The learning-rate range test on a scenario's model, data and optimizer", add_lr_find_command);
  add("new-plugin", "Write a compiling optimizer or schedule plugin skeleton", add_new_plugin_command);

  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);  // --help, --version
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kBadInput;
  }
  for (CLI::App* sub : app.get_subcommands()) {
    try {
      // LRBENCH_ISA forces the model kernels' instruction set: an unknown one,
      // or one this CPU lacks, stops the commands that train before they start.
      if (sub->get_name() == "run" || sub->get_name() == "bench") static_cast<void>(lrbench::model::selected_isa());
      return commands.at(sub)();
    } catch (const lrbench::util::IoError& e) {
      print_error(e.what());
      return kIoFailure;
    } catch (const std::filesystem::filesystem_error& e) {
      print_error(e.what());  // names the path and the OS reason
      return kIoFailure;
    } catch (const std::exception& e) {
      print_error(e.what());  // util::BadFile, report::OutputRefused, ...: unusable input
      return kBadInput;
    }
  }
  return kBadInput;
}
