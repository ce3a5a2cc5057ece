// The benchmark families (see bench.hpp), registered at run time.
#include <algorithm>
#include <cmath>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>
#include <Eigen/Core>
#include <fmt/format.h>

#include "bench/bench.hpp"
#include "plugins/declaration.hpp"
#include "plugins/resolve.hpp"
#include "data/dataset.hpp"
#include "model/mlp.hpp"
#include "provenance/context.hpp"
#include "run/record.hpp"
#include "run/runner.hpp"
#include "run/trainer.hpp"
#include "scenario/loader.hpp"
// The adam plugin's update, compiled into the host for the boundary family.
#include "optimizers/adam_family.hpp"

namespace lrbench::bench {

namespace {

using benchmark::Counter;

// gradient_at for plugins that ask for more gradients (SAM): the same
// gradient at any weights, so the benchmark measures the optimizer's own work
// plus one copy per extra gradient.
class ConstantGradient final : public GradientSource {
 public:
  explicit ConstantGradient(std::span<const float> g) : g_(g) {}
  double gradient_at(std::span<const float> /*weights*/, std::span<float> gradient) override {
    std::copy(g_.begin(), g_.end(), gradient.begin());
    return 0.0;
  }

 private:
  std::span<const float> g_;
};

std::vector<float> random_vector(std::size_t n, std::uint32_t seed, float scale) {
  std::mt19937 gen(seed);
  std::uniform_real_distribution<float> dist(-scale, scale);
  std::vector<float> v(n);
  for (float& x : v) x = dist(gen);
  return v;
}

void set_step_counters(benchmark::State& state, std::int64_t n, std::size_t state_buffers) {
  state.counters["params_per_second"] = Counter(static_cast<double>(n), Counter::kIsIterationInvariantRate);
  state.counters["bytes_per_second"] =
      Counter(bytes_per_step(n, state_buffers), Counter::kIsIterationInvariantRate);
}

// --- optimizer/<name>/<n> and boundary/<name>/plugin/<n> ------------------

void register_optimizer(const plugins::Registry& registry, const PluginInfo& info, const std::string& prefix,
                        std::int64_t n) {
  const std::string name = std::string(info.meta.name);
  benchmark::RegisterBenchmark(
      fmt::format("{}/{}", prefix, n).c_str(),
      [&registry, &info, name, n](benchmark::State& state) {
        std::shared_ptr<Optimizer> optimizer;
        try {
          optimizer = registry.make_optimizer(name, defaults_of(registry, info));
        } catch (const std::exception& e) {
          state.SkipWithError(e.what());
          return;
        }
        std::vector<float> w = random_vector(static_cast<std::size_t>(n), 1, 0.1F);
        const std::vector<float> g = random_vector(static_cast<std::size_t>(n), 2, 1.0F);
        optimizer->reset(ParamLayout::single(static_cast<std::size_t>(n)));
        ConstantGradient more_gradients(g);
        std::int64_t step = 0;
        for (auto _ : state) {
          optimizer->step(w, g, StepContext{1e-3, ++step, &more_gradients});
          benchmark::DoNotOptimize(w.data());
          benchmark::ClobberMemory();
        }
        set_step_counters(state, n, optimizer->state_buffers());
      })
      ->Unit(n >= 1'000'000 ? benchmark::kMillisecond : benchmark::kMicrosecond);
}

// --- boundary/adam/direct/<n>: the adam plugin's own update (its class
// template, plugins/optimizers/adam_family.hpp, instantiated with the same
// default parameters), compiled into the host, so plugin ÷ direct measures
// the plugin boundary alone.

void register_direct_adam(const plugins::Registry& registry, const PluginInfo& info, std::int64_t n) {
  benchmark::RegisterBenchmark(
      fmt::format("boundary/adam/direct/{}", n).c_str(),
      [&registry, &info, n](benchmark::State& state) {
        std::vector<float> w = random_vector(static_cast<std::size_t>(n), 1, 0.1F);
        const std::vector<float> g = random_vector(static_cast<std::size_t>(n), 2, 1.0F);
        lrbench_plugins::AdamFamily<lrbench_plugins::WeightDecay::l2> adam(defaults_of(registry, info));
        adam.reset(ParamLayout::single(static_cast<std::size_t>(n)));
        std::int64_t step = 0;
        for (auto _ : state) {
          adam.step(w, g, StepContext{1e-3, ++step, nullptr});
          benchmark::DoNotOptimize(w.data());
          benchmark::ClobberMemory();
        }
        set_step_counters(state, n, adam.state_buffers());
      })
      ->Unit(n >= 1'000'000 ? benchmark::kMillisecond : benchmark::kMicrosecond);
}

// --- schedule/<name> -------------------------------------------------------

void register_schedule(const plugins::Registry& registry, const PluginInfo& info) {
  const std::string name = std::string(info.meta.name);
  benchmark::RegisterBenchmark(("schedule/" + name).c_str(), [&registry, &info, name](benchmark::State& state) {
    std::shared_ptr<Schedule> schedule;
    try {
      schedule = registry.make_schedule(name, defaults_of(registry, info), 0.01);
    } catch (const std::exception& e) {
      state.SkipWithError(e.what());
      return;
    }
    // Ticks cycle through one seed-study run (3200 steps), in order, as
    // training calls them.
    std::int64_t tick = 0;
    for (auto _ : state) {
      benchmark::DoNotOptimize(schedule->lr(tick));
      if (++tick == 3200) tick = 0;
    }
    state.SetItemsProcessed(state.iterations());
  });
}

// --- run/seed-study ----------------------------------------------------------

// The seed study's setup (scenarios/seed/01-learning-rate.yaml at lr 0.01),
// one seed: sklearn blobs (1000 samples, 3 centers, std 2, random_state 2),
// first 500 rows train, 2→50 relu→3 softmax, batch 32, 200 epochs, plain SGD.
constexpr const char* kSeedStudyYamlText = R"(name: bench-seed-study
data:
  kind: blobs
  generator: sklearn
  n_samples: 1000
  centers: 3
  n_features: 2
  cluster_std: 2.0
  center_box: [-10, 10]
  shuffle: true
  random_state: 2
  split: {train: 500}
model:
  layers:
    - {units: 50, activation: relu, init: he_uniform}
    - {units: 3, activation: softmax, init: glorot_uniform}
training: {epochs: 200, batch_size: 32, shuffle: true}
optimizer:
  name: sgd
  lr: 0.01
  params: {momentum: 0.0, dampening: 0.0, nesterov: false, weight_decay: 0.0}
schedule: {name: constant, tick: step}
seeds: [0]
)";

bool register_whole_run(const plugins::Registry& registry) {
  if (registry.find(PluginKind::optimizer, "sgd") == nullptr ||
      registry.find(PluginKind::schedule, "constant") == nullptr) {
    return false;  // the seed study needs the shipped sgd and constant plugins
  }
  benchmark::RegisterBenchmark("run/seed-study", [&registry](benchmark::State& state) {
    const scenario::Scenario sc = scenario::load_scenario_text(kSeedStudyYamlText, "bench-seed-study.yaml", registry);
    const scenario::RunConfig& config = sc.variants.front().config;
    const data::Dataset data = data::load(config.data);
    for (auto _ : state) {
      // A whole run as the runner does it: fresh plugin instances, train.
      auto optimizer = registry.make_optimizer(config.optimizer.name, config.optimizer.params);
      auto schedule = run::make_schedule(registry, config.schedule, config.optimizer.lr);
      run::RunRecord record;
      run::train(config, data, sc.seeds.front(), *optimizer, *schedule, record);
      benchmark::DoNotOptimize(record.epochs.test_accuracy.data());
    }
    state.counters["epochs_per_second"] = Counter(config.training.epochs, Counter::kIsIterationInvariantRate);
  })
      ->Unit(benchmark::kMillisecond);
  return true;
}

// --- stream/<copy|triad>/<n> ------------------------------------------------------

void register_stream(bool triad, std::int64_t n) {
  benchmark::RegisterBenchmark(
      fmt::format("stream/{}/{}", triad ? "triad" : "copy", n).c_str(),
      [triad, n](benchmark::State& state) {
        const auto size = static_cast<std::size_t>(n);
        std::vector<float> a(size, 0.0F);
        const std::vector<float> b = random_vector(size, 3, 1.0F);
        const std::vector<float> c = random_vector(size, 4, 1.0F);
        const float s = 0.5F;
        for (auto _ : state) {
          float* __restrict pa = a.data();
          const float* __restrict pb = b.data();
          const float* __restrict pc = c.data();
          if (triad) {
            for (std::size_t i = 0; i < size; ++i) pa[i] = pb[i] + s * pc[i];
          } else {
            for (std::size_t i = 0; i < size; ++i) pa[i] = pb[i];
          }
          benchmark::DoNotOptimize(a.data());
          benchmark::ClobberMemory();
        }
        state.counters["bytes_per_second"] =
            Counter(static_cast<double>(n) * 4.0 * (triad ? 3.0 : 2.0), Counter::kIsIterationInvariantRate);
      })
      ->Unit(benchmark::kMillisecond);
}

}  // namespace

