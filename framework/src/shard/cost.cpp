#include "shard/cost.hpp"

#include <algorithm>
#include <cmath>

#include "data/spec.hpp"
#include "scenario/estimate.hpp"

namespace lrbench::shard {

long long train_rows(const scenario::RunConfig& config) { return config.rows.train; }

double estimated_cost(const scenario::RunConfig& config) {
  if (data::is_function(config.data.source)) {
    // A test function: one gradient of d coordinates per step.
    const double d = static_cast<double>(std::max<std::int64_t>(config.shape.features, 1));
    return std::max(1.0, config.training.epochs * static_cast<double>(config.training.steps_per_epoch) * d);
  }
  const auto parameters = static_cast<double>(scenario::model_parameters(config.shape.features, config.model));
  const auto train = static_cast<double>(config.rows.train);
  const auto evaluated = static_cast<double>(config.rows.train + config.rows.validation + config.rows.test);
  const double cost = config.training.epochs * parameters * (3 * train + evaluated);
  return std::max(1.0, cost);
}

std::vector<double> variant_costs(const scenario::Scenario& scenario) {
  std::vector<double> costs;
  for (const scenario::Variant& v : scenario.variants) costs.push_back(estimated_cost(v.config));
  return costs;
}

}  // namespace lrbench::shard
