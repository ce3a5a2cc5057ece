"""adabelief: AdaBelief, adabelief_pytorch 0.2.1 with rectify off.

With g the gradient, w the weights, t the step:
    decoupled:  w = w·(1 − lr·weight_decay)       else  g = g + weight_decay·w
    m = beta1·m + (1 − beta1)·g
    s = beta2·s + (1 − beta2)·(g − m)²
    s = s + epsilon                               (in place: s keeps the epsilon)
    amsgrad:    s_max = max(s_max, s),  ŝ = s_max   else  ŝ = s
    w = w − lr/(1 − beta1^t) · m / (sqrt(ŝ)/sqrt(1 − beta2^t) + epsilon)
"""
import math

import numpy as np

from lib.cases import GradPlan, MLP, constant_lr, make_case, varying_lr
from lib.params import Flag, Real
from lib.runner import ReferenceOptimizer

from ._ops import reference

NAME = "adabelief"
REFERENCE = reference("juntang-zhuang/Adabelief-Optimizer",
                      "pypi_packages/adabelief_pytorch0.2.1/adabelief_pytorch/AdaBelief.py",
                      "2855178eff6776762793f915ce2c615f776a1e4b",
                      "AdaBelief.step with rectify=False, fixed_decay=False", "adabelief")
QUIRKS = [
    "epsilon is added to the state s in place every step (`exp_avg_var.add_(eps)`), so s accumulates it, "
    "and again outside the square root",
    "with amsgrad the in-place epsilon goes into s before the running max is taken",
    "decoupled decay scales w by 1 − lr·weight_decay before the moments are updated; "
    "the L2 form (decoupled false) adds weight_decay·w to the gradient used by both m and g − m",
    "the residual g − m uses the m just updated",
]
PARAMS = [
    Real("beta1", 0.9, lo=0.0, hi=1.0, hi_open=True),
    Real("beta2", 0.999, lo=0.0, hi=1.0, hi_open=True),
    Real("epsilon", 1e-16, lo=0.0),
    Real("weight_decay", 0.0, lo=0.0),
    Flag("decoupled", True),
    Flag("amsgrad", False),
]


class AdaBelief(ReferenceOptimizer):
    def __init__(self, p, n, dtype):
        self.p = p
        self.m = np.zeros(n, dtype)
        self.s = np.zeros(n, dtype)
        self.s_max = np.zeros(n, dtype)

    def step(self, w, g, lr, t, grad_at=None):
        p = self.p
        b1, b2, eps, wd = p["beta1"], p["beta2"], p["epsilon"], p["weight_decay"]
        if p["decoupled"]:
            w = w * (1.0 - lr * wd)
        elif wd != 0:
            g = g + wd * w
        bc1 = 1 - b1 ** t
        bc2 = 1 - b2 ** t
        self.m = self.m * b1 + (1 - b1) * g
        r = g - self.m
        self.s = self.s * b2 + (1 - b2) * (r * r)
        self.s = self.s + eps
        if p["amsgrad"]:
            self.s_max = np.maximum(self.s_max, self.s)
            denom = np.sqrt(self.s_max) / math.sqrt(bc2) + eps
        else:
            denom = np.sqrt(self.s) / math.sqrt(bc2) + eps
        return w + (-(lr / bc1)) * (self.m / denom)


def make(p, layout, dtype, registry):
    return AdaBelief(p, layout.n, dtype)


def cases():
    return [
        make_case("defaults", {}, seed=1101, steps=12, lr=constant_lr(1e-2, 12), layout=MLP,
                  note="defaults over the MLP layout; the tiny coordinate's (g − m)² is of epsilon's size"),
        make_case("all_params_varying_lr",
                  {"beta1": 0.8, "beta2": 0.95, "epsilon": 1e-12, "weight_decay": 0.1},
                  seed=1102, steps=12, lr=varying_lr(2e-2, 12), plan=GradPlan(tiny=1e-6),
                  note="every numeric parameter set, decoupled decay, warm-up/cosine lr"),
        make_case("l2_amsgrad_falling", {"beta2": 0.9, "weight_decay": 0.05, "decoupled": False, "amsgrad": True},
                  seed=1103, steps=12, lr=constant_lr(1e-2, 12), plan=GradPlan(decay=0.6),
                  note="L2 decay, and shrinking gradients so the running max of s matters"),
    ]
