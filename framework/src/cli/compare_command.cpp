// `lrbench compare BASELINE CURRENT`: speed (two Google Benchmark JSON files)
// or convergence (two report folders) against a baseline. Prints a Markdown
// table; exit 0 = no regression, 1 = regression, 2 = unusable input.
#include <iostream>
#include <memory>
#include <string>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/values.hpp"
#include "compare/compare.hpp"
#include "util/files.hpp"

namespace lrbench::cli {

namespace {

struct CompareOptions {
  std::string baseline;
  std::string current;
  std::string markdown;
  double max_slowdown = 0.10;
  double alpha = 0.01;
  double tolerance = 0.0;
  double epoch_tolerance = 0.0;
};

}  // namespace

Command add_compare_command(CLI::App& app, const GlobalOptions& global) {
  auto o = std::make_shared<CompareOptions>();
  app.add_option("baseline", o->baseline,
                 "Google Benchmark JSON file, or a report folder (summary.json, or sub-folders with one)")
      ->required();
  app.add_option("current", o->current, "The same kind of input, to compare with the baseline")->required();
  app.add_option("--markdown", o->markdown, "Also write the Markdown table to FILE")
      ->check(text_of_length(4096))
      ->type_name("FILE");
  app.add_option("--max-slowdown", o->max_slowdown,
                 "Speed: a regression needs the median time to grow by more than this fraction")
      ->capture_default_str()
      ->check(number_in(0.0, 100.0));
  app.add_option("--alpha", o->alpha, "Speed: significance level of the two-sided Mann-Whitney U test")
      ->capture_default_str()
      ->check(number_in(1e-12, 1.0));
  app.add_option("--tolerance", o->tolerance,
                 "Convergence: allowed drop of final or best test accuracy (0.01 = one point)")
      ->capture_default_str()
      ->check(number_in(0.0, 1.0));
  app.add_option("--epoch-tolerance", o->epoch_tolerance, "Convergence: allowed growth of epochs to target")
      ->capture_default_str()
      ->check(number_in(0.0, 1e6));
  return [o, &global]() -> int {
    try {
      const compare::InputKind kb = compare::detect_kind(o->baseline);
      const compare::InputKind kc = compare::detect_kind(o->current);
      if (kb != kc) {
        print_error(fmt::format("{} and {} are not the same kind of input: give two Google Benchmark JSON files "
                                "or two report folders",
                                o->baseline, o->current));
        return kBadInput;
      }
      std::string md;
      bool regression = false;
      if (kb == compare::InputKind::speed) {
        const auto comparison = compare::compare_speed(compare::load_speed(o->baseline, global.limits),
                                                       compare::load_speed(o->current, global.limits),
                                                       {o->max_slowdown, o->alpha});
        md = compare::render_markdown(comparison, o->baseline, o->current);
        regression = compare::has_regression(comparison);
      } else {
        const auto comparison = compare::compare_convergence(compare::load_convergence(o->baseline, global.limits),
                                                             compare::load_convergence(o->current, global.limits),
                                                             {o->tolerance, o->epoch_tolerance});
        md = compare::render_markdown(comparison, o->baseline, o->current);
        regression = compare::has_regression(comparison);
      }
      std::cout << md;
      if (!o->markdown.empty()) util::write_file_atomically(o->markdown, md);
      if (regression && !global.quiet) print_error("regression against the baseline");
      return regression ? kFailure : kSuccess;
    } catch (const compare::InputError& e) {
      print_error(e.what());
      return kBadInput;
    }
  };
}

}  // namespace lrbench::cli
