# sdk.example.layerwise: examples/layerwise-plugin (an SDK 2 plugin that uses
# the parameter layout) built against this build tree's package with no
# CMAKE_BUILD_TYPE — the package makes it Release, and the plugin records
# that it is optimised — then checked against its golden file and run. Built
# again as Debug, run and bench warn that it is not optimised.
# Inputs: LRBENCH_EXE, LRBENCH_BUILD_DIR, LRBENCH_SOURCE_DIR, WORK, GENERATOR, CXX_COMPILER.
include("${CMAKE_CURRENT_LIST_DIR}/common.cmake")
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")
set(example "${LRBENCH_SOURCE_DIR}/examples/layerwise-plugin")

expect(STATUS 0 COMMAND "${CMAKE_COMMAND}" -S "${example}" -B "${WORK}/default" -G "${GENERATOR}"
  "-DCMAKE_CXX_COMPILER=${CXX_COMPILER}" "-Dlrbench_DIR=${LRBENCH_BUILD_DIR}"
  OUTPUT_HAS "lrbench: no CMAKE_BUILD_TYPE given; building as Release")
expect(STATUS 0 COMMAND "${CMAKE_COMMAND}" --build "${WORK}/default")
set(plugins "${WORK}/default/plugins")

# The library says how it was built.
expect(STATUS 0 COMMAND "${LRBENCH_EXE}" --plugin-dir "${plugins}" plugins --json)
string(JSON count LENGTH "${OUT}" plugins)
math(EXPR last "${count} - 1")
set(found OFF)
foreach(i RANGE ${last})
  string(JSON name GET "${OUT}" plugins ${i} name)
  if(name STREQUAL "lnsgd")
    string(JSON optimized GET "${OUT}" plugins ${i} build optimized)
    if(NOT optimized)
      message(FATAL_ERROR "lnsgd built with no CMAKE_BUILD_TYPE is not optimised:\n${OUT}")
    endif()
    set(found ON)
  endif()
endforeach()
if(NOT found)
  message(FATAL_ERROR "lnsgd was not loaded from ${plugins}:\n${OUT}")
endif()

expect(STATUS 0 COMMAND "${LRBENCH_EXE}" --plugin-dir "${plugins}" conformance "${example}/lnsgd.conformance.json"
  OUTPUT_HAS "pass  lnsgd_layout_all_tensors" "2 passed, 0 failed")
expect(STATUS 0 COMMAND "${CMAKE_CTEST_COMMAND}" --test-dir "${WORK}/default" OUTPUT_HAS "lnsgd_conformance")
expect(STATUS 0 COMMAND "${LRBENCH_EXE}" --plugin-dir "${plugins}" run "${example}/lnsgd.yaml"
  --out "${WORK}/reports" -j 1
  OUTPUT_HAS "lnsgd-example: 3 runs (3 ok" OUTPUT_LACKS "optimizer 'lnsgd' (")  # no unoptimised-build warning for it
file(READ "${WORK}/reports/lnsgd-example/README.md" report)
string(FIND "${report}" "optimizer lnsgd 1.0.0 (optimised, " at)
if(at EQUAL -1)
  message(FATAL_ERROR "the report's context does not list lnsgd's build:\n${report}")
endif()

# An unoptimised build is warned about by run and listed as such.
expect(STATUS 0 COMMAND "${CMAKE_COMMAND}" -S "${example}" -B "${WORK}/debug" -G "${GENERATOR}"
  "-DCMAKE_CXX_COMPILER=${CXX_COMPILER}" "-Dlrbench_DIR=${LRBENCH_BUILD_DIR}" -DCMAKE_BUILD_TYPE=Debug
  OUTPUT_LACKS "building as Release")
expect(STATUS 0 COMMAND "${CMAKE_COMMAND}" --build "${WORK}/debug")
expect(STATUS 0 COMMAND "${LRBENCH_EXE}" --plugin-dir "${WORK}/debug/plugins" run "${example}/lnsgd.yaml"
  --out "${WORK}/debug-reports" -j 1 --filter lnsgd-all
  OUTPUT_HAS "/lrbench_lnsgd.so) was built without optimisation")
expect(STATUS 0 COMMAND "${LRBENCH_EXE}" --plugin-dir "${WORK}/debug/plugins" plugins
  OUTPUT_HAS "[built without optimisation]")
expect(STATUS 0 COMMAND "${LRBENCH_EXE}" bench --plugin-dir "${WORK}/debug/plugins"
  "--benchmark_filter=^optimizer/lnsgd/1000$" --benchmark_min_time=0.001
  OUTPUT_HAS "optimizer 'lnsgd'" "was built without optimisation" "optimizer/lnsgd/1000")
