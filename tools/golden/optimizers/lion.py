"""lion: the Lion paper's Algorithm 2, transcribed in numpy.

Chen et al. 2023, "Symbolic Discovery of Optimization Algorithms",
Algorithm 2 (AdamW-style decoupled weight decay):
    c = beta1·m + (1 − beta1)·g
    w = w − lr·(sign(c) + weight_decay·w)
    m = beta2·m + (1 − beta2)·g
sign(0) = 0. Parameters and defaults: plugins/optimizers/lion/lion.cpp.
"""
import numpy as np

from lib.cases import GradPlan, MLP, constant_lr, make_case, varying_lr
from lib.params import Real
from lib.runner import ReferenceOptimizer

NAME = "lion"
REFERENCE = ("Chen et al. 2023, arXiv:2302.06675, Algorithm 2; transcribed in tools/golden/optimizers/lion.py "
             "(float64 numpy)")
PARAMS = [
    Real("beta1", 0.9, lo=0.0, hi=1.0, hi_open=True),
    Real("beta2", 0.99, lo=0.0, hi=1.0, hi_open=True),
    Real("weight_decay", 0.0, lo=0.0),
]


class Lion(ReferenceOptimizer):
    def __init__(self, p, n, dtype):
        self.p = p
        self.m = np.zeros(n, dtype)

    def step(self, w, g, lr, t, grad_at=None):
        b1, b2, wd = self.p["beta1"], self.p["beta2"], self.p["weight_decay"]
        c = b1 * self.m + (1 - b1) * g
        w = w - lr * (np.sign(c) + wd * w)
        self.m = b2 * self.m + (1 - b2) * g
        return w


def make(p, layout, dtype, registry):
    return Lion(p, layout.n, dtype)


def cases():
    return [
        make_case("defaults", {}, seed=1001, steps=16, lr=constant_lr(1e-3, 16), layout=MLP,
                  plan=GradPlan(drift=0.2), note="the paper's defaults, over the MLP layout"),
        make_case("all_params_varying_lr", {"beta1": 0.8, "beta2": 0.95, "weight_decay": 0.1},
                  seed=1002, steps=16, lr=varying_lr(3e-3, 16), layout=MLP, plan=GradPlan(drift=0.2),
                  note="every numeric parameter set, decoupled decay, warm-up/cosine lr"),
    ]
