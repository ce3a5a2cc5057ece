// A whole run configuration: every section in document order.
#include <fmt/format.h>

#include "scenario/canonical.hpp"
#include "scenario/sections.hpp"

namespace lrbench::scenario {
namespace {

// A schedule watching a validation metric (a `monitor` parameter, as
// reduce_on_plateau's) needs a validation split to watch: without one the
// metric is NaN every epoch and never improves.
void check_monitors(Reader& r, const tree::Node& root, const ScheduleSpec& schedule, const data::PartRows& rows) {
  if (rows.validation > 0) return;
  for (const SchedulePart& part : schedule.parts) {
    const auto* monitor = [&]() -> const std::string* {
      for (const auto& [name, value] : part.params.entries()) {
        if (name == "monitor") return std::get_if<std::string>(&value);
      }
      return nullptr;
    }();
    if (monitor != nullptr && monitor->rfind("validation_", 0) == 0) {
      const tree::Node* s = Reader::get(root, "schedule");
      r.error(s ? s->mark : root.mark, "schedule",
              fmt::format("'{}' watches {}, but the data has no validation split; add data.split.validation or "
                          "watch test_loss",
                          part.name, *monitor));
    }
  }
}

}  // namespace

std::optional<RunConfig> read_config(Reader& r, const PluginContext& context, const tree::Node& root) {
  const std::size_t before = r.errors();
  const DataSection data = read_data(r, root);
  // Cross-section checks need the data section's values; when those are
  // themselves wrong, the dependent checks are skipped.
  auto model = read_model(r, root, data.num_classes, data.function);
  auto training = read_training(r, root, data.train_rows, data.function);
  auto optimizer = read_optimizer(r, context, root);
  auto schedule = read_schedule(r, context, root, optimizer ? std::optional<double>(optimizer->lr) : std::nullopt);
  auto record = read_record(r, root);
  if (data.ok && schedule) check_monitors(r, root, *schedule, data.rows);
  if (r.errors() != before || !data.ok || !model || !training || !optimizer || !schedule || !record) {
    return std::nullopt;
  }
  RunConfig c;
  c.data = data.spec;
  c.shape = data.shape;
  c.rows = data.rows;
  c.model = std::move(*model);
  c.training = *training;
  c.optimizer = std::move(*optimizer);
  c.schedule = std::move(*schedule);
  c.record = *record;
  c.resolved = canonical_json(c);
  return c;
}

}  // namespace lrbench::scenario
