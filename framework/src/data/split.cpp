#include <cmath>
#include <stdexcept>
#include <string>

#include "data/dataset.hpp"

namespace lrbench::data {
namespace {

// Rows [first, first + count) of row-major float64 X, as float32.
Dataset take(const Blobs& blobs, int num_classes, Eigen::Index first, Eigen::Index count) {
  using RowMajor = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  const Eigen::Map<const RowMajor> all(blobs.X.data(), blobs.n_samples, blobs.n_features);
  Dataset d;
  d.x = all.middleRows(first, count).cast<float>();
  d.y.assign(blobs.y.begin() + first, blobs.y.begin() + first + count);
  d.num_classes = num_classes;
  return d;
}

}  // namespace

TrainTest split(const Blobs& blobs, int num_classes, const SplitSpec& spec) {
  auto fail = [](const std::string& what) { throw std::invalid_argument("split: " + what); };
  const long long n = blobs.n_samples;
  if (n < 0 || blobs.n_features < 1 ||
      blobs.X.size() != static_cast<std::size_t>(n) * static_cast<std::size_t>(blobs.n_features) ||
      blobs.y.size() != static_cast<std::size_t>(n)) {
    fail("malformed blobs (X and y sizes do not match n_samples × n_features)");
  }
  if (num_classes < 1) fail("num_classes must be at least 1, got " + std::to_string(num_classes));
  for (const auto label : blobs.y) {
    if (label < 0 || label >= num_classes) {
      fail("label " + std::to_string(label) + " outside [0, " + std::to_string(num_classes) + ")");
    }
  }

  long long train = 0;
  if (spec.is_fraction) {
    if (!(spec.fraction > 0.0 && spec.fraction < 1.0)) {
      fail("train fraction must be in (0, 1), got " + std::to_string(spec.fraction));
    }
    // Round down: floor(fraction · n).
    train = static_cast<long long>(std::floor(spec.fraction * static_cast<double>(n)));
    if (train == 0) {
      fail("train fraction " + std::to_string(spec.fraction) + " of " + std::to_string(n) +
           " samples leaves the training set empty");
    }
  } else {
    train = spec.count;
    if (train < 1) fail("train count must be at least 1, got " + std::to_string(spec.count));
    if (train > n) {
      fail("train count " + std::to_string(train) + " exceeds the " + std::to_string(n) + " samples");
    }
  }
  if (train >= n) {
    fail("training on " + std::to_string(train) + " of " + std::to_string(n) +
         " samples leaves the test set empty");
  }

  return TrainTest{take(blobs, num_classes, 0, train), take(blobs, num_classes, train, n - train)};
}

}  // namespace lrbench::data
