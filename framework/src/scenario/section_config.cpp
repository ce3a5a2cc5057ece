// A whole run configuration: every section in document order.
#include "scenario/canonical.hpp"
#include "scenario/sections.hpp"

namespace lrbench::scenario {

std::optional<RunConfig> read_config(Reader& r, const plugins::PluginCatalog& catalog, const tree::Node& root) {
  const std::size_t before = r.errors();
  const DataSection data = read_data(r, root);
  // Cross-section checks need the data section's values; when those are
  // themselves wrong, the dependent checks are skipped.
  auto model = read_model(r, root, data.num_classes);
  auto training = read_training(r, root, data.train_rows);
  auto optimizer = read_optimizer(r, catalog, root);
  auto schedule = read_schedule(r, catalog, root, optimizer ? std::optional<double>(optimizer->lr) : std::nullopt);
  auto record = read_record(r, root);
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
