#include "mpi/dispatch.hpp"

#include <algorithm>
#include <numeric>

namespace lrbench::mpi {

Dispatch::Dispatch(const std::vector<std::size_t>& runs, const std::vector<double>& cost, std::size_t workers,
                   std::size_t jobs)
    : workers_(std::max<std::size_t>(1, workers)), jobs_(std::max<std::size_t>(1, jobs)) {
  std::vector<std::size_t> order(runs.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  // Largest cost first; equal costs in plan order (runs are in plan order).
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return cost.at(a) > cost.at(b); });
  for (const std::size_t k : order) queue_.push_back(runs[k]);
}

std::vector<std::size_t> Dispatch::next_chunk() {
  const std::size_t guided = (queue_.size() + 2 * workers_ - 1) / (2 * workers_);
  const std::size_t size = std::min(queue_.size(), std::clamp(guided, jobs_, std::max(jobs_, kMaxChunk)));
  std::vector<std::size_t> chunk(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(size));
  queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(size));
  return chunk;
}

std::vector<std::size_t> Dispatch::take_all() {
  std::vector<std::size_t> all(queue_.begin(), queue_.end());
  queue_.clear();
  return all;
}

std::vector<std::size_t> Dispatch::requeue(const std::vector<std::size_t>& lost) {
  std::vector<std::size_t> again;
  std::vector<std::size_t> for_good;
  for (const std::size_t run : lost) (requeued_.insert(run).second ? again : for_good).push_back(run);
  queue_.insert(queue_.begin(), again.begin(), again.end());
  return for_good;
}

}  // namespace lrbench::mpi
