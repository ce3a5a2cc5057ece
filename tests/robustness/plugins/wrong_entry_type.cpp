// A library whose `lrbench_plugin` symbol is not the entry function but
// data: the host that calls it jumps into a non-executable page and dies of
// SIGSEGV. `lrbench run --isolate` probes libraries in a child process first
// (framework/src/plugins/probe.hpp) and refuses this one instead.
//
// Built into its own folder (test-plugins/robustness-hostile), away from
// fixture_faulty: without --isolate, loading it ends any lrbench command.
#include <boost/dll/alias.hpp>

namespace {

// Zeros: `add %al,(%rax)` on x86-64, but in .rodata, which is not executable.
const unsigned char not_a_function[64] = {};

}  // namespace

BOOST_DLL_ALIAS(not_a_function, lrbench_plugin)
