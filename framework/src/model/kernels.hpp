// The small dense kernel behind the MLP's thin layers.
//
// out[j, o] = E(bias[o] + Σ_k in[j, k] · w(k, o))   for j < rows, o < outs
//
// All matrices are column-major with leading dimensions; w(k, o) is read as
// w[k·w_in_stride + o·w_out_stride], so the same kernel computes a layer's
// forward pass (Z = A·Wt: strides 1, K) and its backward pass to the inputs
// (dA = D·Wtᵀ: strides K, 1). Rows (samples) are processed in register
// blocks of P SIMD packets: the accumulators of one output column stay in
// vector registers across the whole k loop, so each weight is broadcast once
// per block and each input element is loaded once per output column.
//
// Why not Eigen's product: for a 2 → 50 → 3 network at batch 32, Eigen's GEMM
// spends most of its time packing and zeroing, and its lazy product does not
// vectorise along the batch. Wide layers still use Eigen's GEMM (mlp.cpp).
// The SIMD packets are Eigen's own (SSE, AVX, AVX-512 or NEON, whichever the
// build targets), through its internal packet API.
#pragma once

#include <algorithm>

#include <Eigen/Core>

// Eigen's packet types carry alignment attributes that GCC drops, with a
// warning, when they are template arguments; harmless here (loads and stores
// are unaligned), and Eigen silences the same warning in its own headers.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wignored-attributes"
#endif

