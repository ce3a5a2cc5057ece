// An independent, plain scalar implementation of the MLP's documented
// arithmetic (model/kernels.hpp, model/softmax.hpp, model/activations.hpp):
// every sum in its documented order, one sample at a time. The kernels, on
// every instruction set, must reproduce it bit for bit.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include <Eigen/Core>

#include "model/layout.hpp"
#include "model/mlp.hpp"

namespace lrbench::model::reference {

// Mean loss and gradient of a batch (rows of x), as Mlp<float>::loss_and_gradient.
float loss_and_gradient(std::span<const LayerLayout> layers, std::span<const float> params, const Mlp<float>::Matrix& x,
                        std::span<const std::int32_t> y, std::span<float> grad);

// Mean loss and accuracy over every row of x, as Mlp<float>::evaluate.
Evaluation evaluate(std::span<const LayerLayout> layers, std::span<const float> params, const Mlp<float>::Matrix& x,
                    std::span<const std::int32_t> y);

}  // namespace lrbench::model::reference
