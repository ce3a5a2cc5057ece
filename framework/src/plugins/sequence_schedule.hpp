// The `sequence` schedule: parts joined at tick boundaries.
//
// A scenario may write a schedule as a list of parts (warm-up, then cosine;
// warm-up, then reduce_on_plateau). Part k runs for `ticks` ticks from the
// end of part k−1; the last part runs to the end of training (the scenario
// loader rejects `ticks` on the last part: nothing follows it, so a length
// there would mean nothing; scenario/section_plugins.cpp). Each part sees ticks
// counted from its own start, so a cosine after a 5-tick warm-up starts at
// its own tick 0. A host construct, not a plugin: the parts are plugins.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "lrbench/schedule.hpp"

namespace lrbench::plugins {

struct SequencePart {
  std::shared_ptr<Schedule> schedule;
  std::optional<std::int64_t> ticks;  // required (>= 1) for all parts but the last
};

class SequenceSchedule final : public Schedule {
 public:
  // Throws std::invalid_argument for no parts, a null schedule, or a part
  // other than the last without a length >= 1.
  explicit SequenceSchedule(std::vector<SequencePart> parts);

  // The lr of the part whose range holds `tick`, asked with the tick counted
  // from that part's start. Remembers that part as the active one. Throws
  // std::invalid_argument for a negative tick.
  [[nodiscard]] double lr(std::int64_t tick) override;

  // Forwards the metrics, unchanged, to the active part: the one that answered
  // the most recent lr() call (the first part before any call).
  void observe(const EpochMetrics& metrics) override;

  // Which part holds `tick` (tick >= 0), and the tick at which part k starts.
  [[nodiscard]] std::size_t part_at(std::int64_t tick) const noexcept;
  [[nodiscard]] std::int64_t start_of(std::size_t part) const noexcept { return starts_[part]; }
  [[nodiscard]] std::size_t size() const noexcept { return parts_.size(); }
  [[nodiscard]] std::size_t active() const noexcept { return active_; }

 private:
  std::vector<SequencePart> parts_;
  std::vector<std::int64_t> starts_;  // starts_[k]: first tick of part k
  std::size_t active_ = 0;
};

}  // namespace lrbench::plugins
