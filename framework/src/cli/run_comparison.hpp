// `lrbench run` on a comparison scenario (docs/comparisons.md): the tune
// stage, the selection, the confirm stage, then comparison.json and the
// README into OUT/<name>/. Resume and partial runs: comparison/stages.hpp.
#pragma once

#include <atomic>
#include <filesystem>

#include "comparison/comparison.hpp"
#include "plugins/registry.hpp"
#include "run/runner.hpp"

namespace lrbench::cli {

struct ComparisonRunOptions {
  std::filesystem::path out;
  int jobs = 1;
  bool resume = false;
  bool isolate = false;
  double timeout = 0.0;
  const std::atomic<bool>* stop = nullptr;
  bool quiet = false;
};

// Runs what is missing of both stages and writes the report; returns the
// counts of the runs it executed.
run::RunCounts run_comparison(const comparison::Comparison& comparison, const plugins::Registry& registry,
                              const ComparisonRunOptions& options);

}  // namespace lrbench::cli
