# Shared by the sdk test scripts (cmake -P): run a command and check its exit
# status (and optionally its output), failing the test with everything the
# command printed.
#
#   expect(STATUS 0 [OUTPUT_HAS text...] [OUTPUT_LACKS text...] COMMAND cmd args...
#          [WORKING_DIRECTORY dir])
# Sets OUT to stdout + stderr.
function(expect)
  cmake_parse_arguments(PARSE_ARGV 0 arg "" "STATUS;WORKING_DIRECTORY" "OUTPUT_HAS;OUTPUT_LACKS;COMMAND")
  if(NOT arg_WORKING_DIRECTORY)
    set(arg_WORKING_DIRECTORY "${WORK}")
  endif()
  execute_process(COMMAND ${arg_COMMAND} WORKING_DIRECTORY "${arg_WORKING_DIRECTORY}"
    RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
  string(JOIN " " shown ${arg_COMMAND})
  if(NOT "${status}" STREQUAL "${arg_STATUS}")
    message(FATAL_ERROR "${shown}\nexited with ${status}, expected ${arg_STATUS}\n--- stdout:\n${out}\n--- stderr:\n${err}")
  endif()
  foreach(text IN LISTS arg_OUTPUT_HAS)
    string(FIND "${out}${err}" "${text}" at)
    if(at EQUAL -1)
      message(FATAL_ERROR "${shown}\nprinted no '${text}'\n--- stdout:\n${out}\n--- stderr:\n${err}")
    endif()
  endforeach()
  foreach(text IN LISTS arg_OUTPUT_LACKS)
    string(FIND "${out}${err}" "${text}" at)
    if(NOT at EQUAL -1)
      message(FATAL_ERROR "${shown}\nprinted '${text}', which it should not\n--- stdout:\n${out}\n--- stderr:\n${err}")
    endif()
  endforeach()
  set(OUT "${out}${err}" PARENT_SCOPE)
endfunction()

function(expect_files)
  foreach(file IN LISTS ARGN)
    if(NOT EXISTS "${file}")
      message(FATAL_ERROR "expected ${file} to exist")
    endif()
  endforeach()
endfunction()

# Configure and build a small CMake project against an lrbench package.
function(build_project source binary package_dir)
  expect(STATUS 0 COMMAND "${CMAKE_COMMAND}" -S "${source}" -B "${binary}" -G "${GENERATOR}"
    "-DCMAKE_CXX_COMPILER=${CXX_COMPILER}" -DCMAKE_BUILD_TYPE=Release "-Dlrbench_DIR=${package_dir}" ${ARGN})
  expect(STATUS 0 COMMAND "${CMAKE_COMMAND}" --build "${binary}")
endfunction()
