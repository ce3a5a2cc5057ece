"""adadelta: torch.optim.Adadelta (L2 decay).

Parameters and Keras-style defaults: plugins/optimizers/adadelta/adadelta.cpp.
"""
import torch

from lib.cases import GradPlan, MLP, constant_lr, make_case, varying_lr
from lib.params import Real

from ._torch import TORCH, TorchOptimizer

NAME = "adadelta"
REFERENCE = f"{TORCH} torch.optim.Adadelta (float64, foreach=False)"
PARAMS = [
    Real("rho", 0.95, lo=0.0, hi=1.0, hi_open=True),
    Real("epsilon", 1e-7, lo=0.0, lo_open=True),
    Real("weight_decay", 0.0, lo=0.0),
]


def make(p, layout, dtype, registry):
    return TorchOptimizer(torch.optim.Adadelta, dict(rho=p["rho"], eps=p["epsilon"],
                                                     weight_decay=p["weight_decay"]), layout, dtype)


def cases():
    return [
        make_case("defaults", {}, seed=901, steps=12, lr=constant_lr(1.0, 12), plan=GradPlan(tiny=1e-7),
                  note="Keras-style defaults at lr 1 (the paper's)"),
        make_case("all_params_layout_varying_lr", {"rho": 0.9, "epsilon": 1e-6, "weight_decay": 0.05},
                  seed=902, steps=12, lr=varying_lr(1.0, 12), layout=MLP, plan=GradPlan(tiny=1e-6),
                  note="every numeric parameter set, warm-up/cosine lr"),
    ]
