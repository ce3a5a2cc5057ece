// Throughput benchmarks (Google Benchmark used as a library), registered at
// run time for whatever plugins are loaded, and the Markdown report rendered
// from Google Benchmark's own JSON output (the JSON is the truth; the
// Markdown can always be re-rendered from it).
//
// Every benchmark is single-threaded. Rates (the *_per_second counters) are,
// as Google Benchmark computes them by default, per second of CPU time of the
// benchmark thread; `lrbench compare` uses real_time. (UseRealTime() would
// append "/real_time" to every name.)
//
// Families (benchmark names; the size or variant follows the last '/'):
//   optimizer/<name>/<n>          one step() of each optimizer on n = 10³, 10⁵, 10⁷
//                                 parameters; counters params_per_second and
//                                 bytes_per_second, with bytes moved per step
//                                   n·4·(2 + 1 + 2·state_buffers())
//                                 (weights read and written, grads read, each
//                                 state buffer read and written; float32).
//   boundary/adam/<plugin|direct>/<n>
//                                 the same update through the loaded plugin
//                                 (a virtual call into a shared library) and
//                                 compiled into the host from the plugin's own
//                                 source (adam_family.hpp); ratio in the report.
//   schedule/<name>               one lr(tick) call, default parameters (a table
//                                 gives values for required ones).
//   model/<study|large|fmnist>/<forward|train>
//                                 study: 2→50 relu→3 softmax, batch 32;
//                                 large: 32→256→256→10, batch 256;
//                                 fmnist: 784→256→128→10, batch 128. Counters
//                                 samples_per_second and flops_per_second with
//                                 2·in·out FLOPs per layer per sample forward,
//                                 3× that for forward+backward+update.
//   muon/newton_schulz/<p>        one muon step on one p×p matrix (p = 256, 1024),
//                                 counter flops_per_second: Newton–Schulz FLOPs
//                                 (newton_schulz.cpp).
//   peak/mul-add                  the model kernels' arithmetic peak on this
//                                 CPU: independent multiply-then-add chains on
//                                 16-lane vectors (FLOP/s; the report shows
//                                 the models' FLOP/s as a fraction of it).
//   fmnist/epoch                  the fmnist model, one epoch of 60,000
//                                 synthetic samples (batch 128, the sgd
//                                 plugin, lr 0.01) plus loss and accuracy over
//                                 the 60,000 training and 10,000 test samples.
//   data/load/fashion_mnist       data::load of the Fashion-MNIST task's data
//                                 (Debian's dataset-fashion-mnist, 70,000
//                                 gzip'd 28×28 images; split 50,000 / 10,000
//                                 / 10,000 test); only where it is installed.
//   run/seed-study                one 200-epoch run of the seed study's setup
//                                 (run::train end to end, per-epoch evaluation).
//   breakdown/seed-run/<part>     the parts of one such run, each as much of
//                                 it as one run does: forward (3200 forward
//                                 passes of batch 32), train-steps (3200
//                                 forward + loss + backward), optimizer (3200
//                                 sgd steps), evaluation (200 × both sets),
//                                 shuffle (200 epochs' orders).
//   stream/<copy|triad>/<n>       STREAM-like memory bandwidth for reference:
//                                 copy a = b (8 bytes/element), triad
//                                 a = b + s·c (12 bytes/element) (McCalpin's
//                                 STREAM counting, no write-allocate traffic).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "plugins/registry.hpp"

