// libFuzzer target: any bytes through the scenario loader (with the fake
// plugin catalog of the scenario tests, so no plugin library is needed).
//
// The loader's contract: it returns a valid Scenario or throws ScenarioError
// with at least one diagnostic; it never crashes, hangs, leaks or throws
// anything else. Anything else escaping here is a finding.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "fake_catalog.hpp"
#include "scenario/loader.hpp"
#include "scenario/scenario.hpp"

namespace {

[[noreturn]] void broken(const char* what) {
  std::fprintf(stderr, "scenario_fuzzer: invariant broken: %s\n", what);
  std::abort();
}

bool safe_name(const std::string& name) {
  if (name.empty() || name.size() > 100 || name.find("..") != std::string::npos) return false;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                    c == '_' || c == '-';
    if (!ok) return false;
  }
  return name[0] != '.' && name[0] != '_' && name[0] != '-';
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const fake::Catalog catalog;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  lrbench::scenario::LoadOptions options;
  options.max_runs = 1000;  // keeps one input fast; the count logic is the same
  try {
    const lrbench::scenario::Scenario s =
        lrbench::scenario::load_scenario_text(text, "fuzz.yaml", catalog, options);
    if (s.variants.empty()) broken("a loaded scenario has no variant");
    if (s.seeds.empty()) broken("a loaded scenario has no seed");
    if (!safe_name(s.name)) broken("a loaded scenario has an unsafe name");
    const auto runs = lrbench::scenario::plan(s);
    if (runs.size() != s.variants.size() * s.seeds.size()) broken("plan size is not variants × seeds");
    if (runs.size() > options.max_runs) broken("plan larger than max_runs");
  } catch (const lrbench::scenario::ScenarioError& e) {
    if (e.diagnostics.empty()) broken("a ScenarioError without diagnostics");
    for (const auto& d : e.diagnostics) {
      if (d.message.empty()) broken("an empty diagnostic message");
      if (d.line < 0 || d.column < 0) broken("a negative position");
      static_cast<void>(lrbench::scenario::format(d));
    }
  }
  return 0;
}
