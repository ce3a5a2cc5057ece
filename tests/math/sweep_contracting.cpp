// The sweep (sweep.hpp) compiled with fused multiply-add contraction allowed
// and FMA instructions available (tests/math/CMakeLists.txt sets the flags):
// lrbench/math.hpp must switch contraction off for its own code.
// Its own copies of the inline math functions (the AVX2 build of them must
// not stand in for the default one at link time).
#define LRBENCH_MATH_NAMESPACE contracting_test
#include "sweep.hpp"
#include "sweep.inc"

std::uint64_t lrbench::math_test::sweep_hash_contracting() { return sweep_hash_body(); }
