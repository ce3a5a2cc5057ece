// adam: Adam with L2 weight decay and the AMSGrad variant, as torch.optim.Adam
// (PyTorch 1.13).
//
// With g the gradient, w the weights and t = step (1-based, from the host):
//   g = g + weight_decay·w                       (L2: added to the gradient, unlike adamw)
//   m = beta1·m + (1 − beta1)·g
//   v = beta2·v + (1 − beta2)·g²
//   vmax = max(vmax, v) and v̂ = vmax if amsgrad, else v̂ = v
//   w = w − lr/(1 − beta1^t) · m / (sqrt(v̂)/sqrt(1 − beta2^t) + epsilon)
// epsilon is added after the bias correction of sqrt(v), as torch does.
// References: Kingma & Ba 2015, "Adam: A Method for Stochastic Optimization";
// Reddi et al. 2018, "On the Convergence of Adam and Beyond" (AMSGrad).
// The update itself is adam_family.hpp, shared with adamw.
#include "../adam_family.hpp"

namespace {

class Adam final : public lrbench_plugins::AdamFamily<lrbench_plugins::WeightDecay::l2> {
 public:
  static constexpr lrbench::PluginMeta meta{
      .name = "adam", .version = "1.0.0",
      .description = "Adam with L2 weight decay and AMSGrad (torch.optim.Adam)"};
  static constexpr lrbench::ParamSpec params[] = {
      lrbench::real("beta1", 0.9).at_least(0.0).below(1.0)
          .help("decay rate of the first-moment average m").source("Keras Adam default beta_1"),
      lrbench::real("beta2", 0.999).at_least(0.0).below(1.0)
          .help("decay rate of the second-moment average v").source("Keras Adam default beta_2"),
      lrbench::real("epsilon", 1e-7).above(0.0)
          .help("added to the bias-corrected sqrt(v) (torch placement)").source("Keras Adam default (torch: 1e-8)"),
      lrbench::real("weight_decay", 0.0).at_least(0.0)
          .help("L2 penalty: weight_decay * w is added to the gradient").source("torch.optim.Adam default"),
      lrbench::flag("amsgrad", false)
          .help("AMSGrad: divide by the running maximum of v").source("Keras Adam default"),
  };

  using AdamFamily::AdamFamily;
};

}  // namespace

LRBENCH_OPTIMIZER_PLUGIN(Adam)
