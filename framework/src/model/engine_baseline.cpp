// The model kernels for x86-64 baseline (SSE2), or the target's default elsewhere: a 16-lane vector
// is four SSE registers.
// Compile flags: framework/src/model/CMakeLists.txt.
#define LRBENCH_MODEL_ISA baseline
#define LRBENCH_NATIVE_FLOATS 4
#define LRBENCH_MATH_NAMESPACE model_baseline
#define LRBENCH_TILE_UNITS 2
#define LRBENCH_TILE_VECTORS 1
#define LRBENCH_FUSED_VECTORS 1
#define LRBENCH_PEAK_CHAINS 3
#define LRBENCH_SOFTMAX_GROUP 1
#include "model/engine_impl.hpp"

namespace lrbench::model {

const Kernels<float>& baseline_kernels_f32() { return baseline::kernels<float>; }
const Kernels<double>& baseline_kernels_f64() { return baseline::kernels<double>; }

}  // namespace lrbench::model
