#include "data/split.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>

#include <fmt/format.h>

#include "util/number_text.hpp"

namespace lrbench::data {

std::int64_t Amount::rows(std::int64_t available) const {
  if (!is_fraction) return count;
  // Round down: floor(fraction · n).
  return static_cast<std::int64_t>(std::floor(fraction * static_cast<double>(available)));
}

PartRows part_rows(const SplitSpec& split, const Shape& shape) {
  const std::int64_t n = shape.rows;
  const bool own_test = shape.own_test_rows > 0;
  auto amount_text = [&](const Amount& a, std::int64_t rows) {
    return a.is_fraction ? fmt::format("{} ({} of {} rows)", a.fraction, rows, n) : std::to_string(rows);
  };
  for (const auto* part : {&split.train, &split.validation, &split.test}) {
    if (*part && (*part)->is_fraction && !((*part)->fraction > 0.0 && (*part)->fraction < 1.0)) {
      throw DataError(fmt::format("a split fraction must be in (0, 1), found {}", (*part)->fraction));
    }
    if (*part && !(*part)->is_fraction && (*part)->count < 0) {
      throw DataError(fmt::format("a split count must be >= 0, found {}", (*part)->count));
    }
  }
  PartRows p;
  p.validation = split.validation ? split.validation->rows(n) : 0;
  if (own_test) {
    if (split.test) {
      throw DataError(fmt::format("the data brings its own test set ({} rows); split.test cannot be given",
                                  shape.own_test_rows));
    }
    p.train = split.train ? split.train->rows(n) : n - p.validation;
    p.test = shape.own_test_rows;
  } else if (split.train && split.test) {
    p.train = split.train->rows(n);
    p.test = split.test->rows(n);
  } else if (split.train) {
    p.train = split.train->rows(n);
    p.test = n - p.train - p.validation;
  } else if (split.test) {
    p.test = split.test->rows(n);
    p.train = n - p.test - p.validation;
  } else {
    throw DataError("the split needs 'train' or 'test' (the other takes the rest)");
  }
  const std::int64_t used = p.train + p.validation + (own_test ? 0 : p.test);
  if (used > n || p.train < 0 || p.test < 0) {
    throw DataError(fmt::format("the split asks for {} rows (train {}, validation {}{}) but the data has {}", used,
                                split.train ? amount_text(*split.train, split.train->rows(n)) : std::to_string(p.train),
                                p.validation, own_test ? "" : fmt::format(", test {}", p.test), n));
  }
  if (p.train < 1) throw DataError(fmt::format("the split leaves the training set empty ({} rows in all)", n));
  if (p.test < 1) {
    throw DataError(fmt::format("the split leaves the test set empty: training on {} of {} rows{}", p.train, n,
                                p.validation ? fmt::format(", validating on {}", p.validation) : std::string()));
  }
  if (split.validation && split.validation->is_fraction && p.validation < 1) {
    throw DataError(fmt::format("the split's validation fraction {} of {} rows leaves it empty",
                                split.validation->fraction, n));
  }
  return p;
}

std::string describe(const SplitSpec& split, const Shape& shape, const PartRows& p) {
  const bool own_test = shape.own_test_rows > 0;
  std::string train = fmt::format("{} rows", p.train);
  if (split.train && split.train->is_fraction) train += fmt::format(" ({} of them)", util::short_number(split.train->fraction));
  std::string out;
  if (split.stratify) {
    out = fmt::format("stratified by class: {} train", train);
    if (p.validation > 0) out += fmt::format(", {} validate", p.validation);
    if (!own_test) out += fmt::format(", {} test", p.test);
  } else {
    out = fmt::format("the first {} train", train);
    if (p.validation > 0) out += fmt::format(", the next {} validate", p.validation);
    if (!own_test) {
      const std::int64_t unused = shape.rows - p.train - p.validation - p.test;
      out += unused > 0 ? fmt::format(", the next {} test ({} unused)", p.test, unused)
                        : fmt::format(", the other {} test", p.test);
    }
  }
  if (own_test) out += fmt::format("; the data's own {} test rows test", p.test);
  return out;
}

PartIndices split_indices(std::span<const std::int32_t> labels, int num_classes, const PartRows& parts,
                          bool stratify, bool own_test) {
  const auto n = static_cast<std::int64_t>(labels.size());
  std::vector<std::int64_t> order(static_cast<std::size_t>(n));
  std::iota(order.begin(), order.end(), 0);
  if (stratify) {
    std::vector<std::int64_t> class_size(static_cast<std::size_t>(num_classes), 0);
    std::vector<std::int64_t> rank(static_cast<std::size_t>(n));
    for (std::int64_t i = 0; i < n; ++i) {
      rank[static_cast<std::size_t>(i)] = class_size[static_cast<std::size_t>(labels[static_cast<std::size_t>(i)])]++;
    }
    // (2r_a + 1) / (2 n_a) < (2r_b + 1) / (2 n_b), exactly: both sides are
    // below 2^63 for n < 2^31.
    std::stable_sort(order.begin(), order.end(), [&](std::int64_t a, std::int64_t b) {
      const auto ca = static_cast<std::size_t>(labels[static_cast<std::size_t>(a)]);
      const auto cb = static_cast<std::size_t>(labels[static_cast<std::size_t>(b)]);
      const std::int64_t lhs = (2 * rank[static_cast<std::size_t>(a)] + 1) * class_size[cb];
      const std::int64_t rhs = (2 * rank[static_cast<std::size_t>(b)] + 1) * class_size[ca];
      if (lhs != rhs) return lhs < rhs;
      return ca < cb;
    });
  }
  auto block = [&](std::int64_t first, std::int64_t count) {
    std::vector<std::int64_t> rows(order.begin() + first, order.begin() + first + count);
    std::sort(rows.begin(), rows.end());
    return rows;
  };
  PartIndices out;
  out.train = block(0, parts.train);
  out.validation = block(parts.train, parts.validation);
  if (!own_test) out.test = block(parts.train + parts.validation, parts.test);
  return out;
}

}  // namespace lrbench::data
