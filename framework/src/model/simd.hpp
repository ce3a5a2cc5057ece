// The model kernels' vectors: a fixed logical width of 16 lanes, whatever
// the CPU's.
//
// A lane vector, Lanes<V>, is 16 values held as 16/W native vectors of W
// lanes (GCC/Clang vector extensions): one AVX-512 register, two AVX or four
// SSE registers for floats. Arithmetic is lane by lane and rounds as its
// scalar form does, so the physical width never changes a result; the one
// cross-lane operation, reducing 16 lanes to one number, has the order of
// lrbench::math::reduce_lanes:
//   v[i] += v[i + 8] (i < 8), then + 4, + 2, + 1; the result is v[0].
// With W < 16 the first levels add whole native vectors (lane i + 8 sits in
// the same place of another vector), the rest shuffle within one.
//
// Included only by the per-instruction-set translation units
// (engine_<isa>.cpp), inside their own namespace (LRBENCH_MODEL_ISA), so no
// inline function compiled for one instruction set is shared with another.
// LRBENCH_NATIVE_FLOATS is the floats per native vector (4, 8 or 16).
#pragma once

#ifndef LRBENCH_MODEL_ISA
#error "model/simd.hpp belongs to the per-ISA kernels (engine_<isa>.cpp)"
#endif

#include <cstddef>
#include <cstdint>
#include <utility>

namespace lrbench::model::LRBENCH_MODEL_ISA {

inline constexpr int kLanes = 16;

template <class T, int W>
struct native_vector {
  typedef T type __attribute__((vector_size(sizeof(T) * W)));
};
template <class T, int W>
using native_t = typename native_vector<T, W>::type;

// The native vectors for floats, and for doubles (half as many lanes).
inline constexpr int kFloatWidth = LRBENCH_NATIVE_FLOATS;
template <class S>
inline constexpr int native_width = sizeof(S) == 4 ? kFloatWidth : kFloatWidth / 2;

template <class V>
inline constexpr int width_of = static_cast<int>(sizeof(V) / sizeof(V{}[0]));

template <class V>
using element_t = std::remove_cvref_t<decltype(V{}[0])>;

// --- native helpers -----------------------------------------------------------

template <class V, std::size_t... I>
[[gnu::always_inline]] inline V native_broadcast(element_t<V> s, std::index_sequence<I...>) noexcept {
  return V{(static_cast<void>(I), s)...};  // a uniform initialiser: one broadcast instruction
}

// Lane j of the level of the halving tree where every native vector holds
// W/G groups of G partial sums: pairs (x, y) become one vector of 2·W/G groups
// of G/2, the low halves (Hi = false) or the high halves (Hi = true) of x's
// groups, then of y's.
constexpr int pick_lane(int w, int g, bool hi, int j) noexcept {
  const int half = g / 2;
  const int group = j / half;
  const int groups_per_vector = w / g;
  const bool from_y = group >= groups_per_vector;
  const int source_group = from_y ? group - groups_per_vector : group;
  return (from_y ? w : 0) + source_group * g + j % half + (hi ? half : 0);
}
template <int G, bool Hi, class V, std::size_t... J>
[[gnu::always_inline]] inline V pick(V x, V y, std::index_sequence<J...>) noexcept {
  return __builtin_shufflevector(x, y, pick_lane(width_of<V>, G, Hi, static_cast<int>(J))...);
}

// W native vectors of W lanes → one vector whose lane i is the halving-tree
// sum of vector i's lanes (log2 W levels of pick + add).
template <class V, int G = width_of<V>>
[[gnu::always_inline]] inline V transpose_reduce(const V* v) noexcept {
  constexpr int w = width_of<V>;
  constexpr int count = w / (w / G);  // vectors at this level: W at the first, halving
  if constexpr (G == 1) {
    return v[0];
  } else {
    V next[count / 2];
    #pragma GCC unroll 16
    for (int p = 0; p < count / 2; ++p) {
      next[p] = pick<G, false>(v[2 * p], v[2 * p + 1], std::make_index_sequence<w>{}) +
                pick<G, true>(v[2 * p], v[2 * p + 1], std::make_index_sequence<w>{});
    }
    return transpose_reduce<V, G / 2>(next);
  }
}

// --- 16 logical lanes ----------------------------------------------------------

template <class V>
struct Lanes {
  static constexpr int W = width_of<V>;
  static constexpr int N = kLanes / W;
  using native = V;
  using scalar = element_t<V>;
  V p[N];

