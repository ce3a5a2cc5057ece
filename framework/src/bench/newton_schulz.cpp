// muon/newton_schulz/<p>: the muon plugin's step on one p×p weight matrix,
// whose cost is its Newton–Schulz orthogonalisation (issue 16: "report the
// Newton–Schulz GFLOP/s on 256×256 and 1024×1024 matrices").
//
// Counter flops_per_second, with the FLOPs of ns_steps quintic iterations on
// X (p×q, p ≤ q) counted as the reference computes them, three full matrix
// products per iteration:
//   A = X·Xᵀ (2p²q) + (c·A)·A (2p³) + B·X (2p²q)  =  4p²q + 2p³
// The plugin computes only X·Xᵀ's upper triangle (A is symmetric), so it
// executes about 5/6 of the counted FLOPs at p = q; the element-wise work
// (momentum, scaling, the weight update; O(p·q)) is timed but not counted.
// Nothing here is muon-specific code: the plugin is loaded and stepped
// through the SDK like any optimizer, with its default parameters.
#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include "bench/bench.hpp"
#include "plugins/resolve.hpp"

namespace lrbench::bench {

double newton_schulz_flops(std::int64_t p, std::int64_t q, std::int64_t steps) noexcept {
  const auto pp = static_cast<double>(p), qq = static_cast<double>(q);
  return static_cast<double>(steps) * (4.0 * pp * pp * qq + 2.0 * pp * pp * pp);
}

int register_newton_schulz(const plugins::Registry& registry) {
  const PluginInfo* info = registry.find(PluginKind::optimizer, "muon");
  if (info == nullptr) return 0;
  int count = 0;
  for (const std::int64_t p : {256, 1024}) {
    benchmark::RegisterBenchmark(
        fmt::format("muon/newton_schulz/{}", p).c_str(),
        [&registry, info, p](benchmark::State& state) {
          const ParamValues values = plugins::default_params(*info, registry, /*use_examples=*/true);
          std::shared_ptr<Optimizer> muon;
          try {
            muon = registry.make_optimizer("muon", values);
          } catch (const std::exception& e) {
            state.SkipWithError(e.what());
            return;
          }
          const auto n = static_cast<std::size_t>(p * p);
          std::mt19937 gen(3);
          std::uniform_real_distribution<float> dist(-1.0F, 1.0F);
          std::vector<float> w(n), g(n);
          for (float& x : w) x = 0.1F * dist(gen);
          for (float& x : g) x = dist(gen);
          ParamLayout layout;
          layout.add_matrix("weight", static_cast<std::size_t>(p), static_cast<std::size_t>(p), TensorRole::weight);
          muon->reset(layout);
          std::int64_t step = 0;
          for (auto _ : state) {
            muon->step(w, g, StepContext{1e-3, ++step});
            benchmark::DoNotOptimize(w.data());
            benchmark::ClobberMemory();
          }
          state.counters["flops_per_second"] = benchmark::Counter(
              newton_schulz_flops(p, p, values.integer("ns_steps")), benchmark::Counter::kIsIterationInvariantRate);
        })
        ->Unit(benchmark::kMillisecond);
    ++count;
  }
  return count;
}

}  // namespace lrbench::bench
