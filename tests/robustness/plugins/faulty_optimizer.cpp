// A plain gradient-descent optimizer that misbehaves on purpose, for the
// robustness tests: `fault` picks how, `after` after how many steps of a run.
//
//   none         behaves (plain gd)
//   throw_reset  throws std::runtime_error from reset()
//   throw_step   throws std::runtime_error from step() number `after`
//   throw_latin1 the same, with a message that is not valid UTF-8
//   segfault_construct  writes through a null pointer in the constructor
//   nan / inf    writes NaN / +Inf into the weights at step `after`
//   segfault     writes through a null pointer at step `after`
//   abort        calls std::abort() at step `after`
//   hang         never returns from step `after` (a busy loop)
//
// The constructor succeeds but for segfault_construct: the loader constructs
// every optimizer once while validating (without --isolate), and the other
// faults must surface during training.
#include <cmath>
#include <cstdlib>
#include <limits>
#include <stdexcept>
#include <string>

#include <lrbench/lrbench.hpp>

namespace {

class Faulty final : public lrbench::Optimizer {
 public:
  static constexpr lrbench::PluginMeta meta{.name = "fixture_faulty", .version = "0.0.1",
                                            .description = "gradient descent that fails on purpose"};
  static constexpr lrbench::ParamSpec params[] = {
      lrbench::choice("fault", "none", "none|throw_reset|throw_step|throw_latin1|segfault_construct|nan|inf|segfault|abort|hang")
          .help("how to misbehave"),
      lrbench::integer("after", 1).at_least(1).help("the step at which the fault happens"),
  };
  explicit Faulty(const lrbench::ParamValues& values)
      : fault_(values.choice("fault")), after_(values.integer("after")) {
    if (fault_ == "segfault_construct") segfault();
  }

  void reset(const lrbench::ParamLayout&) override {
    if (fault_ == "throw_reset") throw std::runtime_error("fixture_faulty: reset failed on purpose");
  }

  void step(std::span<float> weights, std::span<const float> grads, const lrbench::StepContext& context) override {
    if (context.step == after_) fail(weights);
    for (std::size_t i = 0; i < weights.size(); ++i) weights[i] -= static_cast<float>(context.lr) * grads[i];
  }

 private:
  void fail(std::span<float> weights) const {
    if (fault_ == "throw_step") {
      throw std::runtime_error("fixture_faulty: step " + std::to_string(after_) + " failed on purpose");
    }
    if (fault_ == "throw_latin1") throw std::runtime_error("fixture_faulty: caf\xE9 \xFF\xFE failed");
    if (fault_ == "nan" || fault_ == "inf") {
      const float bad = fault_ == "nan" ? std::numeric_limits<float>::quiet_NaN()
                                        : std::numeric_limits<float>::infinity();
      for (float& w : weights) w = bad;
    }
    if (fault_ == "segfault") segfault();
    if (fault_ == "abort") std::abort();
    if (fault_ == "hang") {
      volatile bool forever = true;
      while (forever) {
      }
    }
  }

  static void segfault() {
    volatile int* null = nullptr;
    *null = 42;  // NOLINT: the point of this plugin
  }

  std::string fault_;
  std::int64_t after_;
};

}  // namespace

LRBENCH_OPTIMIZER_PLUGIN(Faulty)
