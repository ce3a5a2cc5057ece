// Provenance: where and how results were produced (lrbench's version and
// commit, the compiler and its flags, the build type, the CPU and the model
// kernels' instruction set, the plugins' versions), enough to tell two
// reports' numbers apart when they differ because of the machine, compiler or
// plugins. Recorded in scenario.json and every report's Context block, in the
// throughput report's context, and printed by `lrbench --version`.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace lrbench::provenance {

struct PluginVersion {
  std::string name;
  std::string kind;  // "optimizer" | "schedule"
  std::string version;
  std::string build;  // "optimised, GCC 12.2.0"; empty in older scenario.json files
};

struct Context {
  std::string lrbench_version;  // PROJECT_VERSION at configure time
  std::string git_commit;       // short hash at configure time, or "unknown"
  std::string compiler;         // e.g. "GCC 12.2.0"
  std::string build_type;       // CMAKE_BUILD_TYPE
  std::string compiler_flags;   // CMAKE_CXX_FLAGS + CMAKE_CXX_FLAGS_<CONFIG>
  std::string cpu_model;        // /proc/cpuinfo "model name", or "unknown"
  std::string isa;              // the model kernels' instruction set (model/isa.hpp); results do not depend on it
  int threads = 0;              // jobs the runs used
  std::string date;             // UTC, ISO-8601: 2024-05-01T12:00:00Z
  std::vector<PluginVersion> plugins;
};

[[nodiscard]] nlohmann::json to_json(const Context& context);
// Missing keys keep their defaults (older scenario.json files stay readable).
[[nodiscard]] Context context_from_json(const nlohmann::json& j);

// This build and machine, now. The CLI maps its plugin registry to `plugins`.
[[nodiscard]] Context collect_context(int jobs, std::vector<PluginVersion> plugins);

// The commit this binary was built from (short hash, "-dirty" when tracked
// files had changed), or "unknown"; generated at build time.
[[nodiscard]] const char* build_commit();

// Pieces of collect_context, exposed for tests and the CLI's --version.
[[nodiscard]] std::string compiler_description();
[[nodiscard]] std::string cpu_model();
[[nodiscard]] std::string utc_now_iso8601();

}  // namespace lrbench::provenance
