"""lars: optax.lars (add_decayed_weights, scale_by_trust_ratio, lr, trace).

With g the gradient, w the weights, per tensor W of the layout:
    u = g + weight_decay·w
    r = trust_coefficient·‖w_W‖ / (‖u_W‖ + epsilon), or 1 when either norm is 0
    u = −lr·r·u                               (the lr enters before the momentum)
    b = u + momentum·b
    w = w + (u + momentum·b  if nesterov, else  b)
"""
import numpy as np

from lib.cases import GradPlan, MLP, constant_lr, make_case, varying_lr
from lib.params import Flag, Real
from lib.runner import ReferenceOptimizer

from ._ops import reference, tensor_norm

NAME = "lars"
REFERENCE = reference("google-deepmind/optax", "optax/_src/alias.py (lars), optax/_src/transform.py, "
                      "optax/transforms/_accumulation.py", "2edbcbe2390da13983b92cbef94ac0460ecde1c5",
                      "lars = add_decayed_weights + scale_by_trust_ratio (masks all true) + "
                      "scale_by_learning_rate + trace", "lars")
QUIRKS = [
    "the learning rate scales the update before the momentum trace, so the trace accumulates lr-scaled "
    "steps (with a varying lr this differs from torch-style LARS, which multiplies the trace by lr)",
    "the trust ratio is per tensor of the layout, biases included (optax's masks default to true), "
    "computed on g + weight_decay·w",
    "the ratio is 1 when ‖w_W‖ = 0 or ‖u_W‖ = 0",
    "the trace starts at 0: the first step is u, not the torch 'buffer = g' convention",
]
PARAMS = [
    Real("momentum", 0.9, lo=0.0, hi=1.0, hi_open=True),
    Real("weight_decay", 0.0, lo=0.0),
    Real("trust_coefficient", 0.001, lo=0.0, lo_open=True),
    Real("epsilon", 0.0, lo=0.0),
    Flag("nesterov", False),
]


class Lars(ReferenceOptimizer):
    def __init__(self, p, layout, dtype):
        self.p = p
        self.layout = layout
        self.trace = np.zeros(layout.n, dtype)

    def step(self, w, g, lr, t, grad_at=None):
        p = self.p
        mu, wd, tc, eps = p["momentum"], p["weight_decay"], p["trust_coefficient"], p["epsilon"]
        u = g + wd * w if wd != 0.0 else g.copy()
        for spec, sl in self.layout.slices():
            pn, un = tensor_norm(w[sl]), tensor_norm(u[sl])
            ratio = 1.0 if pn == 0.0 or un == 0.0 else tc * pn / (un + eps)
            u[sl] = u[sl] * ratio
        u = (-lr) * u
        self.trace = u + mu * self.trace
        update = u + mu * self.trace if p["nesterov"] else self.trace
        return w + update


def make(p, layout, dtype, registry):
    return Lars(p, layout, dtype)


def cases():
    return [
        make_case("defaults", {}, seed=1601, steps=12, lr=constant_lr(1.0, 12), layout=MLP,
                  note="defaults over the MLP layout"),
        make_case("all_params_varying_lr",
                  {"momentum": 0.8, "weight_decay": 0.05, "trust_coefficient": 0.02, "epsilon": 0.5},
                  seed=1602, steps=12, lr=varying_lr(1.0, 12), layout=MLP, plan=GradPlan(lo=0.01, hi=0.5),
                  note="every numeric parameter set (epsilon comparable to ‖u‖), warm-up/cosine lr"),
        make_case("nesterov_zero_norm_tensors", {"nesterov": True, "trust_coefficient": 0.01},
                  seed=1603, steps=10, lr=constant_lr(1.0, 10), layout=MLP,
                  plan=GradPlan(zero_tensors=("layer2.bias",), zero_params=("layer1.bias",)),
                  note="Nesterov; a zero-gradient tensor and a zero-initialised tensor (ratio 1)"),
    ]
