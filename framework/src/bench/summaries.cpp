// Sections derived from the throughput results: the seed run taken apart,
// lrbench side by side with PyTorch (side-by-side.json, written by
// scripts/bench/side_by_side.py), and the README's speed sentences, so that
// every figure the README quotes is rendered from the committed files.
#include <stdexcept>
#include <string>

#include <fmt/format.h>

#include "bench/bench.hpp"
#include "bench/results.hpp"

namespace lrbench::bench {

namespace {

using nlohmann::json;

double number(const json& doc, std::initializer_list<const char*> path) {
  const json* at = &doc;
  std::string where;
  for (const char* key : path) {
    where += std::string(where.empty() ? "" : ".") + key;
    if (!at->is_object() || !at->contains(key)) throw std::runtime_error("side-by-side.json: no " + where);
    at = &at->at(key);
  }
  if (!at->is_number()) throw std::runtime_error("side-by-side.json: " + where + " is not a number");
  return at->get<double>();
}

std::string text(const json& doc, const char* key) {
  return doc.contains(key) && doc.at(key).is_string() ? doc.at(key).get<std::string>() : "unknown";
}

// Three significant digits, no exponent: 3.14, 31.4, 314, 3140.
std::string sig3(double x) {
  if (!(x > 0.0)) return fmt::format("{:.3g}", x);
  if (x >= 100.0) return fmt::format("{:.0f}", x);
  if (x >= 10.0) return fmt::format("{:.1f}", x);
  if (x >= 1.0) return fmt::format("{:.2f}", x);
  return fmt::format("{:.3g}", x);
}

const Entry& required(const Results& r, const std::string& name) {
  const Entry* e = r.find(name);
  if (e == nullptr) throw std::runtime_error("results.json: no benchmark " + name);
  return *e;
}

}  // namespace

std::string render_breakdown(const Results& r) {
  const Entry* run = r.find("run/seed-study");
  const Entry* forward = r.find("breakdown/seed-run/forward");
  const Entry* train = r.find("breakdown/seed-run/train-steps");
  const Entry* optimizer = r.find("breakdown/seed-run/optimizer");
  const Entry* evaluation = r.find("breakdown/seed-run/evaluation");
  const Entry* shuffle = r.find("breakdown/seed-run/shuffle");
  if (!run || !forward || !train || !optimizer || !evaluation || !shuffle) return "";
  const double whole = run->median_seconds();
  auto line = [&](const std::string& part, double seconds) {
    return fmt::format("| {} | {:.3f} ms | {:.0f}% |\n", part, seconds * 1e3, seconds / whole * 100.0);
  };
  const double parts = train->median_seconds() + optimizer->median_seconds() + evaluation->median_seconds() +
                       shuffle->median_seconds();
  std::string md = "## One seed-study run, part by part\n\n";
  md += "Each `breakdown/seed-run/*` benchmark does one part of `run/seed-study` (200 epochs × 16 steps of batch "
        "32 on the seed study's data), as much of it as one run does; the backward pass is the training steps "
        "minus their forward pass, and \"other\" is the whole run minus the measured parts (schedule, records, "
        "the run's set-up).\n\n";
  md += "| part | per run | share |\n|---|---:|---:|\n";
  md += line("forward (3,200 batches)", forward->median_seconds());
  md += line("loss and backward (3,200 batches)", train->median_seconds() - forward->median_seconds());
  md += line("optimizer (3,200 sgd steps)", optimizer->median_seconds());
  md += line("evaluation (both sets, 200 epochs)", evaluation->median_seconds());
  md += line("shuffle (200 epochs)", shuffle->median_seconds());
  md += line("other", whole - parts);
  md += line("whole run (`run/seed-study`)", whole);
  return md + "\n";
}

std::string render_side_by_side(const json& side) {
  std::string md = "## Side by side with PyTorch\n\n";
  md += fmt::format(
      "Measured by `scripts/bench/side_by_side.py` (`make side-by-side`) on {} ({}): PyTorch {} ({}, {} thread) "
      "and lrbench ({} kernels) in the same run, medians of the repetitions (every sample is in "
      "`side-by-side.json`).\n\n",
      text(side, "cpu"), text(side, "date"), text(side.value("pytorch", json::object()), "version"),
      text(side.value("pytorch", json::object()), "blas"), number(side, {"pytorch", "threads"}),
      text(side, "lrbench_isa"));
  md += "| workload | PyTorch | lrbench | lrbench faster |\n|---|---:|---:|---:|\n";
  md += fmt::format("| seed run: 200 epochs of 2→50→3 on 500 samples, batch 32, both sets evaluated every epoch "
                    "| {} ms | {} ms | {}× |\n",
                    sig3(number(side, {"seed_run", "pytorch", "median_seconds"}) * 1e3),
                    sig3(number(side, {"seed_run", "lrbench", "median_seconds"}) * 1e3),
                    sig3(number(side, {"seed_run", "speedup"})));
  md += fmt::format("| Fashion-MNIST-shaped epoch: 784→256→128→10, batch 128, 60,000 samples, then 70,000 evaluated "
                    "| {} s | {} s | {}× |\n\n",
                    sig3(number(side, {"fmnist_epoch", "pytorch", "median_seconds"})),
                    sig3(number(side, {"fmnist_epoch", "lrbench", "median_seconds"})),
                    sig3(number(side, {"fmnist_epoch", "speedup"})));
  md += fmt::format("The whole seed study (`lrbench run scenarios/seed/*.yaml --jobs 2`, {} runs): {} s wall; "
                    "with `--isolate` {} s, about {} ms more per run.\n\n",
                    number(side, {"seed_study", "runs"}), sig3(number(side, {"seed_study", "wall", "median_seconds"})),
                    sig3(number(side, {"seed_study", "isolate_wall", "median_seconds"})),
                    sig3(number(side, {"seed_study", "isolate_overhead_ms_per_run"})));
  return md;
}

ReadmeBlocks render_readme_blocks(const json& results_doc, const json& side) {
  const Results r = read_results(results_doc);
  const double triad = required(r, "stream/triad/10000000").median_counter("bytes_per_second");
  const Entry& sgd = required(r, "optimizer/sgd/10000000");
  const Entry& adam = required(r, "optimizer/adam/10000000");
  const double fmnist_flops = required(r, "model/fmnist/train").median_counter("flops_per_second");
  const double peak = required(r, "peak/mul-add").median_counter("flops_per_second");
  double ratio_min = 1e300;
  double ratio_max = 0.0;
  for (std::int64_t n : kOptimizerSizes) {
    const double ratio = required(r, fmt::format("boundary/adam/plugin/{}", n)).median_seconds() /
                         required(r, fmt::format("boundary/adam/direct/{}", n)).median_seconds();
    ratio_min = std::min(ratio_min, ratio);
    ratio_max = std::max(ratio_max, ratio);
  }
  const double seed_ms = number(side, {"seed_run", "lrbench", "median_seconds"}) * 1e3;
  ReadmeBlocks blocks;
  blocks.speed = fmt::format(
      "Measured on this project's {} machine ({} kernels of the portable Release build; medians from\n"
      "[reports/throughput/](reports/throughput/README.md), written by `lrbench bench --markdown` and\n"
      "`scripts/bench/side_by_side.py`): one whole 200-epoch run of the seed study's model, with the\n"
      "per-epoch evaluation of both sets, takes **{} ms**, **{}×** faster than PyTorch {} on one thread\n"
      "({} ms for the same run, measured in the same script); the whole seed study, {} runs, takes\n"
      "**{} s** wall with `--jobs 2`. One epoch of a Fashion-MNIST-shaped MLP (784→256→128→10, batch 128,\n"
      "60,000 samples, then 70,000 evaluated) takes **{} s**, {}× faster than PyTorch's {} s; it trains at\n"
      "{} GFLOP/s, {}% of the kernels' peak on this CPU ({} GFLOP/s without fused multiply-add). `sgd`\n"
      "updates {} G parameters/s at 10⁷ parameters ({} GB/s against a {} GB/s STREAM triad, as SGD updates\n"
      "in place), `adam` {} G/s; the plugin boundary: adam through the plugin ÷ the same update compiled\n"
      "into the host from the plugin's source, {:.2f}–{:.2f}.",
      text(side, "cpu"), text(side, "lrbench_isa"), sig3(seed_ms), sig3(number(side, {"seed_run", "speedup"})),
      text(side.value("pytorch", json::object()), "version"),
      sig3(number(side, {"seed_run", "pytorch", "median_seconds"}) * 1e3), number(side, {"seed_study", "runs"}),
      sig3(number(side, {"seed_study", "wall", "median_seconds"})),
      sig3(number(side, {"fmnist_epoch", "lrbench", "median_seconds"})),
      sig3(number(side, {"fmnist_epoch", "speedup"})), sig3(number(side, {"fmnist_epoch", "pytorch", "median_seconds"})),
      sig3(fmnist_flops / 1e9), sig3(fmnist_flops / peak * 100.0), sig3(peak / 1e9),
      sig3(sgd.median_counter("params_per_second") / 1e9), sig3(sgd.median_counter("bytes_per_second") / 1e9),
      sig3(triad / 1e9), sig3(adam.median_counter("params_per_second") / 1e9), ratio_min, ratio_max);
  const double isolate_ms = number(side, {"seed_study", "isolate_overhead_ms_per_run"});
  blocks.isolate_cost = fmt::format("It costs about {} ms per run ({}% of a seed-study run)", sig3(isolate_ms),
                                    sig3(isolate_ms / seed_ms * 100.0));
  return blocks;
}

std::string replace_marked_block(const std::string& text, const std::string& name, const std::string& content) {
  const std::string begin = "<!-- " + name + ":begin -->";
  const std::string end = "<!-- " + name + ":end -->";
  const auto b = text.find(begin);
  const auto e = text.find(end);
  if (b == std::string::npos || e == std::string::npos || e < b) {
    throw std::runtime_error("no block between " + begin + " and " + end);
  }
  return text.substr(0, b + begin.size()) + content + text.substr(e);
}

std::string rewrite_readme(const std::string& readme, const ReadmeBlocks& blocks) {
  return replace_marked_block(replace_marked_block(readme, "speed", "\n" + blocks.speed + "\n"), "isolate-cost",
                              blocks.isolate_cost);
}

}  // namespace lrbench::bench
