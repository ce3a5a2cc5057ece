// adamw: Adam with decoupled weight decay, as torch.optim.AdamW (PyTorch 1.13).
//
// With g the gradient, w the weights and t = step (1-based, from the host):
//   w = w · (1 − lr·weight_decay)                (decoupled: never enters m or v)
//   m = beta1·m + (1 − beta1)·g
//   v = beta2·v + (1 − beta2)·g²
//   vmax = max(vmax, v) and v̂ = vmax if amsgrad, else v̂ = v
//   w = w − lr/(1 − beta1^t) · m / (sqrt(v̂)/sqrt(1 − beta2^t) + epsilon)
// References: Loshchilov & Hutter 2019, "Decoupled Weight Decay
// Regularization"; Reddi et al. 2018 (AMSGrad).
// The update itself is adam_family.hpp, shared with adam.
#include "../adam_family.hpp"

namespace {

class AdamW final : public lrbench_plugins::AdamFamily<lrbench_plugins::WeightDecay::decoupled> {
 public:
  static constexpr lrbench::PluginMeta meta{
      .name = "adamw", .version = "1.0.0",
      .description = "Adam with decoupled weight decay and AMSGrad (torch.optim.AdamW)"};
  static constexpr lrbench::ParamSpec params[] = {
      lrbench::real("beta1", 0.9).at_least(0.0).below(1.0)
          .help("decay rate of the first-moment average m").source("Keras AdamW default beta_1"),
      lrbench::real("beta2", 0.999).at_least(0.0).below(1.0)
          .help("decay rate of the second-moment average v").source("Keras AdamW default beta_2"),
      lrbench::real("epsilon", 1e-7).above(0.0)
          .help("added to the bias-corrected sqrt(v) (torch placement)").source("Keras AdamW default (torch: 1e-8)"),
      lrbench::real("weight_decay", 0.004).at_least(0.0)
          .help("decoupled decay: w is scaled by (1 - lr * weight_decay) each step")
          .source("Keras AdamW default (torch: 0.01)"),
      lrbench::flag("amsgrad", false)
          .help("AMSGrad: divide by the running maximum of v").source("Keras AdamW default"),
  };

  using AdamFamily::AdamFamily;
};

}  // namespace

LRBENCH_OPTIMIZER_PLUGIN(AdamW)
