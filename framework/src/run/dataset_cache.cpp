#include "run/dataset_cache.hpp"

#include <map>
#include <stdexcept>

namespace lrbench::run {

DatasetCache::DatasetCache(const scenario::Scenario& scenario, const std::vector<scenario::Run>& runs) {
  std::map<std::string, std::size_t> entry_of_key;
  entry_of_run_.reserve(runs.size());
  for (const scenario::Run& run : runs) {
    const scenario::RunConfig& config = scenario.variants.at(run.variant).config;
    if (data::is_function(config.data.source)) {  // no samples to build
      entry_of_run_.push_back(kNone);
      continue;
    }
    const std::string key = config.resolved.at("data").dump() + "\n" + data::identity(config.data.source);
    auto [it, inserted] = entry_of_key.emplace(key, entries_.size());
    if (inserted) {
      entries_.push_back(std::make_unique<Entry>());
      entries_.back()->spec = config.data;
    }
    ++entries_[it->second]->remaining;
    entry_of_run_.push_back(it->second);
  }
}

std::shared_ptr<const data::Dataset> DatasetCache::acquire(std::size_t i) {
  if (entry_of_run_.at(i) == kNone) return nullptr;
  Entry& e = *entries_.at(entry_of_run_.at(i));
  const std::lock_guard build_lock(e.building);
  {
    const std::lock_guard lock(mutex_);
    if (e.built) {
      if (!e.error.empty()) throw std::runtime_error(e.error);
      return e.dataset;
    }
  }
  // Built outside mutex_, so runs of other datasets are not held up.
  std::shared_ptr<const data::Dataset> dataset;
  std::string error;
  try {
    dataset = std::make_shared<const data::Dataset>(data::load(e.spec));
  } catch (const std::exception& ex) {
    error = ex.what();
    if (error.empty()) error = "the dataset could not be built";
  }
  const std::lock_guard lock(mutex_);
  e.built = true;
  e.error = error;
  if (!error.empty()) throw std::runtime_error(error);
  if (e.remaining > 0) e.dataset = dataset;
  return dataset;
}

void DatasetCache::release(std::size_t i) {
  if (entry_of_run_.at(i) == kNone) return;
  Entry& e = *entries_.at(entry_of_run_.at(i));
  const std::lock_guard lock(mutex_);
  if (e.remaining > 0 && --e.remaining == 0) e.dataset.reset();
}

std::size_t DatasetCache::held() const {
  const std::lock_guard lock(mutex_);
  std::size_t n = 0;
  for (const auto& e : entries_) n += e->dataset != nullptr;
  return n;
}

}  // namespace lrbench::run
