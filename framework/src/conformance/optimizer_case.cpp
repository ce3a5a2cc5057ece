// Optimizer golden cases: parsing (formats 1 and 2) and replay.
//
// Step t (1-based) feeds grads[t-1] — or, with an objective, the objective's
// gradient at the current training weights — at lr[t-1] with step number t,
// and must give expected[t-1] (and expected_eval[t-1] at the optimizer's
// evaluation weights). The plugin works on float32 buffers, as in training;
// every coordinate after every step is compared, as a double, with the
// float64 reference.
#include "conformance/optimizer_case.hpp"

#include <cmath>
#include <cstdint>
#include <exception>
#include <limits>
#include <set>
#include <span>
#include <sstream>
#include <stdexcept>

#include <Eigen/Core>

namespace lrbench::conformance {
namespace {

[[noreturn]] void bad(const std::string& where, const std::string& what) {
  throw std::runtime_error(where + ": " + what);
}

std::vector<double> numbers(const nlohmann::json& v, const std::string& where) {
  if (!v.is_array()) bad(where, "expected a list of numbers");
  std::vector<double> out;
  out.reserve(v.size());
  for (const auto& x : v) {
    if (!x.is_number()) bad(where, "expected a number, found " + x.dump());
    out.push_back(x.get<double>());
  }
  return out;
}

// Rows of exactly `width` numbers.
std::vector<std::vector<double>> rows(const nlohmann::json& v, std::size_t width, const std::string& where) {
  if (!v.is_array()) bad(where, "expected a list of rows");
  std::vector<std::vector<double>> out;
  for (std::size_t i = 0; i < v.size(); ++i) {
    const std::string at = where + "[" + std::to_string(i) + "]";
    out.push_back(numbers(v[i], at));
    if (out.back().size() != width) {
      bad(at, "has " + std::to_string(out.back().size()) + " values, x0 has " + std::to_string(width));
    }
  }
  return out;
}

ParamLayout parse_layout(const nlohmann::json& v, std::size_t n, const std::string& where) {
  if (!v.is_array() || v.empty()) bad(where, "expected a non-empty list of {name, shape, role}");
  ParamLayout layout;
  for (std::size_t i = 0; i < v.size(); ++i) {
    const std::string at = where + "[" + std::to_string(i) + "]";
    const nlohmann::json& t = v[i];
    if (!t.is_object() || !t.contains("name") || !t["name"].is_string() || !t.contains("shape") ||
        !t["shape"].is_array() || !t.contains("role") || !t["role"].is_string()) {
      bad(at, "expected {\"name\": string, \"shape\": [n] or [rows, cols], \"role\": \"weight\" or \"bias\"}");
    }
    const nlohmann::json& shape = t["shape"];
    if (shape.empty() || shape.size() > 2) bad(at + ".shape", "expected [n] or [rows, cols], found " + shape.dump());
    for (const auto& d : shape) {
      if (!d.is_number_integer() || d.get<std::int64_t>() < 1) {
        bad(at + ".shape", "expected whole numbers >= 1, found " + shape.dump());
      }
    }
    const std::string role_text = t["role"].get<std::string>();
    if (role_text != "weight" && role_text != "bias") bad(at + ".role", "expected \"weight\" or \"bias\", found \"" + role_text + "\"");
    const TensorRole role = role_text == "weight" ? TensorRole::weight : TensorRole::bias;
    try {
      if (shape.size() == 2) {
        layout.add_matrix(t["name"].get<std::string>(), shape[0].get<std::size_t>(), shape[1].get<std::size_t>(), role);
      } else {
        layout.add_vector(t["name"].get<std::string>(), shape[0].get<std::size_t>(), role);
      }
    } catch (const std::invalid_argument& e) {
      bad(at + ".name", e.what());
    }
  }
  if (layout.size() != n) {
    bad(where, "covers " + std::to_string(layout.size()) + " values, x0 has " + std::to_string(n));
  }
  return layout;
}

QuadraticObjective parse_objective(const nlohmann::json& v, std::size_t n, const std::string& where) {
  if (!v.is_object() || !v.contains("kind") || v["kind"] != "quadratic") {
    bad(where, "expected {\"kind\": \"quadratic\", \"center\": [n numbers], \"scale\": [n numbers]}");
  }
  for (const char* key : {"center", "scale"}) {
    if (!v.contains(key)) bad(where, std::string("missing '") + key + "'");
  }
  QuadraticObjective q{numbers(v["center"], where + ".center"), numbers(v["scale"], where + ".scale")};
  if (q.center.size() != n || q.scale.size() != n) {
    bad(where, "center and scale need " + std::to_string(n) + " values each (the length of x0)");
  }
  return q;
}

Tolerance parse_tolerance(const nlohmann::json& t, const std::string& where) {
  if (!t.is_object() || !t.contains("rtol") || !t["rtol"].is_number() || !t.contains("atol") || !t["atol"].is_number()) {
    bad(where, "expected {\"rtol\": number, \"atol\": number}");
  }
  return {t["rtol"].get<double>(), t["atol"].get<double>()};
}

}  // namespace

OptimizerCase parse_optimizer_case(const nlohmann::json& c, std::size_t index, int format) {
  std::string where = "cases[" + std::to_string(index) + "]";
  if (!c.is_object()) bad(where, "expected an object");
  OptimizerCase out;
  out.name = c.contains("name") && c["name"].is_string() ? c["name"].get<std::string>() : "case " + std::to_string(index);
  where += " ('" + out.name + "')";
  if (format < 2) {
    for (const char* key : {"layout", "objective", "expected_eval", "tolerance"}) {
      if (c.contains(key)) bad(where, std::string("'") + key + "' needs \"format\": 2");
    }
  }
  for (const char* key : {"optimizer", "x0", "lr", "expected"}) {
    if (!c.contains(key)) bad(where, std::string("missing '") + key + "'");
  }
  if (c.contains("grads") == c.contains("objective")) {
    bad(where, "give exactly one of 'grads' (fixed gradients) and 'objective' (gradients at the weights)");
  }
  if (!c["optimizer"].is_string()) bad(where + ".optimizer", "expected a plugin name");
  out.optimizer = c["optimizer"].get<std::string>();
  out.params = c.contains("params") ? c["params"] : nlohmann::json::object();
  out.x0 = numbers(c["x0"], where + ".x0");
  const std::size_t n = out.x0.size();
  if (n == 0) bad(where + ".x0", "expected at least one value");
  out.layout = c.contains("layout") ? parse_layout(c["layout"], n, where + ".layout") : ParamLayout::single(n);
  out.lr = numbers(c["lr"], where + ".lr");
  if (c.contains("grads")) out.grads = rows(c["grads"], n, where + ".grads");
  if (c.contains("objective")) out.objective = parse_objective(c["objective"], n, where + ".objective");
  out.expected = rows(c["expected"], n, where + ".expected");
  if (c.contains("expected_eval")) out.expected_eval = rows(c["expected_eval"], n, where + ".expected_eval");
  if (c.contains("tolerance")) out.tolerance = parse_tolerance(c["tolerance"], where + ".tolerance");
  const std::size_t steps = out.lr.size();
  const bool grads_ok = out.objective || out.grads.size() == steps;
  const bool eval_ok = !c.contains("expected_eval") || out.expected_eval.size() == steps;
  if (!grads_ok || out.expected.size() != steps || !eval_ok) {
    bad(where, "lr has " + std::to_string(steps) + " steps; grads, expected and expected_eval must have as many (" +
                   std::to_string(out.grads.size()) + ", " + std::to_string(out.expected.size()) + ", " +
                   std::to_string(out.expected_eval.size()) + ")");
  }
  return out;
}

namespace {

// The objective's gradient, for the step and for StepContext::gradient_at.
class QuadraticSource final : public GradientSource {
 public:
  explicit QuadraticSource(const QuadraticObjective& q) : q_(q) {}
  double gradient_at(std::span<const float> weights, std::span<float> gradient) override {
    if (weights.size() != q_.center.size() || gradient.size() != q_.center.size()) {
      throw std::invalid_argument("gradient_at: weights and gradient must have the case's " +
                                  std::to_string(q_.center.size()) + " values");
    }
    double loss = 0.0;
    for (std::size_t i = 0; i < weights.size(); ++i) {
      const double d = static_cast<double>(weights[i]) - q_.center[i];
      loss += 0.5 * q_.scale[i] * d * d;
      gradient[i] = static_cast<float>(q_.scale[i] * d);
    }
    return loss;
  }

