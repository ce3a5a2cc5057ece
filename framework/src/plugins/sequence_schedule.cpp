#include "plugins/sequence_schedule.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>

namespace lrbench::plugins {

SequenceSchedule::SequenceSchedule(std::vector<SequencePart> parts) : parts_(std::move(parts)) {
  if (parts_.empty()) throw std::invalid_argument("sequence: a schedule sequence needs at least one part");
  starts_.reserve(parts_.size());
  std::int64_t start = 0;
  for (std::size_t k = 0; k < parts_.size(); ++k) {
    const std::string which = "sequence: part " + std::to_string(k + 1) + " of " + std::to_string(parts_.size());
    if (!parts_[k].schedule) throw std::invalid_argument(which + " has no schedule");
    starts_.push_back(start);
    const bool last = k + 1 == parts_.size();
    if (last) break;
    if (!parts_[k].ticks) {
      throw std::invalid_argument(which + " needs a length in ticks (only the last part runs to the end)");
    }
    if (*parts_[k].ticks < 1) {
      throw std::invalid_argument(which + " has length " + std::to_string(*parts_[k].ticks) +
                                  "; a part lasts at least 1 tick");
    }
    if (*parts_[k].ticks > std::numeric_limits<std::int64_t>::max() - start) {
      throw std::invalid_argument(which + " is too long");
    }
    start += *parts_[k].ticks;
  }
}

std::size_t SequenceSchedule::part_at(std::int64_t tick) const noexcept {
  // The last part whose start is <= tick (starts_ is strictly increasing).
  const auto after = std::upper_bound(starts_.begin(), starts_.end(), tick);
  if (after == starts_.begin()) return 0;
  return static_cast<std::size_t>(after - starts_.begin()) - 1;
}

double SequenceSchedule::lr(std::int64_t tick) {
  if (tick < 0) throw std::invalid_argument("sequence: tick " + std::to_string(tick) + " is negative");
  active_ = part_at(tick);
  return parts_[active_].schedule->lr(tick - starts_[active_]);
}

void SequenceSchedule::observe(const EpochMetrics& metrics) { parts_[active_].schedule->observe(metrics); }

}  // namespace lrbench::plugins
