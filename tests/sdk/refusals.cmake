# sdk.new_plugin.refusals: invalid names, an unknown kind and existing files
# are refused with exit status 2, a clear message and nothing written; the
# default folder plugins/<kind>s/NAME is only used in an lrbench source tree
# (a folder with plugins/<kind>s/CMakeLists.txt), elsewhere --dir is needed.
# Inputs: LRBENCH_EXE, WORK.
include("${CMAKE_CURRENT_LIST_DIR}/common.cmake")
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")

foreach(bad IN ITEMS Bad 1abc a-b _x "a b" "x.y")
  expect(STATUS 2 COMMAND "${LRBENCH_EXE}" new-plugin optimizer "${bad}" --dir "${WORK}/bad"
    OUTPUT_HAS "is not a valid plugin name" "[a-z][a-z0-9_]*")
endforeach()
expect(STATUS 2 COMMAND "${LRBENCH_EXE}" new-plugin model good --dir "${WORK}/bad")
if(EXISTS "${WORK}/bad")
  message(FATAL_ERROR "a refused new-plugin created ${WORK}/bad")
endif()

# Outside a source tree the default folder is refused, and nothing is created.
expect(STATUS 2 COMMAND "${LRBENCH_EXE}" new-plugin schedule warm_up2 WORKING_DIRECTORY "${WORK}"
  OUTPUT_HAS "${WORK} is not an lrbench source tree" "give --dir DIR")
if(EXISTS "${WORK}/plugins")
  message(FATAL_ERROR "a refused new-plugin created ${WORK}/plugins")
endif()

# In a source tree: the default folder, relative to the working directory.
file(WRITE "${WORK}/plugins/schedules/CMakeLists.txt" "# the shipped schedules\n")
expect(STATUS 0 COMMAND "${LRBENCH_EXE}" new-plugin schedule warm_up2 WORKING_DIRECTORY "${WORK}"
  OUTPUT_HAS "add this line to plugins/schedules/CMakeLists.txt")
expect_files("${WORK}/plugins/schedules/warm_up2/warm_up2.cpp"
             "${WORK}/plugins/schedules/warm_up2/CMakeLists.txt"
             "${WORK}/plugins/schedules/warm_up2/warm_up2.conformance.json")
file(READ "${WORK}/plugins/schedules/warm_up2/warm_up2.cpp" text)
string(FIND "${text}" "class WarmUp2Schedule final : public lrbench::Schedule" at)
if(at EQUAL -1)
  message(FATAL_ERROR "warm_up2.cpp does not declare WarmUp2Schedule:\n${text}")
endif()

# Existing files: refused, and the skeleton is not half-written.
file(SIZE "${WORK}/plugins/schedules/warm_up2/warm_up2.cpp" before)
expect(STATUS 2 COMMAND "${LRBENCH_EXE}" new-plugin schedule warm_up2 WORKING_DIRECTORY "${WORK}"
  OUTPUT_HAS "warm_up2.cpp already exists")
file(SIZE "${WORK}/plugins/schedules/warm_up2/warm_up2.cpp" after)
if(NOT before EQUAL after)
  message(FATAL_ERROR "a refused new-plugin changed warm_up2.cpp")
endif()
file(WRITE "${WORK}/partial/CMakeLists.txt" "# mine\n")
expect(STATUS 2 COMMAND "${LRBENCH_EXE}" new-plugin optimizer other --dir "${WORK}/partial"
  OUTPUT_HAS "CMakeLists.txt already exists")
if(EXISTS "${WORK}/partial/other.cpp")
  message(FATAL_ERROR "a refused new-plugin wrote other.cpp next to an existing CMakeLists.txt")
endif()
