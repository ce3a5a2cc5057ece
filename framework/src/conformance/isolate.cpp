#include "conformance/isolate.hpp"

#include <cmath>
#include <limits>
#include <string>

#include <nlohmann/json.hpp>

#include "util/child_process.hpp"

namespace lrbench::conformance {
namespace {

nlohmann::json to_json(const CaseResult& r) {
  // Infinite errors (a NaN compared) do not survive JSON as numbers.
  auto number = [](double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); };
  return {{"name", r.name},           {"subject", r.subject}, {"passed", r.passed},
          {"max_abs_error", number(r.max_abs_error)}, {"worst_ratio", number(r.worst_ratio)}, {"detail", r.detail},
          {"made", r.made}};
}

CaseResult from_json(const nlohmann::json& j) {
  auto number = [&](const char* key) {
    return j[key].is_number() ? j[key].get<double>() : std::numeric_limits<double>::infinity();
  };
  CaseResult r;
  r.name = j.at("name").get<std::string>();
  r.subject = j.at("subject").get<std::string>();
  r.passed = j.at("passed").get<bool>();
  r.max_abs_error = number("max_abs_error");
  r.worst_ratio = number("worst_ratio");
  r.detail = j.at("detail").get<std::string>();
  r.made = j.at("made").get<bool>();
  return r;
}

}  // namespace

CaseResult run_case(const CheckOptions& options, const CaseResult& identity,
                    const std::function<CaseResult()>& run) {
  if (!options.isolate) return run();
  const util::ChildResult child = util::run_in_child([&] { return to_json(run()).dump(); });
  if (child.ok) {
    try {
      return from_json(nlohmann::json::parse(child.text));
    } catch (const std::exception&) {
      // reported below
    }
  }
  CaseResult failed = identity;
  failed.passed = false;
  failed.made = true;  // it got as far as running, and failed loudly
  failed.detail = "the case's process " + (child.ok ? std::string("sent an unreadable result") : child.failure);
  return failed;
}

}  // namespace lrbench::conformance