namespace lrbench::bench {

inline const std::vector<std::int64_t> kOptimizerSizes = {1'000, 100'000, 10'000'000};

// A dense relu network with a softmax output, trained on batches of `batch`.
struct ModelCase {
  const char* name;
  int inputs;
  std::vector<int> hidden;  // relu layers
  int classes;              // softmax layer
  int batch;
};
inline const ModelCase kStudyCase{"study", 2, {50}, 3, 32};
inline const ModelCase kLargeCase{"large", 32, {256, 256}, 10, 256};
inline const ModelCase kFmnistCase{"fmnist", 784, {256, 128}, 10, 128};
inline constexpr int kFmnistTrain = 60'000;
inline constexpr int kFmnistTest = 10'000;

// Registers every family with benchmark::RegisterBenchmark. `registry` must
// outlive benchmark::RunSpecifiedBenchmarks. Returns how many were registered.
int register_benchmarks(const plugins::Registry& registry);
// The one seed-study run the run/ and breakdown/ families time, as scenario
// YAML (sgd lr 0.01, constant schedule, seed 0).
[[nodiscard]] const char* seed_study_yaml() noexcept;
// The model, peak, fmnist and breakdown families (model_families.cpp).
int register_model_families(const plugins::Registry& registry);

// data/load/<kind> (data_families.cpp); returns how many were registered.
int register_data_families();

// A plugin's default parameters, a required one (null default) at its
// declared example(), so every plugin can be built.
[[nodiscard]] ParamValues defaults_of(const plugins::Registry& registry, const PluginInfo& info);

// muon/newton_schulz/<256|1024> (newton_schulz.cpp): the muon plugin's step on
// one square matrix, counter flops_per_second with newton_schulz_flops().
// Registers nothing without a muon plugin; returns how many were registered.
int register_newton_schulz(const plugins::Registry& registry);

// FLOPs of `steps` Newton–Schulz quintic iterations on a p×q matrix (p ≤ q),
// three full products each: steps·(4p²q + 2p³).
[[nodiscard]] double newton_schulz_flops(std::int64_t p, std::int64_t q, std::int64_t steps) noexcept;

// Adds provenance::collect_context's fields to Google Benchmark's context block
// (keys "lrbench_*"), so the JSON alone says which build produced it.
void add_context(const plugins::Registry& registry);

// Bytes one optimizer step moves for n float32 parameters (formula above).
[[nodiscard]] double bytes_per_step(std::int64_t n, std::size_t state_buffers) noexcept;

// FLOPs of one forward pass for one sample through dense layers of the given
// widths (inputs first): Σ 2·in·out.
[[nodiscard]] double forward_flops(const std::vector<int>& widths) noexcept;

// FLOPs of one training step for one sample, as the kernels execute them:
// the forward pass, the weight gradients (Σ 2·in·out again) and the input
// gradients of every layer but the first (nothing needs ∂loss/∂input), so
// 3·forward − 2·inputs·units₁. (The usual "3× forward" counts the first
// layer's input gradient too: 40 % more than executed for Fashion-MNIST's
// 784 → 256 → 128 → 10.)
[[nodiscard]] double training_flops(const std::vector<int>& widths) noexcept;

// The Markdown report of a Google Benchmark JSON document, with the side by
// side comparison (side-by-side.json, scripts/bench/side_by_side.py) when
// given. Throws std::runtime_error when `doc` is not Google Benchmark output.
[[nodiscard]] std::string render_markdown(const nlohmann::json& doc, const std::string& json_name,
                                          const nlohmann::json* side_by_side = nullptr);

struct Results;
// The report's derived sections (summaries.cpp): one seed-study run part by
// part (empty without the breakdown benchmarks), and lrbench side by side
// with PyTorch. Throw std::runtime_error naming a missing field.
[[nodiscard]] std::string render_breakdown(const Results& results);
[[nodiscard]] std::string render_side_by_side(const nlohmann::json& side_by_side);

// The README's generated text: the speed paragraph and the --isolate cost,
// from the committed results.json and side-by-side.json.
struct ReadmeBlocks {
  std::string speed;
  std::string isolate_cost;
};
[[nodiscard]] ReadmeBlocks render_readme_blocks(const nlohmann::json& results, const nlohmann::json& side_by_side);
// `text` with what lies between "<!-- NAME:begin -->" and "<!-- NAME:end -->"
// replaced by `content`; throws std::runtime_error without both markers.
[[nodiscard]] std::string replace_marked_block(const std::string& text, const std::string& name,
                                               const std::string& content);
// README.md's text with both blocks rewritten.
[[nodiscard]] std::string rewrite_readme(const std::string& readme, const ReadmeBlocks& blocks);

}  // namespace lrbench::bench
