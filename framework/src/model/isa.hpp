// Which build of the model kernels runs: the best one this CPU supports, or
// the one LRBENCH_ISA names (baseline | avx2 | avx512). Every build computes
// the same bits (simd.hpp); they differ only in speed.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "model/engine.hpp"

namespace lrbench::model {

enum class Isa : std::uint8_t { baseline, avx2, avx512 };

[[nodiscard]] std::string_view to_string(Isa isa) noexcept;

// The instruction sets this binary has kernels for and this CPU (and OS) can
// run, from baseline up.
[[nodiscard]] std::vector<Isa> supported_isas();

// The set in force: LRBENCH_ISA when set, otherwise the best supported.
// Throws std::invalid_argument, naming the variable, when LRBENCH_ISA is
// not one of the names or the CPU cannot run it. Read once per process.
[[nodiscard]] Isa selected_isa();

// The kernels of one set (which must be supported).
[[nodiscard]] const Kernels<float>& kernels_f32(Isa isa);

}  // namespace lrbench::model
