// data::load and the other entry points of dataset.hpp: dispatch over the
// kinds (kinds.hpp), then split, standardise and convert to float32.
#include "data/dataset.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <span>
#include <type_traits>
#include <utility>

#include <fmt/format.h>

#include "data/kinds.hpp"
#include "data/split.hpp"
#include "util/huge_pages.hpp"

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
  const auto at = static_cast<std::size_t>(r * rows.features + f);
  return rows.f64.empty() ? static_cast<double>(pixel_value(rows.u8[at])) : rows.f64[at];
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

// Copies rows `indices` into the row-major float32 matrix `x`, one source
// row after another.
template <class Value>
void gather_values(SampleMatrix& x, std::span<const std::int64_t> indices, std::int64_t features, Value value) {
  for (std::size_t i = 0; i < indices.size(); ++i) {
    float* row = x.row(static_cast<Eigen::Index>(i)).data();
    const std::int64_t first = indices[i] * features;
    for (std::int64_t f = 0; f < features; ++f) row[f] = value(first + f, f);
  }
}

// The rows `indices` as float32 samples. A float64 value is rounded once to
// float32 (static_cast, as Eigen's cast<float>()); with scaling it is first
// standardised in double.
Samples gather(const Rows& rows, std::span<const std::int64_t> indices, const std::optional<Scaling>& scaling) {
  Samples out;
  out.x.resize(static_cast<Eigen::Index>(indices.size()), static_cast<Eigen::Index>(rows.features));
  util::advise_huge_pages(out.x.data(), static_cast<std::size_t>(out.x.size()) * sizeof(float));
  out.y.resize(indices.size());
  for (std::size_t i = 0; i < indices.size(); ++i) out.y[i] = rows.y[static_cast<std::size_t>(indices[i])];
  const auto scaled = [&](double v, std::int64_t f) {
    const auto k = static_cast<std::size_t>(f);
    return static_cast<float>((v - scaling->mean[k]) / scaling->scale[k]);
  };
  if (!rows.f64.empty()) {
    const double* values = rows.f64.data();
    if (scaling) {
      gather_values(out.x, indices, rows.features, [&](std::int64_t at, std::int64_t f) { return scaled(values[at], f); });
    } else {
      gather_values(out.x, indices, rows.features,
                    [&](std::int64_t at, std::int64_t) { return static_cast<float>(values[at]); });
    }
  } else {
    const std::uint8_t* bytes = rows.u8.data();
    if (scaling) {
      gather_values(out.x, indices, rows.features,
                    [&](std::int64_t at, std::int64_t f) { return scaled(pixel_value(bytes[at]), f); });
    } else {
      gather_values(out.x, indices, rows.features,
                    [&](std::int64_t at, std::int64_t) { return pixel_value(bytes[at]); });
    }
  }
  return out;
}

void check_rows(const Rows& rows, int num_classes, const char* what) {
  const auto values = static_cast<std::size_t>(rows.count * rows.features);
  const bool sized = rows.f64.empty() ? rows.u8.size() == values : rows.f64.size() == values;
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

Source source_of(Points points, int classes) {
  Source source;
  source.rows.count = points.n_samples;
  source.rows.features = points.n_features;
  source.rows.f64 = std::move(points.X);
  source.rows.y = std::move(points.y);
  source.num_classes = classes;
  source.feature_names = numbered_features(points.n_features);
  return source;
}

Shape shape(const DataSource& source) {
  return std::visit([](const auto& spec) { return shape_of(spec); }, source);
}

nlohmann::json to_json(const DataSource& source) {
  return std::visit([](const auto& spec) { return to_json(spec); }, source);
}

std::string identity(const DataSource& source) {
  const std::string files = std::visit(
      [](const auto& spec) -> std::string {
        using T = std::decay_t<decltype(spec)>;
        if constexpr (std::is_same_v<T, CsvSpec>) {
          return spec.file;
        } else if constexpr (std::is_same_v<T, IdxSpec>) {
          return spec.images_file + "|" + spec.labels_file + "|" + spec.test_images_file + "|" + spec.test_labels_file;
        } else if constexpr (std::is_same_v<T, FashionMnistSpec>) {
          return spec.folder;
        } else {
          return {};
        }
      },
      source);
  return to_json(source).dump() + "\n" + files;
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
    std::iota(all.begin(), all.end(), std::int64_t{0});
    d.test = gather(*source.own_test, all, scaling);
  } else {
    d.test = gather(source.rows, indices.test, scaling);
  }
  d.num_classes = source.num_classes;
  d.feature_names = source.feature_names;
  return d;
}

}  // namespace lrbench::data
