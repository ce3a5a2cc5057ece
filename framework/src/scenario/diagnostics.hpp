// Problems found in a scenario, as file:line:col messages. The lowest layer of
// the scenario module: the YAML tree, the readers and the loader all report
// through it, and it depends on none of them.
#pragma once

#include <exception>
#include <string>
#include <vector>

namespace lrbench::scenario {

// One problem found in a scenario. `line`/`column` are 1-based; 0 means "no
// position" (e.g. a --seeds value given on the command line, or an unreadable
// file). `path` is the dotted key of the offending value:
// "optimizer.params.momentum", "model.layers.1.units"; empty for the document.
struct Diagnostic {
  std::string file;
  int line = 0;
  int column = 0;
  std::string path;
  std::string message;
};

// "FILE:LINE:COL: error: PATH: MESSAGE" — the form compilers use, so editors
// jump to the spot. "PATH: " is left out when empty, "LINE:COL:" when 0.
[[nodiscard]] std::string format(const Diagnostic& diagnostic);

// Every problem found in a scenario, not only the first: fixing a file should
// not take one round trip per typo.
class ScenarioError : public std::exception {
 public:
  explicit ScenarioError(std::vector<Diagnostic> diagnostics);
  [[nodiscard]] const char* what() const noexcept override { return what_.c_str(); }

  std::vector<Diagnostic> diagnostics;

 private:
  std::string what_;  // all diagnostics formatted, one per line
};

// The diagnostics as the user sees them: each distinct one once (a problem in
// the base document is found once per variant), sorted by position within a
// file, the files in the order the checks first found a problem in each.
[[nodiscard]] std::vector<Diagnostic> tidy(std::vector<Diagnostic> diagnostics);

}  // namespace lrbench::scenario
