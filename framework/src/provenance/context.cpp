#include "provenance/context.hpp"

#include <chrono>
#include <ctime>
#include <fstream>
#include <string>

#include <fmt/format.h>

#include "model/isa.hpp"

// Set by framework/src/provenance/CMakeLists.txt; the fallbacks keep the file
// compilable on its own (e.g. in a test that compiles sources directly).
#ifndef LRBENCH_VERSION
#define LRBENCH_VERSION "unknown"
#endif
#ifndef LRBENCH_BUILD_TYPE
#define LRBENCH_BUILD_TYPE "unknown"
#endif
#ifndef LRBENCH_CXX_FLAGS
#define LRBENCH_CXX_FLAGS ""
#endif

namespace lrbench::provenance {

using nlohmann::json;

json to_json(const Context& c) {
  json plugins = json::array();
  for (const auto& p : c.plugins) {
    plugins.push_back({{"name", p.name}, {"kind", p.kind}, {"version", p.version}, {"build", p.build}});
  }
  return {
      {"lrbench_version", c.lrbench_version},
      {"git_commit", c.git_commit},
      {"compiler", c.compiler},
      {"build_type", c.build_type},
      {"compiler_flags", c.compiler_flags},
      {"cpu_model", c.cpu_model},
      {"isa", c.isa},
      {"threads", c.threads},
      {"date", c.date},
      {"plugins", plugins},
  };
}

Context context_from_json(const json& j) {
  Context c;
  if (!j.is_object()) return c;
  // Fields of the wrong type read as absent (never a raw nlohmann exception).
  auto text = [](const json& o, const char* key) {
    return o.contains(key) && o[key].is_string() ? o[key].get<std::string>() : std::string();
  };
  auto str = [&](const char* key) { return text(j, key); };
  c.lrbench_version = str("lrbench_version");
  c.git_commit = str("git_commit");
  c.compiler = str("compiler");
  c.build_type = str("build_type");
  c.compiler_flags = str("compiler_flags");
  c.cpu_model = str("cpu_model");
  c.isa = str("isa");
  if (j.contains("threads") && j["threads"].is_number_integer()) c.threads = j["threads"].get<int>();
  c.date = str("date");
  if (j.contains("plugins") && j["plugins"].is_array()) {
    for (const auto& p : j["plugins"]) {
      if (!p.is_object()) continue;
      c.plugins.push_back({text(p, "name"), text(p, "kind"), text(p, "version"), text(p, "build")});
    }
  }
  return c;
}

std::string compiler_description() {
  // Clang defines __GNUC__ too, so it must be tested first.
#if defined(__clang__)
  return fmt::format("Clang {}.{}.{}", __clang_major__, __clang_minor__, __clang_patchlevel__);
#elif defined(__GNUC__)
  return fmt::format("GCC {}.{}.{}", __GNUC__, __GNUC_MINOR__, __GNUC_PATCHLEVEL__);
#elif defined(_MSC_VER)
  return fmt::format("MSVC {}", _MSC_FULL_VER);
#else
  return "unknown";
#endif
}

std::string cpu_model() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("model name", 0) != 0) continue;
    const auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    const auto start = line.find_first_not_of(" \t", colon + 1);
    return start == std::string::npos ? "unknown" : line.substr(start);
  }
  return "unknown";
}

std::string utc_now_iso8601() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

Context collect_context(int jobs, std::vector<PluginVersion> plugins) {
  Context c;
  c.lrbench_version = LRBENCH_VERSION;
  c.git_commit = build_commit();
  c.compiler = compiler_description();
  c.build_type = LRBENCH_BUILD_TYPE;
  c.compiler_flags = LRBENCH_CXX_FLAGS;
  c.cpu_model = cpu_model();
  c.isa = std::string(model::to_string(model::selected_isa()));
  c.threads = jobs;
  c.date = utc_now_iso8601();
  c.plugins = std::move(plugins);
  return c;
}

}  // namespace lrbench::provenance
