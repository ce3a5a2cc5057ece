# Installs the host, the shipped plugins and the SDK (headers, package config
# and lrbench_add_plugin) so that plugins can be built out of tree:
#   find_package(lrbench REQUIRED)
#   lrbench_add_plugin(my_optimizer SOURCES my_optimizer.cpp)
#
# Two package configs come out of one project: the installed one
# (<prefix>/lib/cmake/lrbench/lrbenchConfig.cmake, relocatable, with
# lrbenchPlugin.cmake copied beside it) and one in the build tree
# (<build>/lrbenchConfig.cmake, -Dlrbench_DIR=<build>), which uses the SDK
# headers and lrbenchPlugin.cmake from the source tree so an edit there is
# seen without reinstalling. Both share lrbenchConfigVersion.cmake.
# (The shipped plugins are installed by lrbench_add_plugin.)
# Included only when LRBENCH_INSTALL is on (CMakeLists.txt).
include(CMakePackageConfigHelpers)

set(LRBENCH_CMAKE_INSTALL_DIR "${CMAKE_INSTALL_LIBDIR}/cmake/lrbench")

install(TARGETS lrbench RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}")
install(DIRECTORY framework/include/lrbench DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}")
# Exported as lrbench::sdk, the name lrbench_add_plugin links (in-tree it is
# an ALIAS of lrbench_sdk).
set_target_properties(lrbench_sdk PROPERTIES EXPORT_NAME sdk)
install(TARGETS lrbench_sdk EXPORT lrbenchTargets)
install(EXPORT lrbenchTargets NAMESPACE lrbench:: DESTINATION "${LRBENCH_CMAKE_INSTALL_DIR}")

# Installed config: paths relative to the prefix it lands in.
set(LRBENCH_EXECUTABLE_INSTALL_PATH "${CMAKE_INSTALL_BINDIR}/lrbench")
configure_package_config_file(cmake/lrbenchConfig.cmake.in
  "${PROJECT_BINARY_DIR}/package/lrbenchConfig.cmake"
  INSTALL_DESTINATION "${LRBENCH_CMAKE_INSTALL_DIR}"
  PATH_VARS LRBENCH_PLUGIN_INSTALL_DIR LRBENCH_EXECUTABLE_INSTALL_PATH)
write_basic_package_version_file("${PROJECT_BINARY_DIR}/lrbenchConfigVersion.cmake"
  COMPATIBILITY SameMinorVersion)
install(FILES
  "${PROJECT_BINARY_DIR}/package/lrbenchConfig.cmake"
  "${PROJECT_BINARY_DIR}/lrbenchConfigVersion.cmake"
  cmake/lrbenchPlugin.cmake
  DESTINATION "${LRBENCH_CMAKE_INSTALL_DIR}")

# Build-tree config: absolute paths into this build and the source tree.
configure_file(cmake/lrbenchBuildTreeConfig.cmake.in "${PROJECT_BINARY_DIR}/lrbenchConfig.cmake" @ONLY)
export(EXPORT lrbenchTargets NAMESPACE lrbench:: FILE "${PROJECT_BINARY_DIR}/lrbenchTargets.cmake")
