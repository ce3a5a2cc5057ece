"""radam: torch.optim.RAdam (rectified Adam, L2 decay).

Parameters and defaults: plugins/optimizers/radam/radam.cpp.
"""
import torch

from lib.cases import GradPlan, MLP, constant_lr, make_case, varying_lr
from lib.params import Real

from ._torch import TORCH, TorchOptimizer

NAME = "radam"
REFERENCE = f"{TORCH} torch.optim.RAdam (float64, foreach=False)"
PARAMS = [
    Real("beta1", 0.9, lo=0.0, hi=1.0, hi_open=True),
    Real("beta2", 0.999, lo=0.0, hi=1.0, hi_open=True),
    Real("epsilon", 1e-8, lo=0.0, lo_open=True),
    Real("weight_decay", 0.0, lo=0.0),
]


def make(p, layout, dtype, registry):
    return TorchOptimizer(torch.optim.RAdam, dict(betas=(p["beta1"], p["beta2"]), eps=p["epsilon"],
                                                  weight_decay=p["weight_decay"]), layout, dtype)


def cases():
    return [
        make_case("defaults", {}, seed=601, steps=12, lr=constant_lr(0.01, 12), plan=GradPlan(tiny=1e-9),
                  note="defaults; steps 1-5 are SGD with momentum, 6 on rectified (rho_t > 5)"),
        make_case("all_params_layout_varying_lr",
                  {"beta1": 0.8, "beta2": 0.95, "epsilon": 1e-6, "weight_decay": 0.05},
                  seed=602, steps=12, lr=varying_lr(0.05, 12), layout=MLP, plan=GradPlan(tiny=1e-7),
                  note="every numeric parameter set; beta2 0.95 rectifies from step 6"),
        make_case("short_beta2_tiny", {"beta2": 0.9},
                  seed=603, steps=14, lr=constant_lr(0.05, 14), plan=GradPlan(tiny=1e-8),
                  note="beta2 0.9 rectifies from step 6 with a large rectification term; "
                       "the tiny coordinate's sqrt(v) is of epsilon's size"),
    ]