ParamValues defaults_of(const plugins::Registry& registry, const PluginInfo& info) {
  return plugins::default_params(info, registry, /*use_examples=*/true);
}

double bytes_per_step(std::int64_t n, std::size_t state_buffers) noexcept {
  return static_cast<double>(n) * 4.0 * (2.0 + 1.0 + 2.0 * static_cast<double>(state_buffers));
}

double forward_flops(const std::vector<int>& widths) noexcept {
  double flops = 0.0;
  for (std::size_t l = 1; l < widths.size(); ++l) flops += 2.0 * widths[l - 1] * widths[l];
  return flops;
}

double training_flops(const std::vector<int>& widths) noexcept {
  const double first_layer = widths.size() >= 2 ? 2.0 * widths[0] * widths[1] : 0.0;
  return 3.0 * forward_flops(widths) - first_layer;
}

int register_benchmarks(const plugins::Registry& registry) {
  int count = 0;
  for (const plugins::LoadedPlugin& plugin : registry.plugins()) {
    const PluginInfo& info = *plugin.info;
    if (info.kind != PluginKind::optimizer) continue;
    for (std::int64_t n : kOptimizerSizes) {
      register_optimizer(registry, info, fmt::format("optimizer/{}", info.meta.name), n);
      ++count;
    }
  }
  if (const PluginInfo* adam = registry.find(PluginKind::optimizer, "adam")) {
    for (std::int64_t n : kOptimizerSizes) {
      register_optimizer(registry, *adam, "boundary/adam/plugin", n);
      register_direct_adam(registry, *adam, n);
      count += 2;
    }
  }
  for (const plugins::LoadedPlugin& plugin : registry.plugins()) {
    if (plugin.info->kind != PluginKind::schedule) continue;
    register_schedule(registry, *plugin.info);
    ++count;
  }
  count += register_model_families(registry);
  count += register_data_families();
  if (register_whole_run(registry)) ++count;
  count += register_newton_schulz(registry);
  for (bool triad : {false, true}) {
    register_stream(triad, 10'000'000);
    ++count;
  }
  return count;
}

