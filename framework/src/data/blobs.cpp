// make_blobs: isotropic Gaussian clusters, after scikit-learn 1.2
// (sklearn/datasets/_samples_generator.py, make_blobs with integer
// n_samples and centers).
#include <cmath>
#include <cstddef>
#include <numeric>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "data/generators.hpp"
#include "data/kinds.hpp"
#include "data/numpy_random_state.hpp"
#include "util/number_text.hpp"
#include "util/random.hpp"

namespace lrbench::data {
namespace {

void validate(const BlobsSpec& spec) {
  auto fail = [](const std::string& what) { throw std::invalid_argument("make_blobs: " + what); };
  if (spec.n_samples < 1) fail("n_samples must be at least 1, got " + std::to_string(spec.n_samples));
  if (spec.centers < 1) fail("centers must be at least 1, got " + std::to_string(spec.centers));
  if (spec.n_features < 1) fail("n_features must be at least 1, got " + std::to_string(spec.n_features));
  if (!std::isfinite(spec.cluster_std) || spec.cluster_std < 0.0) {
    fail("cluster_std must be finite and non-negative, got " + std::to_string(spec.cluster_std));
  }
  if (!std::isfinite(spec.center_box_low) || !std::isfinite(spec.center_box_high) ||
      !std::isfinite(spec.center_box_high - spec.center_box_low)) {
    fail("center_box bounds must be finite");
  }
}

// Both generators follow sklearn's order of draws exactly; they differ only
// in the random source. Gen provides uniform(low, high), normal(loc, scale)
// and shuffle(span<int32>).
template <class Gen>
Points generate(const BlobsSpec& spec, Gen& gen) {
  const auto k = static_cast<std::size_t>(spec.centers);
  const auto nf = static_cast<std::size_t>(spec.n_features);
  const auto n = static_cast<std::size_t>(spec.n_samples);

  // centers = uniform(box[0], box[1], size=(centers, n_features)), row-major.
  std::vector<double> centres(k * nf);
  for (double& c : centres) c = gen.uniform(spec.center_box_low, spec.center_box_high);

  // n // k samples per centre, the first n % k centres one more; centre i's
  // block is normal(loc=centres[i], scale=std, size=(n_i, n_features)),
  // filled in C order, so the loc broadcasts along each row.
  std::vector<double> x(n * nf);
  std::vector<std::int32_t> y(n);
  std::size_t row = 0;
  for (std::size_t i = 0; i < k; ++i) {
    const std::size_t n_i = n / k + (i < n % k ? 1 : 0);
    const double* centre = &centres[i * nf];
    for (std::size_t r = 0; r < n_i; ++r, ++row) {
      double* out = &x[row * nf];
      for (std::size_t f = 0; f < nf; ++f) out[f] = gen.normal(centre[f], spec.cluster_std);
      y[row] = static_cast<std::int32_t>(i);
    }
  }

  Points blobs;
  blobs.n_samples = spec.n_samples;
  blobs.n_features = spec.n_features;
  if (!spec.shuffle) {
    blobs.X = std::move(x);
    blobs.y = std::move(y);
    return blobs;
  }
  // sklearn.utils.shuffle -> resample(replace=False): indices = arange(n);
  // random_state.shuffle(indices); X[indices], y[indices].
  std::vector<std::int32_t> indices(n);
  std::iota(indices.begin(), indices.end(), 0);
  gen.shuffle(indices);
  blobs.X.resize(n * nf);
  blobs.y.resize(n);
  for (std::size_t r = 0; r < n; ++r) {
    const auto src = static_cast<std::size_t>(indices[r]);
    std::copy_n(&x[src * nf], nf, &blobs.X[r * nf]);
    blobs.y[r] = y[src];
  }
  return blobs;
}

}  // namespace

Points make_blobs(const BlobsSpec& spec) {
  validate(spec);
  switch (spec.generator) {
    case BlobsGenerator::sklearn: {
      numpy::RandomState rs(spec.random_state);
      return generate(spec, rs);
    }
    case BlobsGenerator::native: {
      // One stream for the whole dataset, its seed derived from
      // random_state alone (b = 0), for the data purpose.
      util::Rng rng(spec.random_state, 0, util::Purpose::data);
      return generate(spec, rng);
    }
  }
  throw std::invalid_argument("make_blobs: unknown generator");
}

Source read(const BlobsSpec& spec) { return source_of(make_blobs(spec), spec.centers); }

Shape shape_of(const BlobsSpec& spec) { return Shape{spec.n_samples, spec.n_features, spec.centers, 0}; }

nlohmann::json to_json(const BlobsSpec& b) {
  return {{"kind", "blobs"},
          {"generator", std::string(kBlobsGeneratorNames.name(b.generator))},
          {"n_samples", b.n_samples},
          {"centers", b.centers},
          {"n_features", b.n_features},
          {"cluster_std", b.cluster_std},
          {"center_box", {b.center_box_low, b.center_box_high}},
          {"shuffle", b.shuffle},
          {"random_state", b.random_state}};
}

std::string describe(const BlobsSpec& b) {
  using util::short_number;
  return fmt::format(
      "`make_blobs` ({}): {} samples, {} classes, {} features, cluster_std {}, centre box [{}, {}], {}, "
      "random_state {}",
      b.generator == BlobsGenerator::sklearn ? "bit-exact scikit-learn" : "native generator", b.n_samples, b.centers,
      b.n_features, short_number(b.cluster_std), short_number(b.center_box_low), short_number(b.center_box_high),
      b.shuffle ? "shuffled" : "not shuffled", b.random_state);
}

std::uint32_t random_state_of(const BlobsSpec& spec) { return spec.random_state; }

}  // namespace lrbench::data
