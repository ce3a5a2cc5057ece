#include "model/isa.hpp"

#include <cstdlib>
#include <stdexcept>
#include <string>

namespace lrbench::model {

std::string_view to_string(Isa isa) noexcept {
  switch (isa) {
    case Isa::baseline: return "baseline";
    case Isa::avx2: return "avx2";
    case Isa::avx512: return "avx512";
  }
  return "?";
}

std::vector<Isa> supported_isas() {
  std::vector<Isa> isas{Isa::baseline};
#if defined(__x86_64__)
  // The x86-64 micro-architecture levels the kernels are compiled for
  // (x86-64-v3: AVX2, FMA, BMI1/2, ...; x86-64-v4: AVX-512 F/BW/CD/DQ/VL);
  // libgcc also checks that the OS saves the wider registers.
  __builtin_cpu_init();
  if (__builtin_cpu_supports("x86-64-v3")) isas.push_back(Isa::avx2);
  if (__builtin_cpu_supports("x86-64-v4")) isas.push_back(Isa::avx512);
#endif
  return isas;
}

namespace {

Isa choose() {
  const std::vector<Isa> supported = supported_isas();
  const char* forced = std::getenv("LRBENCH_ISA");
  if (forced == nullptr || *forced == '\0') return supported.back();
  std::string names;
  for (Isa isa : supported) names += (names.empty() ? "" : ", ") + std::string(to_string(isa));
  for (Isa isa : {Isa::baseline, Isa::avx2, Isa::avx512}) {
    if (to_string(isa) != forced) continue;
    for (Isa s : supported) {
      if (s == isa) return isa;
    }
    throw std::invalid_argument("LRBENCH_ISA=" + std::string(forced) +
                                ": this CPU (or this build) cannot run it; it supports " + names);
  }
  throw std::invalid_argument("LRBENCH_ISA=" + std::string(forced) +
                              ": unknown instruction set; expected baseline, avx2 or avx512 (this CPU supports " +
                              names + ")");
}

}  // namespace

Isa selected_isa() {
  static const Isa isa = choose();
  return isa;
}

const Kernels<float>& kernels_f32(Isa isa) {
  switch (isa) {
#if defined(__x86_64__)
    case Isa::avx512: return avx512_kernels_f32();
    case Isa::avx2: return avx2_kernels_f32();
#else
    case Isa::avx512:
    case Isa::avx2: break;
#endif
    case Isa::baseline: return baseline_kernels_f32();
  }
  throw std::invalid_argument("no kernels for instruction set " + std::string(to_string(isa)));
}

}  // namespace lrbench::model
