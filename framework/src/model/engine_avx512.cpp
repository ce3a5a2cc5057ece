// The model kernels for AVX-512 (x86-64-v4): a 16-lane vector is one register, 32 of them.
// Compile flags: framework/src/model/CMakeLists.txt.
#define LRBENCH_MODEL_ISA avx512
#define LRBENCH_NATIVE_FLOATS 16
#define LRBENCH_MATH_NAMESPACE model_avx512
#define LRBENCH_TILE_UNITS 6
#define LRBENCH_TILE_VECTORS 4
#define LRBENCH_FUSED_VECTORS 4
#define LRBENCH_PEAK_CHAINS 24
#define LRBENCH_SOFTMAX_GROUP 4
#include "model/engine_impl.hpp"

namespace lrbench::model {

const Kernels<float>& avx512_kernels_f32() { return avx512::kernels<float>; }

}  // namespace lrbench::model
