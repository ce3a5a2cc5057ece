"""adopt: ADOPT, iShohei220/adopt src/adopt/adopt.py, single-tensor path.

Its step counter starts at 0, one behind the host's t. With g the gradient,
w the weights and s = t − 1:
    decoupled false:  g = g + weight_decay·w
    s = 0:  v = v + g²; the weights do not move
    s ≥ 1:  decoupled:  w = w − lr·weight_decay·w
            n = clamp(g / max(sqrt(v), epsilon), −s^0.25, s^0.25)
            m = m + (1 − beta1)·(n − m)         (lerp)
            w = w − lr·m
            v = beta2·v + (1 − beta2)·g²        (after the step: v lags g by one step)
"""
import numpy as np

from lib.cases import GradPlan, MLP, constant_lr, make_case, varying_lr
from lib.params import Flag, Real
from lib.runner import ReferenceOptimizer

from ._ops import reference, torch_lerp

NAME = "adopt"
REFERENCE = reference("iShohei220/adopt", "src/adopt/adopt.py", "6468572b4b3688a2f056b796b071da540568520e",
                      "_single_tensor_adopt with the default clip_lambda step**0.25", "adopt")
QUIRKS = [
    "the first step only initialises v = g² (with the L2 term if decoupled is false); the weights "
    "stay at x0 and no decoupled decay is applied",
    "the clip bound is s^0.25 with s = t − 1 (the reference's own counter), so it is 1 at the second step",
    "epsilon is a floor on sqrt(v) (max), not an addend",
    "v is updated after the weights, with the current gradient: the step divides by the previous v",
    "no bias correction of m",
]
PARAMS = [
    Real("beta1", 0.9, lo=0.0, hi=1.0, hi_open=True),
    Real("beta2", 0.9999, lo=0.0, hi=1.0, hi_open=True),
    Real("epsilon", 1e-6, lo=0.0),
    Real("weight_decay", 0.0, lo=0.0),
    Flag("decoupled", False),
]


class Adopt(ReferenceOptimizer):
    def __init__(self, p, n, dtype):
        self.p = p
        self.m = np.zeros(n, dtype)
        self.v = np.zeros(n, dtype)

    def step(self, w, g, lr, t, grad_at=None):
        p = self.p
        b1, b2, eps, wd = p["beta1"], p["beta2"], p["epsilon"], p["weight_decay"]
        s = t - 1
        if wd != 0 and not p["decoupled"]:
            g = g + wd * w
        if s == 0:
            self.v = self.v + g * g
            return w
        if wd != 0 and p["decoupled"]:
            w = w + (-lr * wd) * w
        denom = np.maximum(np.sqrt(self.v), eps)
        normed = g / denom
        clip = s ** 0.25
        normed = np.clip(normed, -clip, clip)
        self.m = torch_lerp(self.m, normed, 1 - b1)
        w = w + (-lr) * self.m
        self.v = self.v * b2 + (1 - b2) * (g * g)
        return w


def make(p, layout, dtype, registry):
    return Adopt(p, layout.n, dtype)


def cases():
    return [
        make_case("defaults", {}, seed=1401, steps=12, lr=constant_lr(1e-2, 12), layout=MLP,
                  plan=GradPlan(tiny=1e-7), note="defaults over the MLP layout; clipping binds in early steps"),
        make_case("all_params_varying_lr",
                  {"beta1": 0.8, "beta2": 0.95, "epsilon": 1e-5, "weight_decay": 0.05},
                  seed=1402, steps=12, lr=varying_lr(2e-2, 12), plan=GradPlan(tiny=1e-6),
                  note="every numeric parameter set, L2 decay, warm-up/cosine lr"),
        make_case("decoupled", {"beta2": 0.9, "weight_decay": 0.1, "decoupled": True},
                  seed=1403, steps=12, lr=constant_lr(2e-2, 12), plan=GradPlan(tiny=1e-7),
                  note="decoupled decay (from step 2 on)"),
    ]
