// The datasets of a plan: built on first use, once per distinct data
// setting, shared read-only by every run that trains on it (one copy in
// memory whatever --jobs is), and freed as soon as the last of those runs
// has finished. A sweep over many data settings thus holds only the datasets
// of the runs in flight, not all of them at once.
#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "data/dataset.hpp"
#include "scenario/scenario.hpp"

namespace lrbench::run {

class DatasetCache {
 public:
  // Groups `runs` by their variant's data setting (the canonical JSON of the
  // data section); nothing is built yet.
  DatasetCache(const scenario::Scenario& scenario, const std::vector<scenario::Run>& runs);

  // The dataset of runs[i], built now if no earlier run built it; null for a
  // function task, which has none. Throws what
  // data::load throws; the error is kept, so the other runs of that dataset
  // fail with the same message without trying again. Thread-safe: one thread
  // builds, the others asking for the same dataset wait for it.
  [[nodiscard]] std::shared_ptr<const data::Dataset> acquire(std::size_t i);

  // runs[i] no longer needs its dataset; after the last such run the cache
  // drops it (the memory goes once the callers' pointers are gone too).
  void release(std::size_t i);

  // How many datasets are held right now (for tests).
  [[nodiscard]] std::size_t held() const;

 private:
  struct Entry {
    data::DataSpec spec;
    std::size_t remaining = 0;  // runs that have not released it yet
    std::mutex building;        // held while the dataset is built
    std::shared_ptr<const data::Dataset> dataset;
    std::string error;          // set when building failed
    bool built = false;         // built (or failed) once
  };
  mutable std::mutex mutex_;  // guards remaining, dataset (the pointer), error, built
  std::vector<std::unique_ptr<Entry>> entries_;
  static constexpr std::size_t kNone = static_cast<std::size_t>(-1);
  std::vector<std::size_t> entry_of_run_;  // kNone: the run needs no dataset
};

}  // namespace lrbench::run
