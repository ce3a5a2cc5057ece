"""lamb: optax.lamb (scale_by_adam, add_decayed_weights, scale_by_trust_ratio, lr).

With g the gradient, w the weights, t the step, per tensor W of the layout:
    m = (1 − beta1)·g + beta1·m,   v = (1 − beta2)·g² + beta2·v
    u = (m/(1 − beta1^t)) / (sqrt(v/(1 − beta2^t)) + epsilon) + weight_decay·w
    r = ‖w_W‖ / ‖u_W‖, or 1 when either norm is 0
    w = w − lr·r·u
"""
import numpy as np

from lib.cases import GradPlan, MLP, constant_lr, make_case, varying_lr
from lib.params import Real
from lib.runner import ReferenceOptimizer

from ._ops import reference, tensor_norm

NAME = "lamb"
REFERENCE = reference("google-deepmind/optax", "optax/_src/alias.py (lamb), optax/_src/transform.py",
                      "2edbcbe2390da13983b92cbef94ac0460ecde1c5",
                      "lamb = scale_by_adam(eps_root 0) + add_decayed_weights + scale_by_trust_ratio "
                      "(trust_coefficient 1, eps 0, min_norm 0) + scale_by_learning_rate", "lamb")
QUIRKS = [
    "the trust ratio is taken per tensor of the layout (biases included), on the Adam direction plus "
    "weight_decay·w",
    "the ratio is 1 when ‖w_W‖ = 0 or ‖u_W‖ = 0 (a zero-initialised tensor takes a plain Adam step)",
    "epsilon is added outside the square root of the bias-corrected v",
]
PARAMS = [
    Real("beta1", 0.9, lo=0.0, hi=1.0, hi_open=True),
    Real("beta2", 0.999, lo=0.0, hi=1.0, hi_open=True),
    Real("epsilon", 1e-6, lo=0.0),
    Real("weight_decay", 0.0, lo=0.0),
]


class Lamb(ReferenceOptimizer):
    def __init__(self, p, layout, dtype):
        self.p = p
        self.layout = layout
        self.m = np.zeros(layout.n, dtype)
        self.v = np.zeros(layout.n, dtype)

    def step(self, w, g, lr, t, grad_at=None):
        p = self.p
        b1, b2, eps, wd = p["beta1"], p["beta2"], p["epsilon"], p["weight_decay"]
        self.m = (1 - b1) * g + b1 * self.m
        self.v = (1 - b2) * (g * g) + b2 * self.v
        m_hat = self.m / (1 - b1 ** t)
        v_hat = self.v / (1 - b2 ** t)
        u = m_hat / (np.sqrt(v_hat + 0.0) + eps)
        if wd != 0.0:
            u = u + wd * w
        out = w.copy()
        for spec, sl in self.layout.slices():
            pn, un = tensor_norm(w[sl]), tensor_norm(u[sl])
            ratio = 1.0 if pn == 0.0 or un == 0.0 else 1.0 * pn / (un + 0.0)
            out[sl] = w[sl] + (-lr) * (u[sl] * ratio)
        return out


def make(p, layout, dtype, registry):
    return Lamb(p, layout, dtype)


def cases():
    return [
        make_case("defaults", {}, seed=1501, steps=12, lr=constant_lr(1e-2, 12), layout=MLP,
                  plan=GradPlan(tiny=1e-7), note="defaults over the MLP layout"),
        make_case("all_params_varying_lr",
                  {"beta1": 0.8, "beta2": 0.95, "epsilon": 1e-4, "weight_decay": 0.1},
                  seed=1502, steps=12, lr=varying_lr(2e-2, 12), layout=MLP, plan=GradPlan(tiny=1e-5),
                  note="every numeric parameter set, warm-up/cosine lr"),
        make_case("zero_norm_tensors", {"weight_decay": 0.01}, seed=1503, steps=10, lr=constant_lr(1e-2, 10),
                  layout=MLP, plan=GradPlan(tiny=1e-6, zero_tensors=("layer2.bias",), zero_params=("layer1.bias",)),
                  note="a tensor whose gradient is all zero and one whose weights start at zero: ratio 1"),
    ]
