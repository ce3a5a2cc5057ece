// data::load and the other entry points of dataset.hpp: dispatch over the
// kinds (kinds.hpp), then split, standardise and convert to float32.
#include "data/dataset.hpp"

#include <cmath>
#include <span>
#include <type_traits>
#include <utility>

#include <fmt/format.h>

#include "data/kinds.hpp"
#include "data/split.hpp"

namespace lrbench::data {
namespace {

std::string located(const std::string& message, const std::string& file, std::int64_t line) {
  if (file.empty()) return message;
  return line > 0 ? fmt::format("{}:{}: {}", file, line, message) : fmt::format("{}: {}", file, message);
}

// Per-feature standardisation, x' = (x − mean) / std, with the population
// std (ddof 0, as scikit-learn's StandardScaler); a constant feature keeps
// scale 1 so it maps to 0 rather than NaN.
struct Scaling {
  std::vector<double> mean;
  std::vector<double> scale;
};

double value_at(const Rows& rows, std::int64_t r, std::int64_t f) {
  if (!rows.f64.empty()) return rows.f64[static_cast<std::size_t>(r * rows.features + f)];
  return static_cast<double>(rows.f32(r, f));
}

Scaling fit_scaling(const Rows& rows, std::span<const std::int64_t> train) {
  const auto features = static_cast<std::size_t>(rows.features);
  Scaling s{std::vector<double>(features, 0.0), std::vector<double>(features, 1.0)};
  const auto count = static_cast<double>(train.size());
  for (std::size_t f = 0; f < features; ++f) {
    double sum = 0.0;
    for (const std::int64_t r : train) sum += value_at(rows, r, static_cast<std::int64_t>(f));
    const double mean = sum / count;
    double squares = 0.0;
    for (const std::int64_t r : train) {
      const double d = value_at(rows, r, static_cast<std::int64_t>(f)) - mean;
      squares += d * d;
    }
    const double std = std::sqrt(squares / count);
    s.mean[f] = mean;
    s.scale[f] = std > 0.0 ? std : 1.0;
  }
  return s;
}

// The rows `indices` as float32 samples. Without scaling, a float64 value is
// rounded once to float32 (static_cast, as Eigen's cast<float>()).
Samples gather(const Rows& rows, std::span<const std::int64_t> indices, const std::optional<Scaling>& scaling) {
  Samples out;
  const auto n = static_cast<Eigen::Index>(indices.size());
  const auto features = static_cast<Eigen::Index>(rows.features);
  out.x.resize(n, features);
  out.y.resize(indices.size());
  for (Eigen::Index i = 0; i < n; ++i) {
    const std::int64_t r = indices[static_cast<std::size_t>(i)];
    for (Eigen::Index f = 0; f < features; ++f) {
      double v = value_at(rows, r, f);
      if (scaling) v = (v - scaling->mean[static_cast<std::size_t>(f)]) / scaling->scale[static_cast<std::size_t>(f)];
      out.x(i, f) = !rows.f64.empty() || scaling ? static_cast<float>(v) : rows.f32(r, f);
    }
    out.y[static_cast<std::size_t>(i)] = rows.y[static_cast<std::size_t>(r)];
  }
  return out;
}

void check_rows(const Rows& rows, int num_classes, const char* what) {
  const bool sized = rows.f64.empty()
                         ? rows.f32.rows() == rows.count && rows.f32.cols() == rows.features
                         : rows.f64.size() == static_cast<std::size_t>(rows.count * rows.features);
  if (!sized || rows.y.size() != static_cast<std::size_t>(rows.count)) {
    throw std::invalid_argument(fmt::format("data: malformed {} rows (values and labels do not match)", what));
  }
  for (const std::int32_t label : rows.y) {
    if (label < 0 || label >= num_classes) {
      throw std::invalid_argument(fmt::format("data: label {} outside [0, {})", label, num_classes));
    }
  }
}

}  // namespace

DataError::DataError(std::string message_, std::string file_, std::int64_t line_)
    : std::runtime_error(located(message_, file_, line_)),
      message(std::move(message_)),
      file(std::move(file_)),
      line(line_) {}

std::size_t Dataset::bytes() const noexcept {
  std::size_t total = 0;
  for (const Samples* s : {&train, &validation, &test}) {
    total += static_cast<std::size_t>(s->x.size()) * sizeof(float) + s->y.size() * sizeof(std::int32_t);
  }
  return total;
}

std::size_t estimated_bytes(const Shape& shape, const PartRows& parts) {
  const auto rows = static_cast<std::size_t>(parts.train + parts.validation + parts.test);
  return rows * (static_cast<std::size_t>(shape.features) * sizeof(float) + sizeof(std::int32_t));
}

std::vector<std::string> numbered_features(std::int64_t count, const std::string& prefix) {
  std::vector<std::string> names;
  names.reserve(static_cast<std::size_t>(count));
  for (std::int64_t i = 0; i < count; ++i) names.push_back(prefix + std::to_string(i));
  return names;
}

Shape shape(const DataSource& source) {
  return std::visit([](const auto& spec) { return shape_of(spec); }, source);
}

nlohmann::json to_json(const DataSource& source) {
  return std::visit([](const auto& spec) { return to_json(spec); }, source);
}

std::string describe(const DataSource& source) {
  return std::visit([](const auto& spec) { return describe(spec); }, source);
}

std::uint32_t random_state(const DataSource& source) {
  return std::visit([](const auto& spec) { return random_state_of(spec); }, source);
}

Dataset load(const DataSpec& spec) {
  const Source source = std::visit([](const auto& kind) { return read(kind); }, spec.source);
  if (source.num_classes < 1) throw std::invalid_argument("data: the source has no classes");
  check_rows(source.rows, source.num_classes, "source");
  if (source.own_test) check_rows(*source.own_test, source.num_classes, "test");
  const Shape sh{source.rows.count, source.rows.features, source.num_classes,
                 source.own_test ? source.own_test->count : 0};
  const PartRows parts = part_rows(spec.split, sh);
  const PartIndices indices = split_indices(source.rows.y, source.num_classes, parts, spec.split.stratify,
                                            source.own_test.has_value());
  std::optional<Scaling> scaling;
  if (source.standardize) scaling = fit_scaling(source.rows, indices.train);

  Dataset d;
  d.train = gather(source.rows, indices.train, scaling);
  d.validation = gather(source.rows, indices.validation, scaling);
  if (source.own_test) {
    std::vector<std::int64_t> all(static_cast<std::size_t>(source.own_test->count));
    for (std::size_t i = 0; i < all.size(); ++i) all[i] = static_cast<std::int64_t>(i);
    d.test = gather(*source.own_test, all, scaling);
  } else {
    d.test = gather(source.rows, indices.test, scaling);
  }
  d.num_classes = source.num_classes;
  d.feature_names = source.feature_names;
  return d;
}

}  // namespace lrbench::data
