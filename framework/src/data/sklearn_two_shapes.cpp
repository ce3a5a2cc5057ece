#include "data/sklearn_two_shapes.hpp"

#include <numeric>
#include <vector>

namespace lrbench::data {

nlohmann::json sklearn_n_samples(int out, int in) {
  const int n = out + in;
  if (out == n / 2) return n;
  return nlohmann::json::array({out, in});
}

void sklearn_shuffle_and_noise(Points& p, bool shuffle, double noise, numpy::RandomState& rs) {
  if (shuffle) {
    const auto n = static_cast<std::size_t>(p.n_samples);
    const auto nf = static_cast<std::size_t>(p.n_features);
    std::vector<std::int32_t> indices(n);
    std::iota(indices.begin(), indices.end(), 0);
    rs.shuffle(indices);
    std::vector<double> x(n * nf);
    std::vector<std::int32_t> y(n);
    for (std::size_t r = 0; r < n; ++r) {
      const auto src = static_cast<std::size_t>(indices[r]);
      for (std::size_t f = 0; f < nf; ++f) x[r * nf + f] = p.X[src * nf + f];
      y[r] = p.y[src];
    }
    p.X = std::move(x);
    p.y = std::move(y);
  }
  if (noise > 0.0) {
    for (double& x : p.X) x += rs.normal(0.0, noise);
  }
}

}  // namespace lrbench::data
