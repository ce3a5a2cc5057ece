#include "scenario/estimate.hpp"

#include <algorithm>
#include <functional>
#include <limits>
#include <map>

#include <fmt/format.h>

#include "data/dataset.hpp"
#include "util/number_text.hpp"

namespace lrbench::scenario {
namespace {

constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();

std::uint64_t saturating_add(std::uint64_t a, std::uint64_t b) { return a > kMax - b ? kMax : a + b; }
std::uint64_t saturating_mul(std::uint64_t a, std::uint64_t b) { return (b != 0 && a > kMax / b) ? kMax : a * b; }

// A recorded double as nlohmann::json writes it: up to 17 significant
// digits, a sign, a point, an exponent and the comma: at most 25 bytes;
// typical values take about 20.
constexpr std::uint64_t kBytesPerNumber = 20;
// A record's fixed fields (id, scenario, label, seed, status, ...).
constexpr std::uint64_t kBytesPerRecord = 400;

// The numbers one run records: per epoch, each series; the lr of the first
// record.lr_per_update updates.
std::uint64_t numbers_per_run(const RunConfig& c) {
  const bool function = data::is_function(c.data.source);
  const std::uint64_t series = function ? 3 : (c.rows.validation > 0 ? 7 : 5);
  const auto epochs = static_cast<std::uint64_t>(std::max(c.training.epochs, 0));
  std::uint64_t per_epoch_updates = 0;
  if (function) {
    per_epoch_updates = static_cast<std::uint64_t>(std::max<std::int64_t>(c.training.steps_per_epoch, 0));
  } else if (c.training.batch_size > 0) {
    per_epoch_updates = static_cast<std::uint64_t>((c.rows.train + c.training.batch_size - 1) / c.training.batch_size);
  }
  const std::uint64_t lrs =
      std::min(static_cast<std::uint64_t>(std::max(c.record.lr_per_update, 0)), saturating_mul(epochs, per_epoch_updates));
  return saturating_add(saturating_mul(series, epochs), lrs);
}

}  // namespace

std::uint64_t model_parameters(std::int64_t features, const model::ModelSpec& model) {
  std::uint64_t total = 0;
  auto inputs = static_cast<std::uint64_t>(std::max<std::int64_t>(features, 0));
  for (const model::LayerSpec& layer : model.layers) {
    const auto units = static_cast<std::uint64_t>(std::max(layer.units, 0));
    total = saturating_add(total, saturating_mul(inputs + 1, units));
    inputs = units;
  }
  return total;
}

PlanEstimate estimate(const Scenario& scenario, std::size_t runs, std::size_t jobs) {
  PlanEstimate e;
  std::map<std::string, std::uint64_t> dataset_bytes;  // identity → bytes
  const std::size_t seeds = std::max<std::size_t>(1, scenario.seeds.size());
  for (const Variant& v : scenario.variants) {
    const RunConfig& c = v.config;
    if (!data::is_function(c.data.source)) {
      const std::uint64_t parameters = model_parameters(c.shape.features, c.model);
      if (parameters > e.largest_model_parameters || e.largest_model_variant.empty()) {
        e.largest_model_parameters = parameters;
        e.largest_model_variant = v.label;
      }
      dataset_bytes.emplace(data::identity(c.data.source) + c.resolved.value("data", nlohmann::json()).dump(),
                            data::estimated_bytes(c.shape, c.rows));
    }
    const std::uint64_t record = saturating_add(
        kBytesPerRecord + c.resolved.dump().size(), saturating_mul(numbers_per_run(c), kBytesPerNumber));
    e.output_bytes = saturating_add(e.output_bytes, saturating_mul(record, seeds));
  }
  // The plan may be smaller than variants × seeds (it never is larger).
  if (runs < scenario.variants.size() * seeds && !scenario.variants.empty()) {
    e.output_bytes = saturating_mul(e.output_bytes / (scenario.variants.size() * seeds), runs);
  }
  std::vector<std::uint64_t> sizes;
  for (const auto& [identity, bytes] : dataset_bytes) sizes.push_back(bytes);
  std::sort(sizes.begin(), sizes.end(), std::greater<>());
  e.datasets = sizes.size();
  e.concurrent = std::min(sizes.size(), std::max<std::size_t>(1, jobs));
  for (std::size_t i = 0; i < e.concurrent; ++i) e.dataset_bytes = saturating_add(e.dataset_bytes, sizes[i]);
  return e;
}

std::vector<std::string> exceeded_caps(const Scenario& scenario, const PlanEstimate& e, const Caps& caps) {
  std::vector<std::string> out;
  if (e.largest_model_parameters > caps.max_parameters) {
    out.push_back(fmt::format("{}: the model of variant '{}' has {} parameters, more than --max-parameters {}; "
                              "shrink the model or raise --max-parameters",
                              scenario.name, e.largest_model_variant,
                              e.largest_model_parameters == kMax ? std::string("more than 18446744073709551615")
                                                                 : std::to_string(e.largest_model_parameters),
                              caps.max_parameters));
  }
  if (e.dataset_bytes > caps.max_data_bytes) {
    out.push_back(fmt::format("{}: its datasets would hold about {} in memory at once ({} of {} distinct dataset{}), "
                              "more than --max-data-memory {}; shrink the data or raise --max-data-memory",
                              scenario.name, util::human_bytes(e.dataset_bytes), e.concurrent, e.datasets,
                              e.datasets == 1 ? "" : "s", util::human_bytes(caps.max_data_bytes)));
  }
  if (e.output_bytes > caps.max_output_bytes) {
    out.push_back(fmt::format("{}: its runs would write about {} to runs.jsonl, more than --max-output {}; record "
                              "less (fewer epochs, runs or record.lr_per_update) or raise --max-output",
                              scenario.name, util::human_bytes(e.output_bytes), util::human_bytes(caps.max_output_bytes)));
  }
  return out;
}

}  // namespace lrbench::scenario
