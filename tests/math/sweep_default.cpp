// The sweep (sweep.hpp) with the project's floating-point flags.
#include "sweep.hpp"
#include "sweep.inc"

std::uint64_t lrbench::math_test::sweep_hash_default() { return sweep_hash_body(); }
