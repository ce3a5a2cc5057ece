// The model kernels' vectors: a fixed logical width of 16 lanes, whatever
// the CPU's.
//
// A lane vector is a GCC/Clang generic vector of 16 floats (or doubles): the
// compiler lowers one to a single AVX-512 register, two AVX or four SSE
// registers. Every operation is lane-wise and rounds as its scalar form
// does, so results never depend on the physical width; only the one
// cross-lane operation, the reduction of 16 lanes to one number, needs a
// defined order, and it has the one of lrbench::math::reduce_lanes:
//   v[i] += v[i + 8] (i < 8), then + 4, + 2, + 1; the result is v[0].
//
// Included only by the per-instruction-set translation units
// (engine_<isa>.cpp), inside their own namespace (LRBENCH_MODEL_ISA), so no
// inline function compiled for one instruction set is shared with another.
#pragma once

#ifndef LRBENCH_MODEL_ISA
#error "model/simd.hpp belongs to the per-ISA kernels (engine_<isa>.cpp)"
#endif

#include <cstdint>

namespace lrbench::model::LRBENCH_MODEL_ISA {

inline constexpr int kLanes = 16;

typedef float f32x16 __attribute__((vector_size(64)));
typedef double f64x16 __attribute__((vector_size(128)));
typedef std::int32_t i32x16 __attribute__((vector_size(64)));
typedef std::int64_t i64x16 __attribute__((vector_size(128)));

// Lane vector, integer mask vector and label vector for a scalar type.
template <class S>
struct lanes;
template <>
struct lanes<float> {
  using vec = f32x16;
  using mask = i32x16;
};
template <>
struct lanes<double> {
  using vec = f64x16;
  using mask = i64x16;
};
template <class S>
using vec_t = typename lanes<S>::vec;
template <class S>
using mask_t = typename lanes<S>::mask;

template <class V>
[[gnu::always_inline]] inline V load(const void* p) noexcept {
  V v;
  __builtin_memcpy(&v, p, sizeof v);
  return v;
}
template <class V>
[[gnu::always_inline]] inline void store(void* p, V v) noexcept {
  __builtin_memcpy(p, &v, sizeof v);
}

// Every lane set to s (a uniform initialiser is what compilers turn into
// one broadcast instruction; a loop of lane stores is not).
template <class V, class S>
[[gnu::always_inline]] inline V broadcast(S s) noexcept {
  return V{s, s, s, s, s, s, s, s, s, s, s, s, s, s, s, s};
}

// Labels (int32) widened to the mask type of S, for lane-wise comparison
// with a class index.
template <class S>
[[gnu::always_inline]] inline mask_t<S> load_labels(const std::int32_t* p) noexcept {
  const i32x16 y = load<i32x16>(p);
  if constexpr (sizeof(S) == 4) {
    return y;
  } else {
    return __builtin_convertvector(y, i64x16);
  }
}

// The 16 lanes of v added in the fixed order (above).
template <class V>
[[gnu::always_inline]] inline auto reduce(V v) noexcept {
  const V a = v + __builtin_shufflevector(v, v, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7);
  const V b = a + __builtin_shufflevector(a, a, 4, 5, 6, 7, 0, 1, 2, 3, 4, 5, 6, 7, 0, 1, 2, 3);
  const V c = b + __builtin_shufflevector(b, b, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1);
  return c[0] + c[1];
}

// Sixteen reductions at once: lane i of the result is reduce(v[i]), in the
// same order, with 15 additions instead of 60. Each level adds the upper half
// of every lane group to its lower half and packs two vectors' halves into
// one: after level 1, vector p holds v[2p]'s 8 partial sums then v[2p+1]'s;
// after level 4, lane i holds v[i]'s sum.
template <class V>
[[gnu::always_inline]] inline V reduce16(const V (&v)[16]) noexcept {
  V l1[8];
  for (int p = 0; p < 8; ++p) {
    const V x = v[2 * p];
    const V y = v[2 * p + 1];
    l1[p] = __builtin_shufflevector(x, y, 0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23) +
            __builtin_shufflevector(x, y, 8, 9, 10, 11, 12, 13, 14, 15, 24, 25, 26, 27, 28, 29, 30, 31);
  }
  V l2[4];
  for (int p = 0; p < 4; ++p) {
    const V x = l1[2 * p];
    const V y = l1[2 * p + 1];
    l2[p] = __builtin_shufflevector(x, y, 0, 1, 2, 3, 8, 9, 10, 11, 16, 17, 18, 19, 24, 25, 26, 27) +
            __builtin_shufflevector(x, y, 4, 5, 6, 7, 12, 13, 14, 15, 20, 21, 22, 23, 28, 29, 30, 31);
  }
  V l3[2];
  for (int p = 0; p < 2; ++p) {
    const V x = l2[2 * p];
    const V y = l2[2 * p + 1];
    l3[p] = __builtin_shufflevector(x, y, 0, 1, 4, 5, 8, 9, 12, 13, 16, 17, 20, 21, 24, 25, 28, 29) +
            __builtin_shufflevector(x, y, 2, 3, 6, 7, 10, 11, 14, 15, 18, 19, 22, 23, 26, 27, 30, 31);
  }
  const V x = l3[0];
  const V y = l3[1];
  return __builtin_shufflevector(x, y, 0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30) +
         __builtin_shufflevector(x, y, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31);
}

}  // namespace lrbench::model::LRBENCH_MODEL_ISA
