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

// The kinds of data, one alternative each.
using DataSource = std::variant<BlobsSpec>;

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
