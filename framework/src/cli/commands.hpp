// The sub-commands of `lrbench`, one file each. Every add_*_command registers
// its options on `app` and returns the function that runs it.
#pragma once

#include <functional>

#include <CLI/CLI.hpp>

#include "cli/common.hpp"

namespace lrbench::cli {

using Command = std::function<int()>;

Command add_run_command(CLI::App& app, const GlobalOptions& global);
Command add_plugins_command(CLI::App& app, const GlobalOptions& global);
Command add_describe_command(CLI::App& app, const GlobalOptions& global);
Command add_conformance_command(CLI::App& app, const GlobalOptions& global);
Command add_report_command(CLI::App& app, const GlobalOptions& global);
Command add_bench_command(CLI::App& app, const GlobalOptions& global);
Command add_compare_command(CLI::App& app, const GlobalOptions& global);
Command add_new_plugin_command(CLI::App& app, const GlobalOptions& global);
Command add_plan_command(CLI::App& app, const GlobalOptions& global);
Command add_merge_command(CLI::App& app, const GlobalOptions& global);
Command add_lr_find_command(CLI::App& app, const GlobalOptions& global);

}  // namespace lrbench::cli
