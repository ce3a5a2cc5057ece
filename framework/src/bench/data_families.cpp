// data/load/<kind>: data::load end to end (read, decode, split, convert to
// float32), as a run's first use of a dataset pays it once per process.
#include <filesystem>
#include <system_error>

#include <benchmark/benchmark.h>

#include "bench/bench.hpp"
#include "data/dataset.hpp"

namespace lrbench::bench {
namespace {

// scenarios/tasks/fashion-mnist.yaml's data: Debian's dataset-fashion-mnist
// (four gzip'd IDX files: 60,000 training and 10,000 test images of 28×28
// bytes), split 50,000 train / 10,000 validation, the 10,000 test images
// as the test set; pixels to float32 in [0, 1].
data::DataSpec fashion_mnist_spec() {
  data::DataSpec spec;
  spec.source = data::FashionMnistSpec{};
  spec.split.train = data::Amount{false, 50'000, 0.0};
  spec.split.validation = data::Amount{false, 10'000, 0.0};
  return spec;
}

void register_load(const char* name, data::DataSpec spec) {
  benchmark::RegisterBenchmark(name, [spec](benchmark::State& state) {
    std::size_t bytes = 0;
    for (auto _ : state) {
      const data::Dataset d = data::load(spec);
      bytes = d.bytes();
      benchmark::DoNotOptimize(d.train.x.data());
    }
    state.counters["dataset_bytes"] = static_cast<double>(bytes);
  })->Unit(benchmark::kMillisecond);
}

}  // namespace

int register_data_families() {
  std::error_code ec;
  // Registered only where Debian's package is installed: a machine without
  // it has nothing to measure (the tasks scenario says how to install it).
  if (!std::filesystem::is_directory(data::kFashionMnistFolder, ec)) return 0;
  register_load("data/load/fashion_mnist", fashion_mnist_spec());
  return 1;
}

}  // namespace lrbench::bench
