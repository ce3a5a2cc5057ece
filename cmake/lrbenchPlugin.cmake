# lrbench_add_plugin(NAME SOURCES src... [OUTPUT_DIRECTORY dir] [NO_INSTALL])
#
# Builds one plugin library (a MODULE: loaded with Boost.DLL, never linked)
# from its sources, against the lrbench SDK, with hidden visibility so that
# only the `lrbench_plugin` entry point is exported. The file is named
# lrbench_<NAME>.so; the host finds plugins by their metadata, not by file name.
#
# Used in-tree (plugins/) and, through find_package(lrbench), out of tree.
function(lrbench_add_plugin name)
  cmake_parse_arguments(PARSE_ARGV 1 arg "NO_INSTALL" "OUTPUT_DIRECTORY" "SOURCES")
  if(NOT arg_SOURCES)
    message(FATAL_ERROR "lrbench_add_plugin(${name}): no SOURCES given")
  endif()
  if(NOT name MATCHES "^[a-z][a-z0-9_]*$")
    message(FATAL_ERROR "lrbench_add_plugin(${name}): plugin names match [a-z][a-z0-9_]*")
  endif()
  set(target "lrbench_plugin_${name}")
  add_library(${target} MODULE ${arg_SOURCES})
  target_link_libraries(${target} PRIVATE lrbench::sdk)
  # As the host's own build (CMakeLists.txt): no implicit fused multiply-add,
  # so a plugin built out of tree rounds like the shipped ones.
  target_compile_options(${target} PRIVATE $<$<CXX_COMPILER_ID:GNU,Clang>:-ffp-contract=off>)
  if(arg_OUTPUT_DIRECTORY)
    set(out "${arg_OUTPUT_DIRECTORY}")
  elseif(DEFINED LRBENCH_PLUGIN_OUTPUT_DIR)
    set(out "${LRBENCH_PLUGIN_OUTPUT_DIR}")
  else()
    set(out "${CMAKE_CURRENT_BINARY_DIR}/plugins")
  endif()
  set_target_properties(${target} PROPERTIES
    PREFIX ""
    OUTPUT_NAME "lrbench_${name}"
    LIBRARY_OUTPUT_DIRECTORY "${out}"
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  if(NOT arg_NO_INSTALL AND DEFINED LRBENCH_PLUGIN_INSTALL_DIR)
    install(TARGETS ${target} LIBRARY DESTINATION "${LRBENCH_PLUGIN_INSTALL_DIR}")
    # Shipped plugins, for targets that need all of them built (the host's
    # end-to-end tests).
    set_property(GLOBAL APPEND PROPERTY LRBENCH_PLUGIN_TARGETS ${target})
  endif()
endfunction()

# lrbench_default_to_release()
#
# Called by the package configs (find_package(lrbench)): a single-config
# project that names no CMAKE_BUILD_TYPE is built as Release, so that an
# out-of-tree plugin is optimised unless its author asks otherwise (an
# unoptimised plugin runs several times slower and distorts every speed
# figure; lrbench warns when it loads one).
macro(lrbench_default_to_release)
  get_property(_lrbench_multi_config GLOBAL PROPERTY GENERATOR_IS_MULTI_CONFIG)
  if(NOT _lrbench_multi_config AND NOT CMAKE_BUILD_TYPE)
    set(CMAKE_BUILD_TYPE Release CACHE STRING "Build type (lrbench plugins default to Release)" FORCE)
    message(STATUS "lrbench: no CMAKE_BUILD_TYPE given; building as Release")
  endif()
endmacro()
