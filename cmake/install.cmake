# Installs the host, the shipped plugins and the SDK (headers, package config
# and lrbench_add_plugin) so that plugins can be built out of tree:
#   find_package(lrbench REQUIRED)
#   lrbench_add_plugin(my_optimizer SOURCES my_optimizer.cpp)
include(CMakePackageConfigHelpers)

install(DIRECTORY framework/include/lrbench DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}")
install(TARGETS lrbench_sdk EXPORT lrbenchTargets)
install(EXPORT lrbenchTargets NAMESPACE lrbench:: DESTINATION "${CMAKE_INSTALL_LIBDIR}/cmake/lrbench")

configure_package_config_file(cmake/lrbenchConfig.cmake.in
  "${PROJECT_BINARY_DIR}/lrbenchConfig.cmake"
  INSTALL_DESTINATION "${CMAKE_INSTALL_LIBDIR}/cmake/lrbench"
  PATH_VARS LRBENCH_PLUGIN_INSTALL_DIR)
write_basic_package_version_file("${PROJECT_BINARY_DIR}/lrbenchConfigVersion.cmake"
  COMPATIBILITY SameMinorVersion)
install(FILES
  "${PROJECT_BINARY_DIR}/lrbenchConfig.cmake"
  "${PROJECT_BINARY_DIR}/lrbenchConfigVersion.cmake"
  cmake/lrbenchPlugin.cmake
  DESTINATION "${CMAKE_INSTALL_LIBDIR}/cmake/lrbench")

# The build tree is a usable package too (for `ctest --build-and-test` of the
# out-of-tree example without installing).
export(EXPORT lrbenchTargets NAMESPACE lrbench:: FILE "${PROJECT_BINARY_DIR}/lrbenchTargets.cmake")
