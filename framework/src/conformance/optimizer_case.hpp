// One optimizer golden case (formats 1 and 2), parsed and checked for shape
// before anything runs, and replayed through a plugin.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "conformance/conformance.hpp"
#include "lrbench/optimizer.hpp"
#include "lrbench/params.hpp"

namespace lrbench::conformance {

// loss = ½ Σᵢ scaleᵢ (wᵢ − centerᵢ)², gradient scale ⊙ (w − center):
// gradients wherever the optimizer asks (SAM), computed in float64 from the
// float32 weights.
struct QuadraticObjective {
  std::vector<double> center;
  std::vector<double> scale;
};

struct OptimizerCase {
  std::string name;
  std::string optimizer;
  nlohmann::json params;  // as written ({} when absent)
  ParamLayout layout;     // one tensor "x" when the case has none
  std::vector<double> x0;
  std::vector<double> lr;
  // Exactly one of the two: fixed gradients, or an objective.
  std::vector<std::vector<double>> grads;
  std::optional<QuadraticObjective> objective;
  std::vector<std::vector<double>> expected;       // training weights after each step
  std::vector<std::vector<double>> expected_eval;  // evaluation weights after each step (may be empty)
  std::optional<Tolerance> tolerance;              // overrides the file's
};

// Parses cases[index] of a file of the given format. Throws
// std::runtime_error naming the case and the problem: a missing key, rows of
// the wrong length, steps that do not agree, a layout that does not cover x0,
// a format-2 key in a format-1 file.
[[nodiscard]] OptimizerCase parse_optimizer_case(const nlohmann::json& c, std::size_t index, int format);

// Replays the case through `optimizer` (made with the case's parameters):
// reset with the case's layout, then one step per lr, comparing the training
// weights (and the evaluation weights when the case has expected_eval) with
// the reference after every step. A plugin exception fails the case.
[[nodiscard]] CaseResult replay(const OptimizerCase& c, Optimizer& optimizer, const Tolerance& tolerance);

}  // namespace lrbench::conformance
