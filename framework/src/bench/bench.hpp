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
//   boundary/<sgd|adam>/<plugin|direct>/<n>
//                                 the same update through the loaded plugin
//                                 (a virtual call into a shared library) and
//                                 compiled into the host; ratio in the report.
//   schedule/<name>               one lr(tick) call, default parameters (a table
//                                 gives values for required ones).
//   model/<study|large>/<forward|train>
//                                 study: 2→50 relu→3 softmax, batch 32;
//                                 large: 32→256→256→10, batch 256. Counters
//                                 samples_per_second and flops_per_second with
//                                 2·in·out FLOPs per layer per sample forward,
//                                 3× that for forward+backward+update.
//   muon/newton_schulz/<p>        one muon step on one p×p matrix (p = 256, 1024),
//                                 counter flops_per_second: Newton–Schulz FLOPs
//                                 (newton_schulz.cpp).
//   run/seed-study                one 200-epoch run of the seed study's setup
//                                 (run::train end to end, per-epoch evaluation).
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

// Registers every family with benchmark::RegisterBenchmark. `registry` must
// outlive benchmark::RunSpecifiedBenchmarks. Returns how many were registered.
int register_benchmarks(const plugins::Registry& registry);

// muon/newton_schulz/<256|1024> (newton_schulz.cpp): the muon plugin's step on
// one square matrix, counter flops_per_second with newton_schulz_flops().
// Registers nothing without a muon plugin; returns how many were registered.
int register_newton_schulz(const plugins::Registry& registry);

// FLOPs of `steps` Newton–Schulz quintic iterations on a p×q matrix (p ≤ q),
// three full products each: steps·(4p²q + 2p³).
[[nodiscard]] double newton_schulz_flops(std::int64_t p, std::int64_t q, std::int64_t steps) noexcept;

// Adds report::collect_context's fields to Google Benchmark's context block
// (keys "lrbench_*"), so the JSON alone says which build produced it.
void add_context(const plugins::Registry& registry);

// Bytes one optimizer step moves for n float32 parameters (formula above).
[[nodiscard]] double bytes_per_step(std::int64_t n, std::size_t state_buffers) noexcept;

// FLOPs of one forward pass for one sample through dense layers of the given
// widths (inputs first): Σ 2·in·out.
[[nodiscard]] double forward_flops(const std::vector<int>& widths) noexcept;

// The Markdown report of a Google Benchmark JSON document. Throws
// std::runtime_error when `doc` is not Google Benchmark output.
[[nodiscard]] std::string render_markdown(const nlohmann::json& doc, const std::string& json_name);

}  // namespace lrbench::bench
