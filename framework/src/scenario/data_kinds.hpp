// One reader per kind of data (`data.kind`), and the table that maps kind
// names to them. A reader checks its kind's own keys and returns the spec,
// with the facts the rest of the scenario is checked against; any fact may
// be unknown after an error, and checks that need it are then skipped.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "data/dataset.hpp"
#include "scenario/reader.hpp"

namespace lrbench::scenario {

struct KindRead {
  std::optional<data::DataSource> source;  // set when every key of the kind is valid
  std::optional<int> classes;              // the number of classes
  std::optional<std::int64_t> rows;        // rows the split divides
  std::string rows_origin;                 // how `rows` reads in messages: "n_samples is 1000"
  std::int64_t own_test_rows = 0;          // a test set the data brings (then split.test is refused)
  std::optional<data::Shape> shape;        // with `source`: what it holds
  bool samples = true;                     // false for a test function: no split, no model
};

struct DataKind {
  std::string_view name;
  std::vector<std::string> keys;  // the kind's own keys, besides `kind` and `split`
  KindRead (*read)(Reader& reader, const tree::Node& data_map);
};

// Every kind, in the order "expected one of" lists them.
[[nodiscard]] const std::vector<DataKind>& data_kinds();

}  // namespace lrbench::scenario
