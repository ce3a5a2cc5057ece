// Datasets: the classification data every run trains on.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "util/names.hpp"

namespace lrbench::data {

// Samples as rows: x is (samples × features), float32, the layout the MLP
// takes (model/mlp.hpp), so a minibatch is a block of consecutive rows.
// y holds class indices 0..k-1.
struct Dataset {
  Eigen::MatrixXf x;
  std::vector<std::int32_t> y;
  int num_classes = 0;

  [[nodiscard]] Eigen::Index num_samples() const noexcept { return x.rows(); }
  [[nodiscard]] Eigen::Index num_features() const noexcept { return x.cols(); }
};

struct TrainTest {
  Dataset train;
  Dataset test;
};

enum class BlobsGenerator : std::uint8_t {
  sklearn,  // bit-exact sklearn.datasets.make_blobs (numpy legacy RandomState)
  native,   // the project's own fast, portable generator
};
inline constexpr util::NameTable<BlobsGenerator, 2> kBlobsGeneratorNames{
    {{{BlobsGenerator::sklearn, "sklearn"}, {BlobsGenerator::native, "native"}}}};

// make_blobs parameters, named as in scikit-learn.
struct BlobsSpec {
  BlobsGenerator generator = BlobsGenerator::sklearn;
  int n_samples = 100;
  int centers = 3;
  int n_features = 2;
  double cluster_std = 1.0;
  double center_box_low = -10.0;
  double center_box_high = 10.0;
  bool shuffle = true;
  std::uint32_t random_state = 0;
};

// Blobs in float64, rows = samples, exactly as the generator produced them
// (sklearn: bit-identical to make_blobs). X has n_samples * n_features values,
// row-major.
struct Blobs {
  int n_samples = 0;
  int n_features = 0;
  std::vector<double> X;
  std::vector<std::int32_t> y;
};

// Throws std::invalid_argument for n_samples, centers or n_features < 1, a
// negative or non-finite cluster_std, or a non-finite center box.
[[nodiscard]] Blobs make_blobs(const BlobsSpec& spec);

// How many of the generated rows go to training: the first `train` rows (in
// the generator's order), the rest to test. A fraction in (0, 1) is rounded
// down to a count.
struct SplitSpec {
  bool is_fraction = false;
  double fraction = 0.5;
  int count = 0;
};

// Converts to float32 (samples as rows) and splits. Throws std::invalid_argument
// when the split leaves either part empty.
[[nodiscard]] TrainTest split(const Blobs& blobs, int num_classes, const SplitSpec& split);

}  // namespace lrbench::data
