// `lrbench conformance FILE.json... [--isolate] [--mutate]`: golden files
// against the loaded plugins and the data generator, one line per case; with
// --mutate, which parameter changes the optimizer cases would not notice.
#include <iostream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "conformance/conformance.hpp"
#include "conformance/mutate.hpp"

namespace lrbench::cli {
namespace {

// A file whose worst case uses less than this share of its tolerance cannot
// tell a small change in an update rule from float32 rounding.
constexpr double kLooseRatio = 0.01;

struct ConformanceOptions {
  std::vector<std::string> files;
  bool isolate = false;
  bool mutate = false;
};

std::string ratio_text(double ratio) { return std::isfinite(ratio) ? fmt::format("{:.2g}", ratio) : "inf"; }

int print_mutations(const std::vector<conformance::MutationOutcome>& outcomes) {
  std::size_t width = 9;
  for (const auto& o : outcomes) width = std::max(width, o.optimizer.size() + 1 + o.parameter.size());
  std::size_t undetected = 0;
  std::cout << fmt::format("\nmutations (a parameter changed, every optimizer case rerun):\n");
  for (const auto& o : outcomes) {
    const std::string what = o.optimizer + "." + o.parameter;
    if (!o.undetected()) {
      std::cout << fmt::format("  detected    {:<{}} {:<16} by {} of {} cases\n", what, width, o.change, o.detected,
                               o.tried);
      continue;
    }
    ++undetected;
    const std::string why = o.tried > 0 ? fmt::format("no case fails (tried in {})", o.tried)
                                        : "never tried: " + o.never_tried;
    std::cout << fmt::format("  UNDETECTED  {:<{}} {:<16} {}\n", what, width, o.change, why);
  }
  std::cout << fmt::format("{} of {} parameter changes undetected\n", undetected, outcomes.size());
  return undetected == 0 ? kSuccess : kFailure;
}

}  // namespace

Command add_conformance_command(CLI::App& app, const GlobalOptions& global) {
  auto options = std::make_shared<ConformanceOptions>();
  app.add_option("files", options->files,
                 "Golden files (optimizers, schedules or blobs format; see docs/conformance.md)")
      ->required()
      ->check(CLI::ExistingFile);
  app.add_flag("--isolate", options->isolate,
               "Run every case in its own process: a plugin that crashes fails its case, not the check");
  app.add_flag("--mutate", options->mutate,
               "Also rerun every optimizer case with each parameter changed (numbers by 1 %, integers by 1, flags "
               "flipped, choices switched, nested optimizers' too) and report changes no case detects (exit 1)");
  return [&global, options] {
    const auto registry = load_registry(global);
    const conformance::CheckOptions check{options->isolate};
    // Read every file first: a malformed one stops the command before any case runs.
    std::vector<conformance::GoldenFile> golden;
    for (const std::string& file : options->files) golden.push_back(conformance::read_golden_file(file));
    int failed = 0;
    int passed = 0;
    for (const conformance::GoldenFile& file : golden) {
      const conformance::FileResult result = conformance::check(file, *registry, check);
      std::cout << fmt::format("{} ({} cases, {}, format {}; rtol {}, atol {})\n", file.file.string(), result.cases.size(),
                               result.kind, result.format, result.tolerance.rtol, result.tolerance.atol);
      for (const auto& c : result.cases) {
        std::cout << fmt::format("  {}  {:<34} {:<18} max |error| {:.3g} ({} of tolerance){}\n",
                                 c.passed ? "pass" : "FAIL", c.name, c.subject, c.max_abs_error,
                                 ratio_text(c.worst_ratio),
                                 !c.passed && !c.detail.empty() ? "  " + c.detail : std::string());
        (c.passed ? passed : failed) += 1;
      }
      const double worst = result.worst_ratio();
      if (result.passed() && result.kind != "blobs" && worst > 0.0 && worst < kLooseRatio) {
        std::cout << fmt::format(
            "  note: the worst value uses {} of the tolerance, more than {}x below it: a change in the update rule "
            "as small as the observed error would pass (docs/conformance.md, \"The tolerance\")\n",
            ratio_text(worst), static_cast<int>(1.0 / kLooseRatio));
      }
    }
    std::cout << fmt::format("{} passed, {} failed\n", passed, failed);
    int status = failed == 0 ? kSuccess : kFailure;
    if (options->mutate && print_mutations(conformance::mutate(golden, *registry, check)) != kSuccess) {
      status = kFailure;
    }
    return status;
  };
}

}  // namespace lrbench::cli
