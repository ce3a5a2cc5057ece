// Loading scenario text against the fake catalog, and matching diagnostics:
// shared by the scenario module's tests.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "fake_catalog.hpp"
#include "scenario/loader.hpp"

namespace scenario_test {

using lrbench::scenario::Diagnostic;
using lrbench::scenario::LoadOptions;
using lrbench::scenario::Scenario;
using lrbench::scenario::ScenarioError;

inline const fake::Catalog& catalog() {
  static const fake::Catalog instance;
  return instance;
}

inline Scenario load(const std::string& yaml, const LoadOptions& options = {},
                     const std::string& file = "test.yaml") {
  return lrbench::scenario::load_scenario_text(yaml, file, catalog(), options);
}

inline std::vector<Diagnostic> errors(const std::string& yaml, const LoadOptions& options = {},
                                      const std::string& file = "test.yaml") {
  try {
    static_cast<void>(load(yaml, options, file));
  } catch (const ScenarioError& e) {
    EXPECT_FALSE(e.diagnostics.empty());
    return e.diagnostics;
  }
  ADD_FAILURE() << "expected a ScenarioError for:\n" << yaml;
  return {};
}

inline std::string dump(const std::vector<Diagnostic>& diags) {
  std::string out;
  for (const auto& d : diags) out += lrbench::scenario::format(d) + "\n";
  return out;
}

// The one diagnostic at line:col whose message contains `text` (and path, if given).
inline ::testing::AssertionResult has(const std::vector<Diagnostic>& diags, int line, int col, const std::string& path,
                                      const std::string& text) {
  for (const auto& d : diags) {
    if (d.line == line && d.column == col && d.path == path && d.message.find(text) != std::string::npos) {
      return ::testing::AssertionSuccess();
    }
  }
  return ::testing::AssertionFailure() << "no diagnostic " << line << ":" << col << " [" << path << "] '" << text
                                       << "' in:\n"
                                       << dump(diags);
}

}  // namespace scenario_test
