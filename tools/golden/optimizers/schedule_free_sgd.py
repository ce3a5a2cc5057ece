"""schedule_free_sgd: facebookresearch/schedule_free's SGDScheduleFree.

With g the gradient and y the training weights (see _schedule_free.py for
the averaging):  g = g + weight_decay·y,  then the schedule-free step with
d = g and beta = momentum.  `expected` is y, `expected_eval` is x.
"""
from lib.cases import GradPlan, MLP, constant_lr, make_case, varying_lr
from lib.params import Int, Real
from lib.runner import ReferenceOptimizer

from ._ops import reference
from ._schedule_free import Averaging

NAME = "schedule_free_sgd"
REFERENCE = reference("facebookresearch/schedule_free", "schedulefree/sgd_schedulefree.py",
                      "70785b53e778d0e872c0bbb75ff4ee54ee10c291",
                      "SGDScheduleFree.step (per-parameter path) and eval()", "schedule_free_sgd")
QUIRKS = [
    "the host's lr is the reference's group lr: warm-up multiplies it inside the optimizer, and the "
    "averaging weight uses the largest scheduled lr so far raised to weight_lr_power",
    "x is never stored: the evaluation weights are lerp(y, z, 1 − 1/momentum), as eval() computes them",
    "weight decay is evaluated at y and added to the gradient",
    "z starts as a copy of x0 at the first step",
]
PARAMS = [
    Real("momentum", 0.9, lo=0.0, lo_open=True, hi=1.0, hi_open=True),
    Real("weight_decay", 0.0, lo=0.0),
    Int("warmup_steps", 0, lo=0),
    Real("r", 0.0, lo=0.0),
    Real("weight_lr_power", 2.0, lo=0.0),
]


class SgdScheduleFree(ReferenceOptimizer):
    def __init__(self, p):
        self.p = p
        self.avg = Averaging(p["warmup_steps"], p["r"], p["weight_lr_power"])

    def step(self, y, g, lr, t, grad_at=None):
        lr_k, c = self.avg.coefficients(lr, t)
        if self.p["weight_decay"] != 0:
            g = g + self.p["weight_decay"] * y
        return self.avg.step(y, g, lr_k, c, self.p["momentum"])

    def eval_weights(self, y):
        return self.avg.evaluation(y, self.p["momentum"])


def make(p, layout, dtype, registry):
    return SgdScheduleFree(p)


def cases():
    return [
        make_case("defaults", {}, seed=1701, steps=12, lr=constant_lr(0.1, 12), layout=MLP,
                  note="defaults over the MLP layout, constant lr as the authors intend"),
        make_case("all_params_varying_lr",
                  {"momentum": 0.8, "weight_decay": 0.05, "warmup_steps": 4, "r": 0.5, "weight_lr_power": 1.5},
                  seed=1702, steps=12, lr=varying_lr(0.1, 12), plan=GradPlan(),
                  note="every numeric parameter set; the varying lr moves lr_max and the averaging weights"),
    ]
