// `lrbench report DIR...`: re-render reports from runs.jsonl, without training.
#include <iostream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "cli/claimed_folders.hpp"
#include "cli/commands.hpp"
#include "report/report.hpp"
#include "util/output_names.hpp"

namespace lrbench::cli {

namespace {

namespace fs = std::filesystem;

bool is_scenario_folder(const fs::path& dir) {
  std::error_code ec;
  return fs::is_directory(dir, ec) && fs::exists(dir / util::kScenarioFile, ec);
}

// What `report DIR` renders: DIR itself when it is a scenario folder, else
// its scenario sub-folders and those of its groups (sub-folders holding
// scenario folders: reports/seed/<scenario>).
struct Layout {
  std::vector<fs::path> scenarios;
  std::vector<fs::path> groups;
};

Layout layout_of(const fs::path& dir) {
  Layout layout;
  if (is_scenario_folder(dir)) {
    layout.scenarios.push_back(dir);
    return layout;
  }
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (is_scenario_folder(entry.path())) {
      layout.scenarios.push_back(entry.path());
    } else if (entry.is_directory()) {
      bool group = false;
      for (const auto& sub : fs::directory_iterator(entry.path())) {
        if (is_scenario_folder(sub.path())) {
          layout.scenarios.push_back(sub.path());
          group = true;
        }
      }
      if (group) layout.groups.push_back(entry.path());
    }
  }
  return layout;
}

}  // namespace

Command add_report_command(CLI::App& app, const GlobalOptions& global) {
  auto dirs = std::make_shared<std::vector<fs::path>>();
  app.add_option("dirs", *dirs,
                 "A scenario's output folder (with scenario.json and runs.jsonl), a folder of them, or a folder of such folders")
      ->required()
      ->check(CLI::ExistingDirectory);
  return [dirs, &global] {
    int rendered = 0;
    for (const fs::path& dir : *dirs) {
      const Layout layout = layout_of(dir);
      if (layout.scenarios.empty()) {
        print_error(fmt::format("{}: no scenario.json here or in its sub-folders; expected the output of lrbench run",
                                dir.string()));
        return kBadInput;
      }
      // Refuses symlinks out of DIR and folders another lrbench is writing.
      const ClaimedFolders claimed(dir, layout.scenarios, /*wait=*/false, global.quiet);
      for (const fs::path& scenario_dir : layout.scenarios) {
        for (const std::string& note : report::write_report(scenario_dir, global.limits)) {
          print_warning(fmt::format("{}: {}", scenario_dir.string(), note));
        }
      }
      if (is_scenario_folder(dir)) {
        ++rendered;
        continue;
      }
      for (const fs::path& group : layout.groups)
        for (const std::string& note : report::write_index(group, global.limits)) print_warning(note);
      for (const std::string& note : report::write_index(dir, global.limits)) print_warning(note);
      rendered += static_cast<int>(layout.scenarios.size());
    }
    if (!global.quiet) std::cout << fmt::format("re-rendered {} report{}\n", rendered, rendered == 1 ? "" : "s");
    return kSuccess;
  };
}

}  // namespace lrbench::cli