 private:
  const QuadraticObjective& q_;
};

std::string describe(const std::string& what, std::size_t step, std::size_t coord, double got, double want,
                     double ratio) {
  std::ostringstream s;
  s.precision(17);
  s << what << " at step " << step << ", coordinate " << coord << ": got " << got << ", expected " << want
    << " (|error| " << std::abs(got - want);
  s.precision(2);
  s << ", " << ratio << " of tolerance)";
  return s.str();
}

// Running comparison of every checked value with its reference.
struct Comparison {
  explicit Comparison(const Tolerance& t) : tolerance(t) {}
  const Tolerance& tolerance;
  double worst = -1.0;
  double worst_ratio = 0.0;
  std::string worst_detail;
  std::string first_failure;
  std::size_t failures = 0;

  void check(const char* what, std::size_t step, std::span<const float> got, const std::vector<double>& want) {
    for (std::size_t i = 0; i < want.size(); ++i) {
      const double g = got[i];
      double error = std::abs(g - want[i]);
      if (std::isnan(error)) error = std::numeric_limits<double>::infinity();
      const double ratio = tolerance.ratio(g, want[i]);
      worst = std::max(worst, error);
      if (ratio > worst_ratio || worst_detail.empty()) {
        worst_ratio = ratio;
        worst_detail = describe(std::string("worst: ") + what, step, i, g, want[i], ratio);
      }
      if (!tolerance.accepts(g, want[i]) && failures++ == 0) {
        first_failure = describe(std::string("first out of tolerance: ") + what, step, i, g, want[i], ratio);
      }
    }
  }
};

}  // namespace

CaseResult replay(const OptimizerCase& c, Optimizer& optimizer, const Tolerance& tolerance) {
  CaseResult result;
  result.name = c.name;
  result.subject = c.optimizer;
  result.made = true;
  const std::size_t n = c.x0.size();
  // Eigen vectors: aligned as the trainer's buffers are.
  Eigen::VectorXf weights(static_cast<Eigen::Index>(n));
  Eigen::VectorXf grads(static_cast<Eigen::Index>(n));
  for (std::size_t i = 0; i < n; ++i) weights[static_cast<Eigen::Index>(i)] = static_cast<float>(c.x0[i]);
  const std::span<float> w(weights.data(), n);
  const std::span<float> g(grads.data(), n);
  std::optional<QuadraticSource> source;
  if (c.objective) source.emplace(*c.objective);
  Comparison compare(tolerance);
  std::size_t t = 0;
  try {
    optimizer.reset(c.layout);
    for (t = 1; t <= c.lr.size(); ++t) {
      if (source) {
        static_cast<void>(source->gradient_at(w, g));
      } else {
        for (std::size_t i = 0; i < n; ++i) g[i] = static_cast<float>(c.grads[t - 1][i]);
      }
      optimizer.step(w, g, StepContext{c.lr[t - 1], static_cast<std::int64_t>(t), source ? &*source : nullptr});
      compare.check("training weights", t, w, c.expected[t - 1]);
      if (!c.expected_eval.empty()) {
        const std::span<const float> eval = optimizer.evaluation_weights(w);
        if (eval.size() != n) {
          throw std::runtime_error("evaluation_weights() returned " + std::to_string(eval.size()) + " values, not " +
                                   std::to_string(n));
        }
        compare.check("evaluation weights", t, eval, c.expected_eval[t - 1]);
      }
    }
  } catch (const std::exception& e) {
    result.detail = "plugin '" + c.optimizer + "' failed" + (t > 0 ? " at step " + std::to_string(t) : " in reset") +
                    ": " + e.what();
    return result;
  }
  result.passed = compare.failures == 0;
  result.max_abs_error = std::max(compare.worst, 0.0);
  result.worst_ratio = compare.worst_ratio;
  result.detail = result.passed ? compare.worst_detail
                                : std::to_string(compare.failures) + " values out of tolerance; " +
                                      compare.first_failure + "; " + compare.worst_detail;
  return result;
}

}  // namespace lrbench::conformance
