// What every kind of data provides to the rest of the module (internal).
// Each kind's file defines, for its spec type S:
//   Source read(const S&)                  the rows, before splitting
//   Shape shape_of(const S&)               what read() would give, cheaply
//   nlohmann::json to_json(const S&)       canonical form, `kind` first among equals
//   std::string describe(const S&)         one line for a report
//   std::uint32_t random_state_of(const S&)
// dataset.cpp dispatches over DataSource with std::visit, so a new kind adds
// its overloads here and nothing else changes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <Eigen/Core>
#include <nlohmann/json.hpp>

#include "data/dataset.hpp"
#include "data/spec.hpp"

namespace lrbench::data {

// Rows of a source: float64 (generators and CSV compute in double, like their
// references) or float32 (image files), row-major; one label per row.
struct Rows {
  std::int64_t count = 0;
  std::int64_t features = 0;
  std::vector<double> f64;  // count × features, when the source is float64
  Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> f32;  // otherwise
  std::vector<std::int32_t> y;
};

// Everything a source provides before the split.
struct Source {
  Rows rows;                    // what the split divides
  std::optional<Rows> own_test;  // a test set the source brings (IDX test files)
  int num_classes = 0;
  std::vector<std::string> feature_names;
  bool standardize = false;     // scale features to mean 0, std 1, fit on the training rows
};

// "x0", "x1", ...
[[nodiscard]] std::vector<std::string> numbered_features(std::int64_t count, const std::string& prefix = "x");

// blobs.cpp
[[nodiscard]] Source read(const BlobsSpec& spec);
[[nodiscard]] Shape shape_of(const BlobsSpec& spec);
[[nodiscard]] nlohmann::json to_json(const BlobsSpec& spec);
[[nodiscard]] std::string describe(const BlobsSpec& spec);
[[nodiscard]] std::uint32_t random_state_of(const BlobsSpec& spec);

}  // namespace lrbench::data
