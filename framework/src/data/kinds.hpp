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
#include "data/generators.hpp"
#include "data/spec.hpp"

namespace lrbench::data {

// Rows of a source, row-major, one label per row: float64 values
// (generators and CSV compute in double, like their references), or pixel
// bytes (image files), which become float32 p / 255 only when gathered into
// a Dataset, so a 60,000-image file is held once as bytes, not twice.
struct Rows {
  std::int64_t count = 0;
  std::int64_t features = 0;
  std::vector<double> f64;        // count × features, when the source is float64
  std::vector<std::uint8_t> u8;   // count × features pixel bytes, otherwise
  std::vector<std::int32_t> y;
};

// A pixel byte as a feature: p / 255 in float32 (one correctly rounded division).
[[nodiscard]] inline float pixel_value(std::uint8_t p) noexcept { return static_cast<float>(p) / 255.0F; }

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

// A generator's points as a source of `classes` classes, features "x0", ...
[[nodiscard]] Source source_of(Points points, int classes);

// One block per kind, in DataSource's order.
[[nodiscard]] Source read(const BlobsSpec& spec);
[[nodiscard]] Shape shape_of(const BlobsSpec& spec);
[[nodiscard]] nlohmann::json to_json(const BlobsSpec& spec);
[[nodiscard]] std::string describe(const BlobsSpec& spec);
[[nodiscard]] std::uint32_t random_state_of(const BlobsSpec& spec);

[[nodiscard]] Source read(const MoonsSpec& spec);
[[nodiscard]] Shape shape_of(const MoonsSpec& spec);
[[nodiscard]] nlohmann::json to_json(const MoonsSpec& spec);
[[nodiscard]] std::string describe(const MoonsSpec& spec);
[[nodiscard]] std::uint32_t random_state_of(const MoonsSpec& spec);

[[nodiscard]] Source read(const CirclesSpec& spec);
[[nodiscard]] Shape shape_of(const CirclesSpec& spec);
[[nodiscard]] nlohmann::json to_json(const CirclesSpec& spec);
[[nodiscard]] std::string describe(const CirclesSpec& spec);
[[nodiscard]] std::uint32_t random_state_of(const CirclesSpec& spec);

[[nodiscard]] Source read(const SpiralsSpec& spec);
[[nodiscard]] Shape shape_of(const SpiralsSpec& spec);
[[nodiscard]] nlohmann::json to_json(const SpiralsSpec& spec);
[[nodiscard]] std::string describe(const SpiralsSpec& spec);
[[nodiscard]] std::uint32_t random_state_of(const SpiralsSpec& spec);

[[nodiscard]] Source read(const CsvSpec& spec);
[[nodiscard]] Shape shape_of(const CsvSpec& spec);
[[nodiscard]] nlohmann::json to_json(const CsvSpec& spec);
[[nodiscard]] std::string describe(const CsvSpec& spec);
[[nodiscard]] std::uint32_t random_state_of(const CsvSpec& spec);

// idx.cpp: IDX files, and Fashion-MNIST's folder of them.
[[nodiscard]] Source read(const IdxSpec& spec);
[[nodiscard]] Shape shape_of(const IdxSpec& spec);
[[nodiscard]] nlohmann::json to_json(const IdxSpec& spec);
[[nodiscard]] std::string describe(const IdxSpec& spec);
[[nodiscard]] std::uint32_t random_state_of(const IdxSpec& spec);

[[nodiscard]] Source read(const FashionMnistSpec& spec);
[[nodiscard]] Shape shape_of(const FashionMnistSpec& spec);
[[nodiscard]] nlohmann::json to_json(const FashionMnistSpec& spec);
[[nodiscard]] std::string describe(const FashionMnistSpec& spec);
[[nodiscard]] std::uint32_t random_state_of(const FashionMnistSpec& spec);

// functions.cpp: test functions have no samples (read() throws).
[[nodiscard]] Source read(const FunctionSpec& spec);
[[nodiscard]] Shape shape_of(const FunctionSpec& spec);
[[nodiscard]] nlohmann::json to_json(const FunctionSpec& spec);
[[nodiscard]] std::string describe(const FunctionSpec& spec);
[[nodiscard]] std::uint32_t random_state_of(const FunctionSpec& spec);

}  // namespace lrbench::data
