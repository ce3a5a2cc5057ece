// Datasets: the classification data every run trains on, and data::load,
// which builds one from its spec (spec.hpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <Eigen/Core>
#include <nlohmann/json.hpp>

#include "data/spec.hpp"

namespace lrbench::data {

// Samples as rows: x is (samples × features), float32, row-major, so one
// sample's features are contiguous and a shuffled minibatch reads whole
// rows (the MLP copies them into its own feature-major workspace,
// model/gather.hpp). y holds class indices 0..k-1.
using SampleMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

struct Samples {
  SampleMatrix x;
  std::vector<std::int32_t> y;

  [[nodiscard]] Eigen::Index num_samples() const noexcept { return x.rows(); }
  [[nodiscard]] Eigen::Index num_features() const noexcept { return x.cols(); }
  [[nodiscard]] bool empty() const noexcept { return x.rows() == 0; }
};

// What data::load returns: the three parts of the split (validation may be
// empty), the number of classes and a name per feature ("x0", a CSV header's
// column name, "pixel0").
struct Dataset {
  Samples train;
  Samples validation;
  Samples test;
  int num_classes = 0;
  std::vector<std::string> feature_names;

  [[nodiscard]] std::size_t bytes() const noexcept;  // memory held by the samples
};

// A problem with the data itself: a file that cannot be read or does not hold
// what its kind promises, or a split the data cannot satisfy. `file` and
// `line` (1-based, 0 = none) say where, when a file is to blame; what()
// reads "FILE:LINE: MESSAGE" then.
class DataError : public std::runtime_error {
 public:
  DataError(std::string message, std::string file = {}, std::int64_t line = 0);
  std::string message;
  std::string file;
  std::int64_t line = 0;
};

// What a source holds, known without building it: generators from their
// parameters, files from their headers. `rows` are the rows the split
// divides; a source with its own test rows (IDX test files) says how many.
struct Shape {
  std::int64_t rows = 0;
  std::int64_t features = 0;
  std::optional<int> classes;
  std::int64_t own_test_rows = 0;
};

// How many rows each part of the split takes from a source of this shape.
struct PartRows {
  std::int64_t train = 0;
  std::int64_t validation = 0;
  std::int64_t test = 0;
};

// Throws DataError when the source cannot be read (a missing file, a bad
// header). Cheap: never generates or reads the samples themselves.
[[nodiscard]] Shape shape(const DataSource& source);

// Throws DataError when the split leaves training or test empty or asks for
// more rows than the source has ("train 800 + test 300 = 1100 rows, but the
// data has 1000").
[[nodiscard]] PartRows part_rows(const SplitSpec& split, const Shape& shape);

// The memory a Dataset of this shape and split holds (float32 features,
// int32 labels).
[[nodiscard]] std::size_t estimated_bytes(const Shape& shape, const PartRows& parts);

// Generates or reads the source, splits it and converts it to float32.
// Throws DataError (bad files, a bad split) or std::invalid_argument (bad
// parameters the scenario loader would have refused).
[[nodiscard]] Dataset load(const DataSpec& spec);

// The canonical JSON of a source (its `kind` and every parameter, defaults
// written out): part of the run configuration that run ids hash.
[[nodiscard]] nlohmann::json to_json(const DataSource& source);

// What tells two sources apart for sharing a built dataset: the canonical
// JSON plus, for files, the files actually read (the same relative path in
// two scenario folders names two files).
[[nodiscard]] std::string identity(const DataSource& source);

// One line for a report's setup: "`make_blobs` (bit-exact scikit-learn):
// 1000 samples, 3 classes, 2 features, ...".
[[nodiscard]] std::string describe(const DataSource& source);

// The split in words, for a report: "the first 500 rows train, the other 500
// test", "stratified by class: 600 rows train, 150 validate, 250 test".
[[nodiscard]] std::string describe(const SplitSpec& split, const Shape& shape, const PartRows& parts);

// The seed the source's generator takes (random_state), 0 when it has none.
[[nodiscard]] std::uint32_t random_state(const DataSource& source);

}  // namespace lrbench::data
