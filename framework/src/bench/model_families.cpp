// The model's benchmark families (bench.hpp): dense layers forward and
// trained, a Fashion-MNIST-shaped epoch, the arithmetic peak they are
// measured against, and one seed-study run taken apart.
#include <algorithm>
#include <memory>
#include <numeric>
#include <span>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>
#include <Eigen/Core>
#include <fmt/format.h>

#include "bench/bench.hpp"
#include "data/dataset.hpp"
#include "model/isa.hpp"
#include "scenario/loader.hpp"
#include "model/mlp.hpp"
#include "util/random.hpp"

namespace lrbench::bench {

namespace {

using benchmark::Counter;

model::ModelSpec relu_mlp(const std::vector<int>& hidden, int classes) {
  model::ModelSpec spec;
  for (int units : hidden) spec.layers.push_back({units, model::Activation::relu, model::Init::he_uniform});
  spec.layers.push_back({classes, model::Activation::softmax, model::Init::glorot_uniform});
  return spec;
}

std::vector<int> widths_of(const ModelCase& c) {
  std::vector<int> widths{c.inputs};
  widths.insert(widths.end(), c.hidden.begin(), c.hidden.end());
  widths.push_back(c.classes);
  return widths;
}

// Samples as rows, uniform in [0, 1) (pixel-like), in data::Dataset's
// row-major layout; labels 0..classes−1.
struct Synthetic {
  data::SampleMatrix x;
  std::vector<std::int32_t> y;
};
Synthetic synthetic(int rows, int features, int classes, std::uint64_t seed) {
  util::Rng rng(seed);
  Synthetic s{data::SampleMatrix(rows, features), std::vector<std::int32_t>(static_cast<std::size_t>(rows))};
  for (Eigen::Index i = 0; i < s.x.size(); ++i) s.x(i) = rng.uniform_float();
  for (auto& label : s.y) label = static_cast<std::int32_t>(rng.bounded(static_cast<std::uint64_t>(classes)));
  return s;
}

// --- model/<case>/<forward|train> --------------------------------------------

void register_model(const ModelCase& c, bool train) {
  benchmark::RegisterBenchmark(
      fmt::format("model/{}/{}", c.name, train ? "train" : "forward").c_str(),
      [c, train](benchmark::State& state) {
        model::Mlp<float> mlp(c.inputs, relu_mlp(c.hidden, c.classes), c.batch);
        std::vector<float> params(mlp.num_parameters());
        std::vector<float> grads(mlp.num_parameters());
        util::Rng rng(7);
        model::initialize<float>(mlp.layers(), params, rng);
        const Synthetic data = synthetic(c.batch, c.inputs, c.classes, 8);
        for (auto _ : state) {
          if (train) {
            benchmark::DoNotOptimize(mlp.loss_and_gradient(params, data.x, data.y, grads));
            // Plain SGD, w −= lr·g, inline: the update's cost is in the optimizer family.
            for (std::size_t i = 0; i < params.size(); ++i) params[i] -= 1e-4F * grads[i];
          } else {
            mlp.forward(params, data.x);
          }
          benchmark::DoNotOptimize(params.data());
          benchmark::ClobberMemory();
        }
        const double flops = (train ? training_flops(widths_of(c)) : forward_flops(widths_of(c))) * c.batch;
        state.counters["samples_per_second"] = Counter(c.batch, Counter::kIsIterationInvariantRate);
        state.counters["flops_per_second"] = Counter(flops, Counter::kIsIterationInvariantRate);
      })
      ->Unit(benchmark::kMicrosecond);
}

// --- peak/mul-add --------------------------------------------------------------

void register_peak() {
  benchmark::RegisterBenchmark("peak/mul-add", [](benchmark::State& state) {
    const model::Kernels<float>& kernels = model::kernels_f32(model::selected_isa());
    constexpr std::int64_t kRounds = 100'000;
    std::int64_t flops = 0;
    float checksum = 0.0F;
    for (auto _ : state) {
      flops = kernels.peak(kRounds, &checksum);
      benchmark::DoNotOptimize(checksum);
    }
    state.counters["flops_per_second"] = Counter(static_cast<double>(flops), Counter::kIsIterationInvariantRate);
    state.SetLabel(std::string(model::to_string(model::selected_isa())));
  })->Unit(benchmark::kMicrosecond);
}

// --- fmnist/epoch --------------------------------------------------------------

void register_fmnist_epoch(const plugins::Registry& registry) {
  benchmark::RegisterBenchmark("fmnist/epoch", [&registry](benchmark::State& state) {
    const ModelCase& c = kFmnistCase;
    static const Synthetic train_set = synthetic(kFmnistTrain, c.inputs, c.classes, 1);
    static const Synthetic test_set = synthetic(kFmnistTest, c.inputs, c.classes, 2);
    model::Mlp<float> mlp(c.inputs, relu_mlp(c.hidden, c.classes), 256);
    std::vector<float> params(mlp.num_parameters());
    std::vector<float> grads(mlp.num_parameters());
    util::Rng init(3);
    model::initialize<float>(mlp.layers(), params, init);
    auto sgd = registry.make_optimizer("sgd", defaults_of(registry, *registry.find(PluginKind::optimizer, "sgd")));
    sgd->reset(ParamLayout::single(params.size()));
    std::vector<std::int32_t> order(kFmnistTrain);
    std::iota(order.begin(), order.end(), 0);
    util::Rng shuffle(4);
    std::int64_t step = 0;
    for (auto _ : state) {
      shuffle.shuffle(order);
      for (int start = 0; start < kFmnistTrain; start += c.batch) {
        const int count = std::min(c.batch, kFmnistTrain - start);
        mlp.loss_and_gradient(params, train_set.x, train_set.y,
                              std::span<const std::int32_t>(order).subspan(static_cast<std::size_t>(start),
                                                                           static_cast<std::size_t>(count)),
                              grads);
        sgd->step(params, grads, StepContext{0.01, ++step, nullptr});
      }
      benchmark::DoNotOptimize(mlp.evaluate(params, train_set.x, train_set.y));
      benchmark::DoNotOptimize(mlp.evaluate(params, test_set.x, test_set.y));
    }
    const double forward = forward_flops(widths_of(c));
    state.counters["flops_per_second"] =
        Counter(training_flops(widths_of(c)) * kFmnistTrain + forward * (kFmnistTrain + kFmnistTest),
                Counter::kIsIterationInvariantRate);
    state.counters["samples_per_second"] = Counter(kFmnistTrain, Counter::kIsIterationInvariantRate);
  })->Unit(benchmark::kMillisecond);
}

// --- breakdown/seed-run/<part> ---------------------------------------------------

// One seed-study run (run/seed-study) is 200 epochs of 16 training steps of
// batch 32 (the last 20), one SGD step each, a shuffle per epoch, and loss and
// accuracy over the 500 training and 500 test samples per epoch. Each part
// below does its share of one run, on the seed study's own data.
struct SeedRun {
  data::Dataset data;
  model::ModelSpec spec = relu_mlp({50}, 3);
};
const SeedRun& seed_run(const plugins::Registry& registry) {
  static const SeedRun run{data::load(
      scenario::load_scenario_text(seed_study_yaml(), "bench-seed-study.yaml", registry).variants.front().config.data)};
  return run;
}

enum class Part { forward, train_steps, optimizer, evaluation, shuffle };

void register_breakdown(const plugins::Registry& registry, Part part, const char* name) {
  benchmark::RegisterBenchmark(fmt::format("breakdown/seed-run/{}", name).c_str(), [&registry, part](
                                                                                        benchmark::State& state) {
    const SeedRun& run = seed_run(registry);
    constexpr int kEpochs = 200;
    constexpr int kBatch = 32;
    const data::Samples& train_set = run.data.train;
    const auto n = static_cast<int>(train_set.num_samples());
    model::Mlp<float> mlp(2, run.spec, 256);
    std::vector<float> params(mlp.num_parameters());
    std::vector<float> grads(mlp.num_parameters());
    util::Rng init(0);
    model::initialize<float>(mlp.layers(), params, init);
    std::vector<std::int32_t> order(static_cast<std::size_t>(n));
    std::iota(order.begin(), order.end(), 0);
    util::Rng shuffle(1);
    shuffle.shuffle(order);
    auto sgd = registry.make_optimizer("sgd", defaults_of(registry, *registry.find(PluginKind::optimizer, "sgd")));
    sgd->reset(ParamLayout::single(params.size()));
    std::int64_t step = 0;
    for (auto _ : state) {
      for (int epoch = 0; epoch < kEpochs; ++epoch) {
        switch (part) {
          case Part::shuffle: shuffle.shuffle(order); break;
          case Part::evaluation:
            benchmark::DoNotOptimize(mlp.evaluate(params, train_set.x, train_set.y));
            benchmark::DoNotOptimize(mlp.evaluate(params, run.data.test.x, run.data.test.y));
            break;
          default:
            for (int start = 0; start < n; start += kBatch) {
              const auto rows = std::span<const std::int32_t>(order).subspan(
                  static_cast<std::size_t>(start), static_cast<std::size_t>(std::min(kBatch, n - start)));
              if (part == Part::train_steps) {
                mlp.loss_and_gradient(params, train_set.x, train_set.y, rows, grads);
              } else if (part == Part::forward) {
                mlp.forward(params, train_set.x.middleRows(start, static_cast<Eigen::Index>(rows.size())));
              } else {
                sgd->step(params, grads, StepContext{1e-9, ++step, nullptr});
              }
            }
        }
      }
      benchmark::DoNotOptimize(params.data());
      benchmark::ClobberMemory();
    }
  })->Unit(benchmark::kMillisecond);
}

}  // namespace

int register_model_families(const plugins::Registry& registry) {
  int count = 0;
  for (const ModelCase* c : {&kStudyCase, &kLargeCase, &kFmnistCase}) {
    register_model(*c, false);
    register_model(*c, true);
    count += 2;
  }
  register_peak();
  ++count;
  if (registry.find(PluginKind::optimizer, "sgd") == nullptr) return count;  // the rest train with sgd
  register_fmnist_epoch(registry);
  const std::pair<Part, const char*> parts[] = {{Part::forward, "forward"},
                                                {Part::train_steps, "train-steps"},
                                                {Part::optimizer, "optimizer"},
                                                {Part::evaluation, "evaluation"},
                                                {Part::shuffle, "shuffle"}};
  for (const auto& [part, name] : parts) register_breakdown(registry, part, name);
  return count + 1 + 5;
}

}  // namespace lrbench::bench
