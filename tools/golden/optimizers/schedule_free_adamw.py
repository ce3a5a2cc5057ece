"""schedule_free_adamw: facebookresearch/schedule_free's AdamWScheduleFree.

With g the gradient, y the training weights and k = t − 1 (see
_schedule_free.py for the averaging):
    v = beta2·v + (1 − beta2)·g²
    d = g / (sqrt(v/(1 − beta2^(k+1))) + epsilon) + weight_decay·y
then the schedule-free step with d and beta = beta1 (inner_momentum 0: no
first moment). `expected` is y, `expected_eval` is x.
"""
import numpy as np

from lib.cases import GradPlan, MLP, constant_lr, make_case, varying_lr
from lib.params import Int, Real
from lib.runner import ReferenceOptimizer

from ._ops import reference
from ._schedule_free import Averaging

NAME = "schedule_free_adamw"
REFERENCE = reference("facebookresearch/schedule_free", "schedulefree/adamw_schedulefree.py",
                      "70785b53e778d0e872c0bbb75ff4ee54ee10c291",
                      "AdamWScheduleFree.step (per-parameter path, inner_momentum 0) and eval()",
                      "schedule_free_adamw")
QUIRKS = [
    "beta1 is the interpolation momentum of y, not a first moment (inner_momentum stays 0)",
    "v is bias-corrected inside the square root (sqrt(v/(1 − beta2^t)) + epsilon)",
    "weight decay is evaluated at y and added to the normalised gradient, so it is not normalised",
    "the host's lr is the reference's group lr: warm-up multiplies it inside the optimizer, and the "
    "averaging weight uses the largest scheduled lr so far raised to weight_lr_power",
    "x is never stored: the evaluation weights are lerp(y, z, 1 − 1/beta1), as eval() computes them",
]
PARAMS = [
    Real("beta1", 0.9, lo=0.0, lo_open=True, hi=1.0, hi_open=True),
    Real("beta2", 0.999, lo=0.0, hi=1.0, hi_open=True),
    Real("epsilon", 1e-8, lo=0.0),
    Real("weight_decay", 0.0, lo=0.0),
    Int("warmup_steps", 0, lo=0),
    Real("r", 0.0, lo=0.0),
    Real("weight_lr_power", 2.0, lo=0.0),
]


class AdamWScheduleFree(ReferenceOptimizer):
    def __init__(self, p, n, dtype):
        self.p = p
        self.v = np.zeros(n, dtype)
        self.avg = Averaging(p["warmup_steps"], p["r"], p["weight_lr_power"])

    def step(self, y, g, lr, t, grad_at=None):
        p = self.p
        b2, eps, wd = p["beta2"], p["epsilon"], p["weight_decay"]
        bc2 = 1 - b2 ** t
        lr_k, c = self.avg.coefficients(lr, t)
        self.v = self.v * b2 + (1 - b2) * (g * g)
        denom = np.sqrt(self.v / bc2) + eps
        d = g / denom
        if wd != 0:
            d = d + wd * y
        return self.avg.step(y, d, lr_k, c, p["beta1"])

    def eval_weights(self, y):
        return self.avg.evaluation(y, self.p["beta1"])


def make(p, layout, dtype, registry):
    return AdamWScheduleFree(p, layout.n, dtype)


def cases():
    return [
        make_case("defaults", {}, seed=1801, steps=12, lr=constant_lr(0.01, 12), layout=MLP,
                  note="defaults over the MLP layout, constant lr as the authors intend"),
        make_case("all_params_varying_lr",
                  {"beta1": 0.8, "beta2": 0.95, "epsilon": 1e-6, "weight_decay": 0.05, "warmup_steps": 4,
                   "r": 0.5, "weight_lr_power": 1.5},
                  seed=1802, steps=12, lr=varying_lr(0.02, 12), plan=GradPlan(tiny=1e-6),
                  note="every numeric parameter set; the varying lr moves lr_max and the averaging weights"),
    ]
