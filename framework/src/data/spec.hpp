// What a scenario's `data` section resolves to: one spec type per kind of
// data (DataSource, a variant), and how its rows are split into training,
// validation and test sets (SplitSpec). data::load (dataset.hpp) turns a
// DataSpec into a Dataset.
//
// Adding a kind: its spec here (and in DataSource), its file in this module
// with the functions kinds.hpp lists, one reader in scenario/, the docs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include "util/names.hpp"

namespace lrbench::data {

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

// make_circles parameters, named as in scikit-learn: a large circle (class 0,
// n_samples_out points) around a small one (class 1, n_samples_in points,
// radius `factor`), with Gaussian noise of std `noise` (0: none).
struct CirclesSpec {
  int n_samples_out = 50;  // sklearn: n_samples // 2, or the first of a pair
  int n_samples_in = 50;   // the rest
  double noise = 0.0;
  double factor = 0.8;
  bool shuffle = true;
  std::uint32_t random_state = 0;
};

// make_moons parameters, named as in scikit-learn: two interleaving half
// circles, the upper (class 0, n_samples_out points) and the lower (class 1,
// n_samples_in points), with Gaussian noise of std `noise` (0: none).
struct MoonsSpec {
  int n_samples_out = 50;  // sklearn: n_samples // 2, or the first of a pair
  int n_samples_in = 50;   // the rest
  double noise = 0.0;
  bool shuffle = true;
  std::uint32_t random_state = 0;
};

// Interleaved spirals (the project's own generator): `arms` classes, each a
// spiral arm from the centre out to radius 1, `turns` revolutions long,
// rotated 2π/arms from the previous one, with Gaussian noise of std `noise`.
struct SpiralsSpec {
  int n_samples = 300;
  int arms = 3;
  double turns = 1.0;
  double noise = 0.0;
  bool shuffle = true;
  std::uint32_t random_state = 0;
};

// Whether a CSV file's first row names the columns.
enum class CsvHeader : std::uint8_t { automatic, present, absent };
inline constexpr util::NameTable<CsvHeader, 3> kCsvHeaderNames{
    {{{CsvHeader::automatic, "auto"}, {CsvHeader::present, "true"}, {CsvHeader::absent, "false"}}}};

// Any CSV file of numbers with one label column (numbers or words; each
// distinct value is a class, in sorted order).
struct CsvSpec {
  std::string path;  // as the scenario writes it (relative to the scenario file)
  std::string file;  // the file read: `path` resolved against the scenario's folder
  std::optional<std::int64_t> label_index;  // 0-based; negative counts from the end
  std::string label_name;                   // a header's column name, when not an index
  CsvHeader header = CsvHeader::automatic;
  bool standardize = false;  // features to mean 0, std 1, fitted on the training rows
};

// MNIST-format IDX files (idx3-ubyte images, idx1-ubyte labels), gzip or
// plain; pixels scaled to [0, 1]. With test files, the test set is theirs.
struct IdxSpec {
  std::string images;       // as written
  std::string labels;
  std::string test_images;  // "" when absent
  std::string test_labels;
  std::string images_file;  // the files read: resolved against the scenario's folder
  std::string labels_file;
  std::string test_images_file;
  std::string test_labels_file;
};

// Fashion-MNIST (Xiao et al. 2017): the four IDX files of a folder, by
// default where Debian's dataset-fashion-mnist package puts them.
inline constexpr const char* kFashionMnistFolder = "/usr/share/datasets/fashion-mnist";
struct FashionMnistSpec {
  std::string path = kFashionMnistFolder;  // as written
  std::string folder = kFashionMnistFolder;  // resolved
};

// Classic optimisation test problems: no samples and no model, the optimizer
// works on x directly (data/functions.hpp gives the formulas).
enum class TestFunction : std::uint8_t { rosenbrock, quadratic, noisy_quadratic, rastrigin };
inline constexpr util::NameTable<TestFunction, 4> kTestFunctionNames{{{
    {TestFunction::rosenbrock, "rosenbrock"},
    {TestFunction::quadratic, "quadratic"},
    {TestFunction::noisy_quadratic, "noisy_quadratic"},
    {TestFunction::rastrigin, "rastrigin"},
}}};

struct FunctionSpec {
  TestFunction function = TestFunction::rosenbrock;
  int dimensions = 2;
  double condition_number = 100.0;  // quadratics: κ, the ratio of the largest to the smallest curvature
  double noise = 0.0;               // noisy_quadratic: σ of the Gaussian noise added to each gradient component
  std::uint32_t random_state = 0;   // the quadratics' rotation; with the run's seed, the start point
};

// The kinds of data, one alternative each.
using DataSource = std::variant<BlobsSpec, CirclesSpec, MoonsSpec, SpiralsSpec, CsvSpec, IdxSpec, FashionMnistSpec, FunctionSpec>;

// Whether a source is a test function (trained without samples or a model).
[[nodiscard]] inline bool is_function(const DataSource& source) noexcept {
  return std::holds_alternative<FunctionSpec>(source);
}

// How many rows a part of the split takes: a count, or a fraction of the
// rows available, rounded down (floor(fraction · n)).
struct Amount {
  bool is_fraction = false;
  std::int64_t count = 0;
  double fraction = 0.0;

  [[nodiscard]] std::int64_t rows(std::int64_t available) const;
};

// The split of a source's rows, in the source's order: the first `train`
// rows train, the next `validation` rows validate, the next `test` rows test.
// An absent `test` takes the rest; an absent `train` takes the rest when
// `test` is given (or, for a source with its own test rows, always). With
// `stratify`, each part keeps the classes' proportions (up to rounding).
struct SplitSpec {
  std::optional<Amount> train = Amount{true, 0, 0.5};
  std::optional<Amount> validation;
  std::optional<Amount> test;
  bool stratify = false;
};

struct DataSpec {
  DataSource source;
  SplitSpec split;
};

}  // namespace lrbench::data
