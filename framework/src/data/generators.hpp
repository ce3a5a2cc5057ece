// The synthetic classification data: points in float64, rows = samples,
// exactly as each generator produces them (the sklearn ones bit-identical to
// scikit-learn 1.2). data::load splits and converts them.
#pragma once

#include <cstdint>
#include <vector>

#include "data/spec.hpp"

namespace lrbench::data {

// X has n_samples * n_features values, row-major; y the class of each row.
struct Points {
  int n_samples = 0;
  int n_features = 0;
  std::vector<double> X;
  std::vector<std::int32_t> y;
};

// Throws std::invalid_argument for n_samples, centers or n_features < 1, a
// negative or non-finite cluster_std, or a non-finite center box.
[[nodiscard]] Points make_blobs(const BlobsSpec& spec);

// Throws std::invalid_argument for no samples, factor outside [0, 1) or a
// negative or non-finite noise.
[[nodiscard]] Points make_circles(const CirclesSpec& spec);

// Throws std::invalid_argument for no samples or a negative or non-finite noise.
[[nodiscard]] Points make_moons(const MoonsSpec& spec);

// Throws std::invalid_argument for n_samples < arms, arms < 2, turns <= 0 or
// a negative or non-finite noise.
[[nodiscard]] Points make_spirals(const SpiralsSpec& spec);

}  // namespace lrbench::data
