#include <algorithm>
#include <cmath>

#include "conformance/conformance.hpp"

namespace lrbench::conformance {

// |got − want| <= atol + rtol·|want| (numpy.isclose's rule, the golden files'
// README). Written so that a NaN on either side is never accepted.
bool Tolerance::accepts(double got, double want) const noexcept {
  const double error = std::abs(got - want);
  return error <= atol + rtol * std::abs(want);
}

// A file with no cases checked nothing, so it does not pass.
bool FileResult::passed() const noexcept {
  return !cases.empty() && std::all_of(cases.begin(), cases.end(), [](const CaseResult& c) { return c.passed; });
}

}  // namespace lrbench::conformance