namespace lrbench::model::kernels {

using Index = Eigen::Index;

// What to apply to each result before it is stored: nothing, or max(0, ·)
// (ReLU, fused so a hidden layer's output is written once).
enum class Epilogue { none, relu };

// One block of P packets of rows. K > 0 fixes the number of inputs at compile
// time, so the k loop unrolls completely (the study's first layer has two
// inputs, where loop overhead would otherwise dominate); K == 0 reads `ins`.
template <int P, int K, Epilogue E, class S>
inline void affine_block(const S* in, Index ld_in, const S* w, Index w_in_stride, Index w_out_stride,
                         const S* bias, S* out, Index ld_out, Index ins, Index outs) {
  namespace ei = Eigen::internal;
  using Packet = typename ei::packet_traits<S>::type;
  constexpr int N = ei::unpacket_traits<Packet>::size;
  const Index k_end = K > 0 ? K : ins;
  for (Index o = 0; o < outs; ++o) {
    const Packet start = ei::pset1<Packet>(bias != nullptr ? bias[o] : S(0));
    Packet acc[P];
    for (int p = 0; p < P; ++p) acc[p] = start;
    const S* w_o = w + o * w_out_stride;
    for (Index k = 0; k < k_end; ++k) {
      const Packet weight = ei::pset1<Packet>(w_o[k * w_in_stride]);
      const S* column = in + k * ld_in;
      for (int p = 0; p < P; ++p) acc[p] = ei::pmadd(ei::ploadu<Packet>(column + p * N), weight, acc[p]);
    }
    S* dst = out + o * ld_out;
    for (int p = 0; p < P; ++p) {
      if constexpr (E == Epilogue::relu) acc[p] = ei::pmax(acc[p], ei::pzero(acc[p]));
      ei::pstoreu(dst + p * N, acc[p]);
    }
  }
}

// The rows left over after the packet blocks, one at a time.
template <Epilogue E, class S>
inline void affine_rows(const S* in, Index ld_in, const S* w, Index w_in_stride, Index w_out_stride, const S* bias,
                        S* out, Index ld_out, Index rows, Index ins, Index outs) {
  for (Index o = 0; o < outs; ++o) {
    for (Index j = 0; j < rows; ++j) {
      S acc = bias != nullptr ? bias[o] : S(0);
      for (Index k = 0; k < ins; ++k) acc += in[j + k * ld_in] * w[k * w_in_stride + o * w_out_stride];
      out[j + o * ld_out] = E == Epilogue::relu ? std::max(acc, S(0)) : acc;
    }
  }
}

template <int K, Epilogue E, class S>
void affine_fixed(const S* in, Index ld_in, const S* w, Index w_in_stride, Index w_out_stride, const S* bias,
                  S* out, Index ld_out, Index rows, Index ins, Index outs) {
  using Packet = typename Eigen::internal::packet_traits<S>::type;
  constexpr int N = Eigen::internal::unpacket_traits<Packet>::size;
  Index j = 0;
  // Four packets (32 floats with AVX) per block: enough independent
  // accumulators to cover FMA latency, few enough to stay in registers.
  for (; j + 4 * N <= rows; j += 4 * N) {
    affine_block<4, K, E>(in + j, ld_in, w, w_in_stride, w_out_stride, bias, out + j, ld_out, ins, outs);
  }
  for (; j + N <= rows; j += N) {
    affine_block<1, K, E>(in + j, ld_in, w, w_in_stride, w_out_stride, bias, out + j, ld_out, ins, outs);
  }
  if (j < rows) {
    affine_rows<E>(in + j, ld_in, w, w_in_stride, w_out_stride, bias, out + j, ld_out, rows - j, ins, outs);
  }
}

// out = E(in · W (+ bias)), `rows` × `outs`, reading `ins` input columns.
template <Epilogue E = Epilogue::none, class S>
void affine(const S* in, Index ld_in, const S* w, Index w_in_stride, Index w_out_stride, const S* bias, S* out,
            Index ld_out, Index rows, Index ins, Index outs) {
  switch (ins) {
    case 1: return affine_fixed<1, E>(in, ld_in, w, w_in_stride, w_out_stride, bias, out, ld_out, rows, ins, outs);
    case 2: return affine_fixed<2, E>(in, ld_in, w, w_in_stride, w_out_stride, bias, out, ld_out, rows, ins, outs);
    case 3: return affine_fixed<3, E>(in, ld_in, w, w_in_stride, w_out_stride, bias, out, ld_out, rows, ins, outs);
    case 4: return affine_fixed<4, E>(in, ld_in, w, w_in_stride, w_out_stride, bias, out, ld_out, rows, ins, outs);
    default: return affine_fixed<0, E>(in, ld_in, w, w_in_stride, w_out_stride, bias, out, ld_out, rows, ins, outs);
  }
}

// out(k, o) = Σ_j a(j, k) · d(j, o) for k < ks, o < os: the weight gradient
// Aᵀ·D of a thin layer, each entry a dot product along the batch. Each column
// of `a` is loaded once per block of four output columns of `d`.
template <class S>
void transposed_product(const S* a, Index ld_a, const S* d, Index ld_d, S* out, Index ld_out, Index rows, Index ks,
                        Index os) {
  namespace ei = Eigen::internal;
  using Packet = typename ei::packet_traits<S>::type;
  constexpr int N = ei::unpacket_traits<Packet>::size;
  const Index packed = rows - rows % N;
  for (Index k = 0; k < ks; ++k) {
    const S* a_k = a + k * ld_a;
    Index o = 0;
    for (; o + 4 <= os; o += 4) {
      Packet acc[4] = {ei::pset1<Packet>(S(0)), ei::pset1<Packet>(S(0)), ei::pset1<Packet>(S(0)),
                       ei::pset1<Packet>(S(0))};
      for (Index j = 0; j < packed; j += N) {
        const Packet x = ei::ploadu<Packet>(a_k + j);
        for (int c = 0; c < 4; ++c) acc[c] = ei::pmadd(x, ei::ploadu<Packet>(d + (o + c) * ld_d + j), acc[c]);
      }
      for (int c = 0; c < 4; ++c) {
        S sum = ei::predux(acc[c]);
        for (Index j = packed; j < rows; ++j) sum += a_k[j] * d[(o + c) * ld_d + j];
        out[k + (o + c) * ld_out] = sum;
      }
    }
    for (; o < os; ++o) {
      Packet acc = ei::pset1<Packet>(S(0));
      for (Index j = 0; j < packed; j += N) acc = ei::pmadd(ei::ploadu<Packet>(a_k + j), ei::ploadu<Packet>(d + o * ld_d + j), acc);
      S sum = ei::predux(acc);
      for (Index j = packed; j < rows; ++j) sum += a_k[j] * d[o * ld_d + j];
      out[k + o * ld_out] = sum;
    }
  }
}

}  // namespace lrbench::model::kernels

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
