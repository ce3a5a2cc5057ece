# lrbench_add_plugin(NAME SOURCES src... [OUTPUT_DIRECTORY dir] [NO_INSTALL] [NO_ISA_VARIANTS])
#
# Builds one plugin library (a MODULE: loaded with Boost.DLL, never linked)
# from its sources, against the lrbench SDK, with hidden visibility so that
# only the `lrbench_plugin` entry point is exported. The file is named
# lrbench_<NAME>.so; the host finds plugins by their metadata, not by file name.
#
# On x86-64 with GCC or Clang it also builds the same sources for x86-64-v3
# (AVX2) and x86-64-v4 (AVX-512), as avx2/lrbench_<NAME>.so and
# avx512/lrbench_<NAME>.so beside the portable library: the host loads the
# build for the instruction set its model kernels run on (LRBENCH_ISA, or the
# best the CPU has; plugins/registry.hpp), so a portable lrbench needs no
# -march=native for fast optimizer loops. No implicit FMA in any of them
# (-ffp-contract=off): every build computes the same bits. NO_ISA_VARIANTS
# (or LRBENCH_PLUGIN_ISA_VARIANTS=OFF) builds the portable library only, for
# plugins with no hot loop (the shipped schedules).
#
# Used in-tree (plugins/) and, through find_package(lrbench), out of tree.
function(lrbench_add_plugin name)
  cmake_parse_arguments(PARSE_ARGV 1 arg "NO_INSTALL;NO_ISA_VARIANTS" "OUTPUT_DIRECTORY" "SOURCES")
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
  # -fno-math-errno: std::sqrt becomes the (correctly rounded) instruction
  # without a libm fallback that sets errno, so loops over it vectorise.
  # Results are unchanged; nothing reads errno.
  target_compile_options(${target} PRIVATE $<$<CXX_COMPILER_ID:GNU,Clang>:-ffp-contract=off -fno-math-errno>)
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
    # Installed unless lrbench itself is built with LRBENCH_INSTALL off (as
    # under add_subdirectory); out of tree, through the package, it is unset.
    if(NOT DEFINED LRBENCH_INSTALL OR LRBENCH_INSTALL)
      install(TARGETS ${target} LIBRARY DESTINATION "${LRBENCH_PLUGIN_INSTALL_DIR}")
    endif()
    # Shipped plugins, for targets that need all of them built (the host's
    # end-to-end tests).
    set_property(GLOBAL APPEND PROPERTY LRBENCH_PLUGIN_TARGETS ${target})
  endif()

  if(NOT DEFINED LRBENCH_PLUGIN_ISA_VARIANTS)
    set(LRBENCH_PLUGIN_ISA_VARIANTS ON)
  endif()
  if(arg_NO_ISA_VARIANTS OR NOT LRBENCH_PLUGIN_ISA_VARIANTS OR NOT CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang"
     OR NOT CMAKE_SYSTEM_PROCESSOR MATCHES "^(x86_64|AMD64|amd64)$")
    return()
  endif()
  foreach(isa IN ITEMS avx2 avx512)
    if(isa STREQUAL "avx2")
      set(march "x86-64-v3")
    else()
      set(march "x86-64-v4")
    endif()
    # lrbench_plugin_<NAME>__<isa>: the portable target's sources, libraries,
    # definitions and options (read at generation time, so options added to
    # it after this call reach the variants too), then the -march.
    set(variant "${target}__${isa}")
    add_library(${variant} MODULE ${arg_SOURCES})
    target_link_libraries(${variant} PRIVATE lrbench::sdk)
    target_compile_definitions(${variant} PRIVATE $<TARGET_PROPERTY:${target},COMPILE_DEFINITIONS>)
    target_include_directories(${variant} PRIVATE $<TARGET_PROPERTY:${target},INCLUDE_DIRECTORIES>)
    target_compile_options(${variant} PRIVATE $<TARGET_PROPERTY:${target},COMPILE_OPTIONS> -march=${march}
                           -mtune=generic)
    set_target_properties(${variant} PROPERTIES
      PREFIX ""
      OUTPUT_NAME "lrbench_${name}"
      LIBRARY_OUTPUT_DIRECTORY "${out}/${isa}"
      CXX_VISIBILITY_PRESET hidden
      VISIBILITY_INLINES_HIDDEN ON)
    if(NOT arg_NO_INSTALL AND DEFINED LRBENCH_PLUGIN_INSTALL_DIR)
      if(NOT DEFINED LRBENCH_INSTALL OR LRBENCH_INSTALL)
        install(TARGETS ${variant} LIBRARY DESTINATION "${LRBENCH_PLUGIN_INSTALL_DIR}/${isa}")
      endif()
      set_property(GLOBAL APPEND PROPERTY LRBENCH_PLUGIN_TARGETS ${variant})
    endif()
  endforeach()
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