void add_context(const plugins::Registry& registry) {
  std::vector<provenance::PluginVersion> versions;
  for (const plugins::LoadedPlugin& p : registry.plugins()) {
    versions.push_back({std::string(p.info->meta.name), std::string(to_string(p.info->kind)),
                        std::string(p.info->meta.version), plugins::describe_build(p.info->build)});
  }
  const provenance::Context context = provenance::collect_context(1, versions);
  benchmark::AddCustomContext("lrbench_version", context.lrbench_version);
  benchmark::AddCustomContext("lrbench_git_commit", context.git_commit);
  benchmark::AddCustomContext("lrbench_compiler", context.compiler);
  benchmark::AddCustomContext("lrbench_build_type", context.build_type);
  benchmark::AddCustomContext("lrbench_compiler_flags", context.compiler_flags);
  benchmark::AddCustomContext("lrbench_cpu_model", context.cpu_model);
  benchmark::AddCustomContext("lrbench_isa", context.isa);
  std::string plugins;
  for (const auto& p : context.plugins) {
    plugins += (plugins.empty() ? "" : ", ") + p.name + " " + p.version + " (" + p.build + ")";
  }
  benchmark::AddCustomContext("lrbench_plugins", plugins);
}

const char* seed_study_yaml() noexcept { return kSeedStudyYamlText; }

}  // namespace lrbench::bench
