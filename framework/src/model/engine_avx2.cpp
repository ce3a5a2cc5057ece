// The model kernels for AVX2 (x86-64-v3; FMA instructions exist but -ffp-contract=off keeps a·b + c
// rounded twice): a 16-lane vector is two registers.
// Compile flags: framework/src/model/CMakeLists.txt.
#define LRBENCH_MODEL_ISA avx2
#define LRBENCH_NATIVE_FLOATS 8
#define LRBENCH_MATH_NAMESPACE model_avx2
#define LRBENCH_TILE_UNITS 2
#define LRBENCH_TILE_VECTORS 2
#define LRBENCH_FUSED_VECTORS 1
#define LRBENCH_PEAK_CHAINS 8
#define LRBENCH_SOFTMAX_GROUP 2
#include "model/engine_impl.hpp"

namespace lrbench::model {

const Kernels<float>& avx2_kernels_f32() { return avx2::kernels<float>; }

}  // namespace lrbench::model
