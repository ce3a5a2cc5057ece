#include "scenario/diagnostics.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>
#include <utility>

#include <fmt/format.h>

namespace lrbench::scenario {

std::string format(const Diagnostic& d) {
  std::string out = d.file + ":";
  if (d.line > 0) out += fmt::format("{}:{}:", d.line, d.column);
  out += " error: ";
  if (!d.path.empty()) out += d.path + ": ";
  return out + d.message;
}

ScenarioError::ScenarioError(std::vector<Diagnostic> diags) : diagnostics(std::move(diags)) {
  for (std::size_t i = 0; i < diagnostics.size(); ++i) {
    if (i > 0) what_ += "\n";
    what_ += format(diagnostics[i]);
  }
  if (what_.empty()) what_ = "invalid scenario";
}

std::vector<Diagnostic> tidy(std::vector<Diagnostic> in) {
  std::vector<Diagnostic> out;
  std::set<std::tuple<std::string, int, int, std::string, std::string>> seen;
  for (Diagnostic& d : in) {
    if (seen.emplace(d.file, d.line, d.column, d.path, d.message).second) out.push_back(std::move(d));
  }
  // By position within a file; the files (with `extends`, several) in the
  // order the checks first found a problem in each, so the list follows the
  // sections (data, model, ...) rather than jumping between files.
  std::map<std::string, std::size_t> file_rank;
  for (const Diagnostic& d : out) file_rank.emplace(d.file, file_rank.size());
  std::stable_sort(out.begin(), out.end(), [&](const Diagnostic& a, const Diagnostic& b) {
    return std::tuple(file_rank[a.file], a.line, a.column) < std::tuple(file_rank[b.file], b.line, b.column);
  });
  return out;
}

}  // namespace lrbench::scenario
