// `lrbench conformance FILE.json...`: golden files against the loaded plugins
// and the data generator, one line per case.
#include <iostream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "conformance/conformance.hpp"

namespace lrbench::cli {

Command add_conformance_command(CLI::App& app, const GlobalOptions& global) {
  auto files = std::make_shared<std::vector<std::string>>();
  app.add_option("files", *files, "Golden files (optimizers, schedules or blobs format; see docs/conformance.md)")
      ->required()
      ->check(CLI::ExistingFile);
  return [&global, files] {
    const auto registry = load_registry(global);
    int failed = 0;
    int passed = 0;
    for (const std::string& file : *files) {
      const conformance::FileResult result = conformance::check_file(file, *registry);
      std::cout << fmt::format("{} ({} cases, {}; rtol {}, atol {})\n", file, result.cases.size(), result.kind,
                               result.tolerance.rtol, result.tolerance.atol);
      for (const auto& c : result.cases) {
        std::cout << fmt::format("  {}  {:<34} {:<18} max |error| {:.3g}{}\n", c.passed ? "pass" : "FAIL", c.name,
                                 c.subject, c.max_abs_error,
                                 !c.passed && !c.detail.empty() ? "  " + c.detail : std::string());
        (c.passed ? passed : failed) += 1;
      }
    }
    std::cout << fmt::format("{} passed, {} failed\n", passed, failed);
    return failed == 0 ? kSuccess : kFailure;
  };
}

}  // namespace lrbench::cli
