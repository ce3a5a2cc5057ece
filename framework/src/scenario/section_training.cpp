// The training and record sections: how long and in which batches to train,
// and what to record beyond the per-epoch metrics.
#include <fmt/format.h>

#include "scenario/limits.hpp"
#include "scenario/sections.hpp"

namespace lrbench::scenario {

using tree::Node;

std::optional<TrainingSpec> read_training(Reader& r, const Node& root, std::optional<std::int64_t> train_rows,
                                          bool function) {
  const std::string path = "training";
  const Node* m = r.map(r.require(root, "", "training"), path);
  if (m == nullptr) return std::nullopt;
  const std::size_t before = r.errors();
  TrainingSpec spec;
  if (const Node* n = r.require(*m, path, "epochs")) {
    if (auto v = r.integer(*n, join_key(path, "epochs"), at_least(1, limits::kMaxEpochs))) spec.epochs = static_cast<int>(*v);
  }
  if (function) {
    // An epoch of a function task is a fixed number of steps.
    r.check_keys(*m, path, {"epochs", "steps_per_epoch"});
    spec.batch_size = 0;
    spec.shuffle = false;
    spec.steps_per_epoch = 1;
    if (const Node* n = Reader::get(*m, "steps_per_epoch")) {
      if (auto v = r.integer(*n, join_key(path, "steps_per_epoch"), at_least(1, limits::kMaxBatch))) {
        spec.steps_per_epoch = static_cast<int>(*v);
      }
    }
    if (r.errors() != before) return std::nullopt;
    return spec;
  }
  r.check_keys(*m, path, {"epochs", "batch_size", "shuffle"});
  const Node* batch = Reader::get(*m, "batch_size");
  if (batch) {
    if (auto v = r.integer(*batch, join_key(path, "batch_size"), at_least(1, limits::kMaxBatch))) {
      spec.batch_size = static_cast<int>(*v);
    } else {
      batch = nullptr;  // reported; skip the size check
    }
  }
  if (train_rows && spec.batch_size > *train_rows) {
    r.error(batch ? batch->mark : m->mark, join_key(path, "batch_size"),
            fmt::format("batch_size {} is larger than the training set ({} rows)", spec.batch_size, *train_rows));
  }
  if (const Node* n = Reader::get(*m, "shuffle")) {
    if (auto v = r.boolean(*n, join_key(path, "shuffle"))) spec.shuffle = *v;
  }
  if (r.errors() != before) return std::nullopt;
  return spec;
}

std::optional<RecordSpec> read_record(Reader& r, const Node& root) {
  const std::string path = "record";
  RecordSpec spec;
  const Node* given = Reader::get(root, "record");
  if (given == nullptr) return spec;
  const Node* m = r.map(given, path);
  if (m == nullptr) return std::nullopt;
  const std::size_t before = r.errors();
  r.check_keys(*m, path, {"lr_per_update"});
  if (const Node* n = Reader::get(*m, "lr_per_update")) {
    if (auto v = r.integer(*n, join_key(path, "lr_per_update"), at_least(0, limits::kMaxRecord))) {
      spec.lr_per_update = static_cast<int>(*v);
    }
  }
  if (r.errors() != before) return std::nullopt;
  return spec;
}

}  // namespace lrbench::scenario
