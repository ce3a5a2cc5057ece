// A fixed sweep of lrbench::math over many arguments, hashed (FNV-1a over
// the result bits). Compiled twice: in the test with the project's flags and
// in a second translation unit with fused multiply-add contraction allowed
// (contraction_sweep.cpp); the hashes must agree with each other and with
// the constant in determinism_test.cpp, which was recorded with GCC 12 and
// Clang 14 on x86-64 (they agree).
#pragma once

#include <cstdint>

namespace lrbench::math_test {

// Hash of every function's float and double results (scalar and 16-lane
// vector forms) over the sweep, as compiled in the calling translation unit.
std::uint64_t sweep_hash_default();
std::uint64_t sweep_hash_contracting();

}  // namespace lrbench::math_test
