# sdk.install: `cmake --install` into a fresh prefix gives a host that finds
# the installed plugins with no flags, the SDK headers and a package that the
# out-of-tree example builds against; the example, installed into the same
# prefix, is then found and run by the installed host with no flags either.
# Inputs: LRBENCH_BUILD_DIR, LRBENCH_SOURCE_DIR, LIBDIR, WORK, GENERATOR, CXX_COMPILER.
include("${CMAKE_CURRENT_LIST_DIR}/common.cmake")
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")
set(prefix "${WORK}/prefix")

expect(STATUS 0 COMMAND "${CMAKE_COMMAND}" --install "${LRBENCH_BUILD_DIR}" --prefix "${prefix}")
set(package "${prefix}/${LIBDIR}/cmake/lrbench")
expect_files("${prefix}/bin/lrbench" "${prefix}/include/lrbench/lrbench.hpp" "${prefix}/include/lrbench/plugin.hpp"
  "${package}/lrbenchConfig.cmake" "${package}/lrbenchConfigVersion.cmake" "${package}/lrbenchTargets.cmake"
  "${package}/lrbenchPlugin.cmake" "${prefix}/${LIBDIR}/lrbench/plugins/lrbench_sgd.so")

# The installed host, no flags: every plugin comes from the prefix.
expect(STATUS 0 COMMAND "${prefix}/bin/lrbench" plugins OUTPUT_HAS "sgd" "cosine" OUTPUT_LACKS "No plugins found" "refused")
expect(STATUS 0 COMMAND "${prefix}/bin/lrbench" plugins --json)
string(JSON count LENGTH "${OUT}" plugins)
if(count LESS 2)
  message(FATAL_ERROR "the installed host loaded ${count} plugins:\n${OUT}")
endif()
math(EXPR last "${count} - 1")
foreach(i RANGE ${last})
  string(JSON file GET "${OUT}" plugins ${i} file)
  string(FIND "${file}" "${prefix}/" at)
  if(NOT at EQUAL 0)
    message(FATAL_ERROR "the installed host loaded ${file}, outside ${prefix}")
  endif()
endforeach()

# The example against the installed package, installed into the same prefix.
set(example "${LRBENCH_SOURCE_DIR}/examples/out-of-tree-plugin")
build_project("${example}" "${WORK}/example" "${package}" "-DCMAKE_INSTALL_PREFIX=${prefix}")
expect(STATUS 0 COMMAND "${CMAKE_COMMAND}" --install "${WORK}/example")
expect_files("${prefix}/${LIBDIR}/lrbench/plugins/lrbench_sign_sgd.so")
expect(STATUS 0 COMMAND "${prefix}/bin/lrbench" conformance "${example}/sign_sgd.conformance.json"
  OUTPUT_HAS "2 passed, 0 failed")
expect(STATUS 0 COMMAND "${prefix}/bin/lrbench" run "${example}/sign_sgd.yaml" --out "${WORK}/reports" -j 1
  OUTPUT_HAS "sign-sgd-example: 2 runs (2 ok")
