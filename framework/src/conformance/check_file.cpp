// Reading a golden file, recognising its kind and running its cases.
#include <stdexcept>
#include <string>

#include "conformance/conformance.hpp"
#include "conformance/optimizer_cases.hpp"
#include "util/json_input.hpp"

namespace lrbench::conformance {
namespace {

[[noreturn]] void bad(const std::filesystem::path& file, const std::string& what) {
  throw std::runtime_error(file.string() + ": " + what);
}

// The kind follows from the first case's keys.
std::string kind_of(const nlohmann::json& first) {
  if (first.contains("optimizer")) return "optimizers";
  if (first.contains("schedule")) return "schedules";
  if (first.contains("X") && first.contains("y")) return "blobs";
  return {};
}

}  // namespace

GoldenFile read_golden_file(const std::filesystem::path& file) {
  GoldenFile out;
  out.file = file;
  // The one size-limited reader; its BadFile (a runtime_error) names the file.
  out.doc = util::read_json_file(file);
  const nlohmann::json& doc = out.doc;
  if (!doc.is_object()) bad(file, "expected a JSON object with 'format', 'tolerance' and 'cases'");
  if (!doc.contains("format") || (doc["format"] != 1 && doc["format"] != 2)) bad(file, "expected \"format\": 1 or 2");
  out.format = doc["format"].get<int>();
  if (!doc.contains("tolerance") || !doc["tolerance"].is_object()) bad(file, "missing 'tolerance': {\"rtol\", \"atol\"}");
  const auto& tol = doc["tolerance"];
  if (!tol.contains("rtol") || !tol["rtol"].is_number() || !tol.contains("atol") || !tol["atol"].is_number()) {
    bad(file, "'tolerance' needs numbers 'rtol' and 'atol'");
  }
  out.tolerance = {tol["rtol"].get<double>(), tol["atol"].get<double>()};
  if (!doc.contains("cases") || !doc["cases"].is_array() || doc["cases"].empty()) bad(file, "expected a non-empty list 'cases'");
  out.kind = kind_of(doc["cases"][0]);
  if (out.kind.empty()) {
    bad(file, "cannot tell the kind of cases: expected 'optimizer', 'schedule' or 'X' and 'y' in each case");
  }
  if (out.format == 2 && out.kind != "optimizers") bad(file, "format 2 is for optimizer cases; use \"format\": 1");
  return out;
}

FileResult check_file(const std::filesystem::path& file, const plugins::PluginCatalog& catalog,
                      const CheckOptions& options) {
  return check(read_golden_file(file), catalog, options);
}

FileResult check(const GoldenFile& golden, const plugins::PluginCatalog& catalog, const CheckOptions& options) {
  const std::filesystem::path& file = golden.file;
  FileResult result;
  result.file = file;
  result.format = golden.format;
  result.tolerance = golden.tolerance;
  result.kind = golden.kind;
  try {
    if (result.kind == "optimizers") {
      result.cases = check_optimizer_cases(golden.doc, result.tolerance, catalog, options);
    } else if (result.kind == "schedules") {
      result.cases = check_schedule_cases(golden.doc, result.tolerance, catalog, options);
    } else {
      result.cases = check_blobs_cases(golden.doc, result.tolerance);
    }
  } catch (const std::runtime_error& e) {
    const std::string what = e.what();
    if (what.rfind(file.string(), 0) == 0) throw;
    bad(file, what);
  }
  return result;
}

}  // namespace lrbench::conformance
