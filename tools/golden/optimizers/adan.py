"""adan: Adan, sail-sg/Adan's single-tensor path (no_prox false, no clipping).

The official code's betas are 1 − the paper's. With g the gradient, w the
weights, t the step and g_prev the previous gradient (g_prev = g at t = 1):
    m = beta1·m + (1 − beta1)·g
    d = beta2·d + (1 − beta2)·(g − g_prev)
    u = g + beta2·(g − g_prev)
    n = beta3·n + (1 − beta3)·u²
    denom = sqrt(n)/sqrt(1 − beta3^t) + epsilon
    w = w − lr/(1 − beta1^t)·m/denom − lr·beta2/(1 − beta2^t)·d/denom
    w = w / (1 + lr·weight_decay)
"""
import math

import numpy as np

from lib.cases import GradPlan, MLP, constant_lr, make_case, varying_lr
from lib.params import Real
from lib.runner import ReferenceOptimizer

from ._ops import reference

NAME = "adan"
REFERENCE = reference("sail-sg/Adan", "adan.py", "2c65beaf400775753b155da4082c3819fea689b9",
                      "_single_tensor_adan, no_prox=False, max_grad_norm=0", "adan")
QUIRKS = [
    "betas follow the official code (beta = 1 − the paper's): defaults 0.98, 0.92, 0.99",
    "step 1 sets the previous gradient to the current one (`neg_pre_grad = −g`), so the gradient "
    "difference is 0 at step 1 and n starts from g²",
    "the difference term's step size is lr·beta2/(1 − beta2^t); the bias corrections use the official betas",
    "weight decay is proximal: w is divided by 1 + lr·weight_decay after the step (no_prox false)",
    "the two updates are applied one after the other (two addcdiv), then the division",
]
PARAMS = [
    Real("beta1", 0.98, lo=0.0, hi=1.0, hi_open=True),
    Real("beta2", 0.92, lo=0.0, hi=1.0, hi_open=True),
    Real("beta3", 0.99, lo=0.0, hi=1.0, hi_open=True),
    Real("epsilon", 1e-8, lo=0.0),
    Real("weight_decay", 0.0, lo=0.0),
]


class Adan(ReferenceOptimizer):
    def __init__(self, p, n, dtype):
        self.p = p
        self.m = np.zeros(n, dtype)
        self.d = np.zeros(n, dtype)
        self.n = np.zeros(n, dtype)
        self.neg_prev = None

    def step(self, w, g, lr, t, grad_at=None):
        p = self.p
        b1, b2, b3, eps, wd = p["beta1"], p["beta2"], p["beta3"], p["epsilon"], p["weight_decay"]
        bc1, bc2, bc3 = 1.0 - b1 ** t, 1.0 - b2 ** t, 1.0 - b3 ** t
        if self.neg_prev is None or t == 1:
            self.neg_prev = g * -1.0
        diff = self.neg_prev + g                      # g − g_prev
        self.m = self.m * b1 + (1 - b1) * g
        self.d = self.d * b2 + (1 - b2) * diff
        u = diff * b2 + g
        self.n = self.n * b3 + (1 - b3) * (u * u)
        denom = np.sqrt(self.n) / math.sqrt(bc3) + eps
        step_size_diff = lr * b2 / bc2
        step_size = lr / bc1
        w = w + (-step_size) * (self.m / denom)
        w = w + (-step_size_diff) * (self.d / denom)
        w = w / (1 + lr * wd)
        self.neg_prev = g * -1.0
        return w


def make(p, layout, dtype, registry):
    return Adan(p, layout.n, dtype)


def cases():
    return [
        make_case("defaults", {}, seed=1301, steps=12, lr=constant_lr(1e-2, 12), layout=MLP,
                  note="defaults over the MLP layout; the tiny coordinate is of epsilon's size"),
        make_case("all_params_varying_lr",
                  {"beta1": 0.9, "beta2": 0.8, "beta3": 0.95, "epsilon": 1e-6, "weight_decay": 0.1},
                  seed=1302, steps=12, lr=varying_lr(2e-2, 12), plan=GradPlan(tiny=1e-6),
                  note="every numeric parameter set, proximal decay, warm-up/cosine lr"),
    ]
