// The coordinator's queue of runs (lrbench run --mpi): which runs a worker
// rank gets next. No MPI in here, so it is tested on its own.
//
// Order: largest estimated cost first (shard/cost.hpp), ties in plan order,
// so that a slow run starts early and does not leave the other ranks idle at
// the end (longest processing time first).
//
// Chunks: a rank asks for work once per chunk, and its --jobs threads run
// the chunk (run::run_all) sharing its datasets. The chunk size follows
// guided self-scheduling (Polychronopoulos and Kuck, 1987):
//   size = clamp(ceil(remaining / (2 × workers)), jobs, kMaxChunk)
// large chunks while much is left (few messages, datasets built once per
// chunk), shrinking to `jobs` runs at the end so that the ranks finish
// together. kMaxChunk bounds what a failed rank loses and one message.
//
// Failure: the runs of a rank that failed are put back at the front of the
// queue once; a run lost a second time is returned as lost for good (the
// coordinator records it as failed).
#pragma once

#include <cstddef>
#include <deque>
#include <set>
#include <vector>

namespace lrbench::mpi {

inline constexpr std::size_t kMaxChunk = 256;

class Dispatch {
 public:
  // `runs`: plan indices to run; `cost[k]`: the estimated cost of runs[k].
  Dispatch(const std::vector<std::size_t>& runs, const std::vector<double>& cost, std::size_t workers,
           std::size_t jobs);

  [[nodiscard]] bool empty() const noexcept { return queue_.empty(); }
  [[nodiscard]] std::size_t remaining() const noexcept { return queue_.size(); }

  // The next chunk (empty when the queue is).
  [[nodiscard]] std::vector<std::size_t> next_chunk();

  // Takes everything left (when no worker rank is left to run it).
  [[nodiscard]] std::vector<std::size_t> take_all();

  // The runs of a failed rank: those lost for the first time go back to the
  // front of the queue (in their order); the ones lost before are returned.
  [[nodiscard]] std::vector<std::size_t> requeue(const std::vector<std::size_t>& lost);

  // How many workers share the queue (a failed one no longer does).
  void set_workers(std::size_t workers) noexcept { workers_ = workers == 0 ? 1 : workers; }

 private:
  std::deque<std::size_t> queue_;
  std::set<std::size_t> requeued_;  // runs already lost once
  std::size_t workers_;
  std::size_t jobs_;
};

}  // namespace lrbench::mpi
