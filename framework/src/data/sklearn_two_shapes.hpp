// What scikit-learn's make_moons and make_circles share (internal): the
// split of n_samples between the two shapes, and the shuffle and noise they
// apply after placing the points.
#pragma once

#include <nlohmann/json.hpp>

#include "data/generators.hpp"
#include "data/numpy_random_state.hpp"

namespace lrbench::data {

// sklearn's n_samples: an integer n means out = n // 2, in = n − out; any
// other split is the pair [out, in].
[[nodiscard]] nlohmann::json sklearn_n_samples(int out, int in);

// if shuffle: indices = arange(n); rs.shuffle(indices); X, y = X[indices], y[indices]
// if noise:   X += rs.normal(scale=noise, size=X.shape), in C order
// (sklearn's noise=None draws nothing; noise 0 would only add zeros, so it
// draws nothing either.)
void sklearn_shuffle_and_noise(Points& points, bool shuffle, double noise, numpy::RandomState& rs);

}  // namespace lrbench::data
