# sdk.new_plugin.<kind>: `lrbench new-plugin KIND NAME --dir DIR` writes a
# skeleton that builds out of tree against the build tree's package, loads
# with --plugin-dir, passes its own conformance stub (which is tied to the
# skeleton's rule: with another parameter value it fails) and is described
# with its parameter.
# Inputs: LRBENCH_EXE, LRBENCH_BUILD_DIR, KIND, WORK, GENERATOR, CXX_COMPILER.
include("${CMAKE_CURRENT_LIST_DIR}/common.cmake")
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")

if(KIND STREQUAL "optimizer")
  set(name skeleton_opt)
  set(param scale)
else()
  set(name skeleton_sched)
  set(param gamma)
endif()
set(src "${WORK}/src")

# Out of tree (--dir): the next steps are commands to paste, with this
# lrbench's real package folder and executable.
expect(STATUS 0 COMMAND "${LRBENCH_EXE}" new-plugin ${KIND} ${name} --dir "${src}"
  OUTPUT_HAS "cmake -S ${src} -B ${src}/build -Dlrbench_DIR=${LRBENCH_BUILD_DIR}"
             "${LRBENCH_EXE} --plugin-dir ${src}/build/plugins conformance ${src}/${name}.conformance.json"
  OUTPUT_LACKS "<prefix>" "add this line")
expect_files("${src}/${name}.cpp" "${src}/CMakeLists.txt" "${src}/${name}.conformance.json")

build_project("${src}" "${WORK}/build" "${LRBENCH_BUILD_DIR}")
set(plugins "${WORK}/build/plugins")

expect(STATUS 0 COMMAND "${LRBENCH_EXE}" --plugin-dir "${plugins}" conformance "${src}/${name}.conformance.json"
  OUTPUT_HAS "pass  ${name}_skeleton" "1 passed, 0 failed")
expect(STATUS 0 COMMAND "${LRBENCH_EXE}" --plugin-dir "${plugins}" describe ${name}
  OUTPUT_HAS "${name} (${KIND} 0.1.0)" "  ${param} " "from ${plugins}")
# The generated project's own ctest runs the same check through
# LRBENCH_EXECUTABLE from the package config.
expect(STATUS 0 COMMAND "${CMAKE_CTEST_COMMAND}" --test-dir "${WORK}/build" --output-on-failure
  OUTPUT_HAS "${name}_conformance")

# The stub's expected values belong to the skeleton's rule at the stub's
# parameter value: another value must fail.
file(READ "${src}/${name}.conformance.json" stub)
string(REGEX REPLACE "\"${param}\": [0-9.]+" "\"${param}\": 0.25" wrong "${stub}")
if(wrong STREQUAL stub)
  message(FATAL_ERROR "could not change ${param} in the stub:\n${stub}")
endif()
file(WRITE "${WORK}/wrong.json" "${wrong}")
expect(STATUS 1 COMMAND "${LRBENCH_EXE}" --plugin-dir "${plugins}" conformance "${WORK}/wrong.json"
  OUTPUT_HAS "FAIL  ${name}_skeleton" "0 passed, 1 failed")
