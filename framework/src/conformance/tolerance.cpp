#include <algorithm>
#include <cmath>
#include <limits>

#include "conformance/conformance.hpp"

namespace lrbench::conformance {

// |got − want| <= atol + rtol·|want| (numpy.isclose's rule, the golden files'
// README). Written so that a NaN on either side is never accepted.
bool Tolerance::accepts(double got, double want) const noexcept {
  const double error = std::abs(got - want);
  return error <= atol + rtol * std::abs(want);
}

double Tolerance::ratio(double got, double want) const noexcept {
  const double error = std::abs(got - want);
  if (std::isnan(error)) return std::numeric_limits<double>::infinity();
  if (error == 0.0) return 0.0;
  const double allowed = atol + rtol * std::abs(want);
  return allowed > 0.0 ? error / allowed : std::numeric_limits<double>::infinity();
}

// A file with no cases checked nothing, so it does not pass.
bool FileResult::passed() const noexcept {
  return !cases.empty() && std::all_of(cases.begin(), cases.end(), [](const CaseResult& c) { return c.passed; });
}

double FileResult::worst_ratio() const noexcept {
  double worst = 0.0;
  for (const CaseResult& c : cases) worst = std::max(worst, c.worst_ratio);
  return worst;
}

}  // namespace lrbench::conformance
