// `lrbench report DIR...`: re-render reports from runs.jsonl, without training.
#include <iostream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "report/report.hpp"

namespace lrbench::cli {

Command add_report_command(CLI::App& app, const GlobalOptions& global) {
  auto dirs = std::make_shared<std::vector<std::filesystem::path>>();
  app.add_option("dirs", *dirs,
                 "A scenario's output folder (with scenario.json and runs.jsonl), a folder of them, or a folder of such folders")
      ->required()
      ->check(CLI::ExistingDirectory);
  return [dirs, &global] {
    namespace fs = std::filesystem;
    int rendered = 0;
    for (const fs::path& dir : *dirs) {
      auto render = [&](const fs::path& scenario_dir) {
        for (const std::string& note : report::write_report(scenario_dir)) {
          print_warning(fmt::format("{}: {}", scenario_dir.string(), note));
        }
      };
      if (fs::exists(dir / "scenario.json")) {
        render(dir);
        ++rendered;
        continue;
      }
      int here = 0;
      for (const auto& entry : fs::directory_iterator(dir)) {
        if (entry.is_directory() && fs::exists(entry.path() / "scenario.json")) {
          render(entry.path());
          ++here;
        } else if (entry.is_directory()) {
          // A group of scenario folders (reports/seed/<scenario>): its own
          // index, and its reports in the index written below.
          int in_group = 0;
          for (const auto& sub : fs::directory_iterator(entry.path())) {
            if (sub.is_directory() && fs::exists(sub.path() / "scenario.json")) {
              render(sub.path());
              ++in_group;
            }
          }
          if (in_group > 0) report::write_index(entry.path());
          here += in_group;
        }
      }
      if (here == 0) {
        print_error(fmt::format("{}: no scenario.json here or in its sub-folders; expected the output of lrbench run",
                                dir.string()));
        return kBadInput;
      }
      report::write_index(dir);
      rendered += here;
    }
    if (!global.quiet) std::cout << fmt::format("re-rendered {} report{}\n", rendered, rendered == 1 ? "" : "s");
    return kSuccess;
  };
}

}  // namespace lrbench::cli
