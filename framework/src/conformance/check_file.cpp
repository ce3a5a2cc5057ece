// Reading a golden file, recognising its kind and running its cases.
#include <fstream>
#include <stdexcept>
#include <string>

#include "conformance/conformance.hpp"

namespace lrbench::conformance {
namespace {

[[noreturn]] void bad(const std::filesystem::path& file, const std::string& what) {
  throw std::runtime_error(file.string() + ": " + what);
}

// The kind follows from the first case's keys.
std::string kind_of(const nlohmann::json& first) {
  if (first.contains("optimizer")) return "optimizers";
  if (first.contains("schedule")) return "schedules";
  if (first.contains("X") && first.contains("y")) return "data";
  return {};
}

}  // namespace

FileResult check_file(const std::filesystem::path& file, const plugins::PluginCatalog& catalog) {
  std::ifstream in(file, std::ios::binary);
  if (!in) bad(file, "cannot be opened");
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(in);
  } catch (const nlohmann::json::parse_error& e) {
    bad(file, std::string("is not valid JSON (") + e.what() + ")");
  }
  if (!doc.is_object()) bad(file, "expected a JSON object with 'format', 'tolerance' and 'cases'");
  if (!doc.contains("format") || doc["format"] != 1) bad(file, "expected \"format\": 1");
  if (!doc.contains("tolerance") || !doc["tolerance"].is_object()) bad(file, "missing 'tolerance': {\"rtol\", \"atol\"}");
  const auto& tol = doc["tolerance"];
  if (!tol.contains("rtol") || !tol["rtol"].is_number() || !tol.contains("atol") || !tol["atol"].is_number()) {
    bad(file, "'tolerance' needs numbers 'rtol' and 'atol'");
  }
  if (!doc.contains("cases") || !doc["cases"].is_array() || doc["cases"].empty()) bad(file, "expected a non-empty list 'cases'");

  FileResult result;
  result.file = file;
  result.tolerance = {tol["rtol"].get<double>(), tol["atol"].get<double>()};
  result.kind = kind_of(doc["cases"][0]);
  try {
    if (result.kind == "optimizers") {
      result.cases = check_optimizer_cases(doc, result.tolerance, catalog);
    } else if (result.kind == "schedules") {
      result.cases = check_schedule_cases(doc, result.tolerance, catalog);
    } else if (result.kind == "data") {
      result.cases = check_blobs_cases(doc, result.tolerance);
    } else {
      bad(file, "cannot tell the kind of cases: expected 'optimizer', 'schedule' or 'X' and 'y' in each case");
    }
  } catch (const std::runtime_error& e) {
    const std::string what = e.what();
    if (what.rfind(file.string(), 0) == 0) throw;
    bad(file, what);
  }
  return result;
}

}  // namespace lrbench::conformance
