#include "comparison/lr_find.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <numeric>
#include <stdexcept>

#include <Eigen/Core>
#include <fmt/format.h>

#include "lrbench/math.hpp"
#include "model/mlp.hpp"
#include "report/svg.hpp"
#include "run/optimizer_hooks.hpp"
#include "run/training_state.hpp"
#include "stats/descriptive.hpp"

namespace lrbench::comparison {

namespace {

// One step of the ramp: the loss the test records for it (before the
// update), after computing the gradient and stepping the optimizer at `lr`.
using Step = std::function<double(std::span<float> params, std::span<float> grads, double lr, std::int64_t step)>;

LrFindSeed ramp(const LrFindOptions& o, std::uint64_t seed, std::span<float> params, std::span<float> grads,
                const Step& step, const std::function<double(std::span<const float>)>& after_step) {
  LrFindSeed out;
  out.seed = seed;
  const double decades = lrbench::math::log(o.lr_max / o.lr_min) / lrbench::math::log(10.0);
  for (int t = 0; t < o.steps; ++t) {
    const double lr = o.lr_min * lrbench::math::pow(10.0, decades * static_cast<double>(t) / static_cast<double>(o.steps - 1));
    double loss = step(params, grads, lr, t + 1);
    if (after_step) loss = after_step(params);
    out.lrs.push_back(lr);
    out.losses.push_back(loss);
    if (!std::isfinite(loss)) break;
    // Early stop: the same divergence rule the suggestion applies.
    if (t >= 1 && stats::lr_range_suggestion(out.lrs, out.losses).diverged) break;
  }
  out.result = stats::lr_range_suggestion(out.lrs, out.losses);
  return out;
}

LrFindSeed function_seed(const scenario::RunConfig& config, Optimizer& optimizer, const LrFindOptions& o,
                         std::uint64_t seed) {
  // The run with this seed (run/function_trainer.cpp): its start, noise and
  // gradients; the loss is the gap before the update.
  std::int64_t extra_gradients = 0;
  run::FunctionTraining state(config, seed, optimizer, extra_gradients);
  const auto step = [&](std::span<float> p, std::span<float>, double lr, std::int64_t t) {
    const double loss = state.measure(p).gap;
    state.step(optimizer, lr, t);
    return loss;
  };
  return ramp(o, seed, state.params(), {}, step, nullptr);
}

LrFindSeed model_seed(const scenario::RunConfig& config, const data::Dataset& data, Optimizer& optimizer,
                      const LrFindOptions& o, std::uint64_t seed) {
  const data::Samples& train = data.train;
  const auto n = static_cast<int>(train.num_samples());
  // The model, weights and streams of a run with this seed (run/trainer.cpp).
  run::ModelTraining state(config, train, seed, optimizer);
  model::Mlp<float>& mlp = state.mlp;
  const int batch = state.batch_size;
  std::vector<std::int32_t> order(static_cast<std::size_t>(n));
  std::iota(order.begin(), order.end(), 0);
  const data::SampleMatrix& train_x = train.x;
  std::int64_t extra_gradients = 0;
  int next = n;  // the next row of the current pass; n = start a new pass
  const auto step = [&](std::span<float> p, std::span<float> out, double lr, std::int64_t t) {
    if (next + batch > n) {  // a new pass over the training rows, reshuffled
      if (config.training.shuffle) state.shuffle_rng.shuffle(order);
      next = 0;
    }
    // The batch's rows, gathered by the model as the trainer's are.
    const auto rows =
        std::span<const std::int32_t>(order).subspan(static_cast<std::size_t>(next), static_cast<std::size_t>(batch));
    next += batch;
    const double loss = static_cast<double>(mlp.loss_and_gradient(p, train_x, train.y, rows, out));
    run::BatchGradient more_gradients(mlp, train_x, train.y, rows, extra_gradients);
    optimizer.step(p, out, StepContext{lr, t, &more_gradients});
    return loss;
  };
  std::function<double(std::span<const float>)> validation;
  if (o.on_validation) {
    validation = [&](std::span<const float> p) {
      return static_cast<double>(mlp.evaluate(p, data.validation.x, data.validation.y).loss);
    };
  }
  return ramp(o, seed, state.params(), state.grads(), step, validation);
}

}  // namespace

LrFindResult lr_find(const scenario::RunConfig& config, const data::Dataset* data, const plugins::Registry& registry,
                     const LrFindOptions& o) {
  if (!(o.lr_min > 0.0 && o.lr_min < o.lr_max && std::isfinite(o.lr_max))) {
    throw std::invalid_argument(fmt::format("lr-find: the lr range [{}, {}] must satisfy 0 < min < max", o.lr_min, o.lr_max));
  }
  if (o.steps < 2) throw std::invalid_argument("lr-find: at least 2 steps");
  if (o.seeds.empty()) throw std::invalid_argument("lr-find: at least one seed");
  const bool function = data::is_function(config.data.source);
  if (!function && data == nullptr) throw std::invalid_argument("lr-find: no dataset");
  if (o.on_validation && (function || data->validation.empty())) {
    throw std::invalid_argument("lr-find: --on validation needs data with a validation split");
  }
  LrFindResult result;
  std::vector<double> suggestions;
  for (const std::uint64_t seed : o.seeds) {
    // A fresh optimizer per seed: no state carries over.
    const auto optimizer = registry.make_optimizer(config.optimizer.name, config.optimizer.params);
    result.seeds.push_back(function ? function_seed(config, *optimizer, o, seed)
                                    : model_seed(config, *data, *optimizer, o, seed));
    const stats::LrRangeResult& r = result.seeds.back().result;
    if (r.status == stats::LrRangeStatus::suggested) suggestions.push_back(r.suggested_lr);
  }
  if (!suggestions.empty()) {
    result.median = stats::lower_median(suggestions);
    result.lowest = *std::min_element(suggestions.begin(), suggestions.end());
    result.highest = *std::max_element(suggestions.begin(), suggestions.end());
  }
  return result;
}

nlohmann::json to_json(const LrFindResult& result, const LrFindOptions& o) {
  using nlohmann::json;
  const auto opt = [](const std::optional<double>& v) { return v ? json(*v) : json(nullptr); };
  const auto finite = [](const std::vector<double>& xs) {
    json a = json::array();
    for (double x : xs) a.push_back(std::isfinite(x) ? json(x) : json(nullptr));
    return a;
  };
  json seeds = json::array();
  for (const LrFindSeed& s : result.seeds) {
    seeds.push_back({{"seed", s.seed},
                     {"status", stats::to_string(s.result.status)},
                     {"suggested_lr", s.result.status == stats::LrRangeStatus::suggested ? json(s.result.suggested_lr)
                                                                                         : json(nullptr)},
                     {"diverged", s.result.diverged},
                     {"kept", s.result.kept},
                     {"lr_at_minimum", s.result.lr_at_minimum},
                     {"lrs", s.lrs},
                     {"losses", finite(s.losses)},
                     {"smoothed", finite(s.result.smoothed)}});
  }
  return {{"schema", "lrbench.lr_find/1"},
          {"lr_min", o.lr_min},
          {"lr_max", o.lr_max},
          {"steps", o.steps},
          {"on", o.on_validation ? "validation" : "train"},
          {"suggestion", opt(result.median)},
          {"lowest", opt(result.lowest)},
          {"highest", opt(result.highest)},
          {"seeds", seeds}};
}

std::string lr_find_svg(const LrFindResult& result, const std::string& title) {
  namespace svg = report::svg;
  svg::Figure f;
  f.title = title;
  f.subtitle = result.median ? fmt::format("smoothed loss per seed; dashed: the median suggestion, lr = {:.3g}", *result.median)
                             : std::string("smoothed loss per seed; no seed gave a suggestion");
  f.x = {"learning rate", true, std::nullopt, std::nullopt};
  f.y = {"smoothed loss", false, std::nullopt, std::nullopt};
  svg::Panel panel{"", {}};
  double lo = std::numeric_limits<double>::infinity();
  double hi = -lo;
  for (std::size_t i = 0; i < result.seeds.size(); ++i) {
    const LrFindSeed& s = result.seeds[i];
    svg::Series line;
    line.name = fmt::format("seed {}", s.seed);
    line.color = static_cast<int>(i);
    for (std::size_t t = 0; t < s.result.smoothed.size(); ++t) {
      line.x.push_back(s.lrs[t]);
      line.y.push_back(s.result.smoothed[t]);
      lo = std::min(lo, s.result.smoothed[t]);
      hi = std::max(hi, s.result.smoothed[t]);
    }
    panel.series.push_back(std::move(line));
  }
  if (result.median && std::isfinite(lo)) {
    svg::Series mark;
    mark.dashed = true;
    mark.color = static_cast<int>(result.seeds.size());
    mark.x = {*result.median, *result.median};
    mark.y = {lo, hi};
    panel.series.push_back(std::move(mark));
  }
  f.panels.push_back(std::move(panel));
  return svg::render(f);
}

}  // namespace lrbench::comparison
