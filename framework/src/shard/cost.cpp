#include "shard/cost.hpp"

#include <algorithm>
#include <cmath>

namespace lrbench::shard {

long long train_rows(const scenario::RunConfig& config) {
  const long long n = config.data.n_samples;
  // The same rule as data::split (a fraction rounds down).
  const long long train = config.split.is_fraction
                              ? static_cast<long long>(std::floor(config.split.fraction * static_cast<double>(n)))
                              : config.split.count;
  return std::clamp(train, 0LL, n);
}

double estimated_cost(const scenario::RunConfig& config) {
  double parameters = 0;
  double width = config.data.n_features;
  for (const model::LayerSpec& layer : config.model.layers) {
    parameters += width * layer.units + layer.units;  // weights and biases
    width = layer.units;
  }
  const auto train = static_cast<double>(train_rows(config));
  const double test = static_cast<double>(config.data.n_samples) - train;
  const double cost = config.training.epochs * parameters * (4 * train + test);
  return std::max(1.0, cost);
}

std::vector<double> variant_costs(const scenario::Scenario& scenario) {
  std::vector<double> costs;
  for (const scenario::Variant& v : scenario.variants) costs.push_back(estimated_cost(v.config));
  return costs;
}

}  // namespace lrbench::shard