  [[gnu::always_inline]] scalar operator[](int i) const noexcept { return p[i / W][i % W]; }
};

template <class S>
using vec_t = Lanes<native_t<S, native_width<S>>>;
template <class S>
using mask_t = Lanes<native_t<std::conditional_t<sizeof(S) == 4, std::int32_t, std::int64_t>, native_width<S>>>;

template <class L>
[[gnu::always_inline]] inline L broadcast(typename L::scalar s) noexcept {
  L r;
  #pragma GCC unroll 16
  for (int i = 0; i < L::N; ++i) r.p[i] = native_broadcast<typename L::native>(s, std::make_index_sequence<L::W>{});
  return r;
}
// Unaligned loads and stores, one native vector at a time (a memcpy of the
// whole 64-byte struct would be split into 16-byte pieces).
template <class V>
[[gnu::always_inline]] inline V load_native(const void* p) noexcept {
  V v;
  __builtin_memcpy(&v, p, sizeof v);
  return v;
}
template <class L>
[[gnu::always_inline]] inline L load(const void* p) noexcept {
  L v;
  const char* bytes = static_cast<const char*>(p);
#pragma GCC unroll 16
  for (int i = 0; i < L::N; ++i) v.p[i] = load_native<typename L::native>(bytes + i * sizeof(typename L::native));
  return v;
}
template <class L>
[[gnu::always_inline]] inline void store(void* p, const L& v) noexcept {
  char* bytes = static_cast<char*>(p);
#pragma GCC unroll 16
  for (int i = 0; i < L::N; ++i) __builtin_memcpy(bytes + i * sizeof(typename L::native), &v.p[i], sizeof v.p[i]);
}

// Lane-wise operators on two lane vectors, or a lane vector and a scalar.
#define LRBENCH_LANES_BINARY(op)                                                                   \
  template <class V>                                                                               \
  [[gnu::always_inline]] inline Lanes<V> operator op(Lanes<V> a, const Lanes<V>& b) noexcept {     \
    _Pragma("GCC unroll 16") for (int i = 0; i < Lanes<V>::N; ++i) a.p[i] = a.p[i] op b.p[i];      \
    return a;                                                                                      \
  }                                                                                                \
  template <class V>                                                                               \
  [[gnu::always_inline]] inline Lanes<V> operator op(Lanes<V> a, element_t<V> b) noexcept {        \
    return a op broadcast<Lanes<V>>(b);                                                            \
  }                                                                                                \
  template <class V>                                                                               \
  [[gnu::always_inline]] inline Lanes<V> operator op(element_t<V> a, const Lanes<V>& b) noexcept { \
    return broadcast<Lanes<V>>(a) op b;                                                            \
  }
LRBENCH_LANES_BINARY(+)
LRBENCH_LANES_BINARY(-)
LRBENCH_LANES_BINARY(*)
LRBENCH_LANES_BINARY(/)
LRBENCH_LANES_BINARY(&)
#undef LRBENCH_LANES_BINARY

// Comparisons give a lane vector of integer masks (−1 true, 0 false).
#define LRBENCH_LANES_COMPARE(op)                                                                  \
  template <class V>                                                                               \
  [[gnu::always_inline]] inline auto operator op(const Lanes<V>& a, const Lanes<V>& b) noexcept {  \
    Lanes<decltype(a.p[0] op b.p[0])> m;                                                           \
    _Pragma("GCC unroll 16") for (int i = 0; i < Lanes<V>::N; ++i) m.p[i] = a.p[i] op b.p[i];      \
    return m;                                                                                      \
  }                                                                                                \
  template <class V>                                                                               \
  [[gnu::always_inline]] inline auto operator op(const Lanes<V>& a, element_t<V> b) noexcept {     \
    return a op broadcast<Lanes<V>>(b);                                                            \
  }
LRBENCH_LANES_COMPARE(<)
LRBENCH_LANES_COMPARE(>)
LRBENCH_LANES_COMPARE(==)
#undef LRBENCH_LANES_COMPARE

// Per lane: m ? a : b.
template <class M, class V>
[[gnu::always_inline]] inline Lanes<V> select(const Lanes<M>& m, const Lanes<V>& a, const Lanes<V>& b) noexcept {
  Lanes<V> r;
  #pragma GCC unroll 16
  for (int i = 0; i < Lanes<V>::N; ++i) r.p[i] = m.p[i] ? a.p[i] : b.p[i];
  return r;
}

// f applied to each native vector.
template <class V, class F>
[[gnu::always_inline]] inline Lanes<V> each_native(Lanes<V> v, F f) noexcept {
  #pragma GCC unroll 16
  for (int i = 0; i < Lanes<V>::N; ++i) v.p[i] = f(v.p[i]);
  return v;
}

// The first levels of the tree, across native vectors: parts i and
// i + N/2 hold lanes l and l + 8, then l + 4, ... (nothing to do when N = 1).
template <class V>
[[gnu::always_inline]] inline V fold_parts(Lanes<V> v) noexcept {
  for (int n = Lanes<V>::N / 2; n >= 1; n /= 2) {
    #pragma GCC unroll 16
    for (int i = 0; i < n; ++i) v.p[i] = v.p[i] + v.p[i + n];
  }
  return v.p[0];
}

// The halving tree within one native vector: lane i += lane i + H for
// H = W/2, W/4, ..., 1 (by rotating the vector by H); the sum is lane 0.
template <int H, class V, std::size_t... J>
[[gnu::always_inline]] inline V rotate(V v, std::index_sequence<J...>) noexcept {
  return __builtin_shufflevector(v, v, static_cast<int>((J + H) % sizeof...(J))...);
}
template <class V, int H = width_of<V> / 2>
[[gnu::always_inline]] inline element_t<V> native_tree(V v) noexcept {
  if constexpr (H == 0) {
    return v[0];
  } else {
    return native_tree<V, H / 2>(v + rotate<H>(v, std::make_index_sequence<width_of<V>>{}));
  }
}

// The 16 lanes of v added in the fixed order (above).
template <class V>
[[gnu::always_inline]] inline element_t<V> reduce(const Lanes<V>& v) noexcept {
  return native_tree(fold_parts(v));
}

// Sixteen reductions at once: lane i of the result is reduce(v[i]), in the
// same order, sharing the shuffles (W vectors per transpose).
template <class V>
[[gnu::always_inline]] inline Lanes<V> reduce16(const Lanes<V> (&v)[16]) noexcept {
  constexpr int w = width_of<V>;
  V folded[16];
  #pragma GCC unroll 16
  for (int i = 0; i < 16; ++i) folded[i] = fold_parts(v[i]);
  Lanes<V> r;
  #pragma GCC unroll 16
  for (int g = 0; g < 16 / w; ++g) r.p[g] = transpose_reduce(folded + g * w);
  return r;
}

// The lower and upper halves of a native float vector, widened to double.
template <std::size_t Offset, class V, std::size_t... J>
[[gnu::always_inline]] inline auto half_to_double(V v, std::index_sequence<J...>) noexcept {
  return __builtin_convertvector(__builtin_shufflevector(v, v, static_cast<int>(J + Offset)...),
                                 native_t<double, sizeof...(J)>);
}

// Adds the 16 float lanes of v, widened to double, to acc (lane i to acc
// lane i, as 2·N native double vectors).
template <class V>
[[gnu::always_inline]] inline void add_to_double(native_t<double, Lanes<V>::W / 2> (&acc)[2 * Lanes<V>::N],
                                                 const Lanes<V>& v) noexcept {
  constexpr std::size_t half = Lanes<V>::W / 2;
  #pragma GCC unroll 16
  for (int i = 0; i < Lanes<V>::N; ++i) {
    acc[2 * i] = acc[2 * i] + half_to_double<0>(v.p[i], std::make_index_sequence<half>{});
    acc[2 * i + 1] = acc[2 * i + 1] + half_to_double<half>(v.p[i], std::make_index_sequence<half>{});
  }
}

// Labels (int32) as the mask type of S, for lane-wise comparison with a
// class index.
template <class S>
[[gnu::always_inline]] inline mask_t<S> load_labels(const std::int32_t* p) noexcept {
  if constexpr (sizeof(S) == 4) {
    return load<mask_t<S>>(p);
  } else {
    using M = mask_t<S>;
    using Narrow = native_t<std::int32_t, M::W>;
    M m;
    #pragma GCC unroll 16
    for (int i = 0; i < M::N; ++i) {
      Narrow n;
      __builtin_memcpy(&n, p + i * M::W, sizeof n);
      m.p[i] = __builtin_convertvector(n, typename M::native);
    }
    return m;
  }
}

// Lanes 0..15, as the mask type of S.
template <class S>
[[gnu::always_inline]] inline mask_t<S> lane_index() noexcept {
  using M = mask_t<S>;
  M m;
  #pragma GCC unroll 16
  for (int i = 0; i < kLanes; ++i) m.p[i / M::W][i % M::W] = i;
  return m;
}

}  // namespace lrbench::model::LRBENCH_MODEL_ISA
