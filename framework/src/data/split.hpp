// Which rows of a source go to training, validation and test (internal; the
// public entry points are part_rows and load in dataset.hpp).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "data/dataset.hpp"

namespace lrbench::data {

// Row indices into a source's rows, each part in ascending order.
struct PartIndices {
  std::vector<std::int64_t> train;
  std::vector<std::int64_t> validation;
  std::vector<std::int64_t> test;  // empty when the source brings its own test rows
};

// Without `stratify`: consecutive blocks in the source's order (train first,
// then validation, then test; rows beyond them unused). With `stratify`: the
// same blocks taken from the rows reordered so that every prefix holds each
// class in proportion. Row r (0-based) of a class with n_c rows gets the key
// (r + 1/2) / n_c; rows sorted by key (ties: lower class, then lower row)
// interleave the classes evenly, so a block of m rows holds m·n_c/n rows of
// class c up to rounding, and a class's rows keep their order.
[[nodiscard]] PartIndices split_indices(std::span<const std::int32_t> labels, int num_classes, const PartRows& parts,
                                        bool stratify, bool own_test);

}  // namespace lrbench::data
