# sdk.add_subdirectory: lrbench as a subproject. A consumer project that adds
# the source tree with add_subdirectory() builds one plugin with
# lrbench_add_plugin() against lrbench::sdk, and only that target. There,
# LRBENCH_INSTALL and LRBENCH_BUILD_TESTS default to OFF, so lrbench adds no
# install rules and no tests: installing the consumer installs nothing of
# lrbench's. The host of this build then loads the plugin and checks it.
# Skipped (not failed) when the compiler or build tool this build was
# configured with is gone, since nothing can be built then.
# Inputs: LRBENCH_EXE, LRBENCH_SOURCE_DIR, WORK, GENERATOR, MAKE_PROGRAM,
# CXX_COMPILER, CXX_COMPILER_LAUNCHER.
include("${CMAKE_CURRENT_LIST_DIR}/common.cmake")
foreach(tool IN ITEMS "${CXX_COMPILER}" "${MAKE_PROGRAM}")
  if(NOT EXISTS "${tool}")
    message("SKIPPED: ${tool} does not exist, so no consumer project can be built")
    return()
  endif()
endforeach()
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}/consumer")
set(example "${LRBENCH_SOURCE_DIR}/examples/out-of-tree-plugin")
file(WRITE "${WORK}/consumer/CMakeLists.txt" "cmake_minimum_required(VERSION 3.25)
project(lrbench_consumer LANGUAGES CXX)
add_subdirectory(\"${LRBENCH_SOURCE_DIR}\" lrbench)
lrbench_add_plugin(sign_sgd SOURCES \"${example}/sign_sgd.cpp\")
")

set(binary "${WORK}/build")
expect(STATUS 0 COMMAND "${CMAKE_COMMAND}" -S "${WORK}/consumer" -B "${binary}" -G "${GENERATOR}"
  "-DCMAKE_MAKE_PROGRAM=${MAKE_PROGRAM}" "-DCMAKE_CXX_COMPILER=${CXX_COMPILER}"
  "-DCMAKE_CXX_COMPILER_LAUNCHER=${CXX_COMPILER_LAUNCHER}" -DCMAKE_BUILD_TYPE=Release)
foreach(option IN ITEMS LRBENCH_INSTALL LRBENCH_BUILD_TESTS)
  file(STRINGS "${binary}/CMakeCache.txt" entry REGEX "^${option}:BOOL=")
  if(NOT entry STREQUAL "${option}:BOOL=OFF")
    message(FATAL_ERROR "under add_subdirectory ${option} should default to OFF; the cache has '${entry}'")
  endif()
endforeach()
expect(STATUS 0 COMMAND "${CMAKE_COMMAND}" --build "${binary}" --target lrbench_plugin_sign_sgd)

# No install rules of lrbench's: the (unbuilt) host, its plugins, the SDK
# and the package would all land in the prefix otherwise.
expect(STATUS 0 COMMAND "${CMAKE_COMMAND}" --install "${binary}" --prefix "${WORK}/prefix")
file(GLOB_RECURSE installed "${WORK}/prefix/*")
if(installed)
  message(FATAL_ERROR "installing the consumer installed lrbench files: ${installed}")
endif()

expect(STATUS 0 COMMAND "${LRBENCH_EXE}" --plugin-dir "${binary}/plugins" conformance "${example}/sign_sgd.conformance.json"
  OUTPUT_HAS "2 passed, 0 failed")
