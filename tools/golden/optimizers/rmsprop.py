"""rmsprop: torch.optim.RMSprop (momentum, centered, L2 decay).

Parameters and Keras-style defaults: plugins/optimizers/rmsprop/rmsprop.cpp.
"""
import torch

from lib.cases import GradPlan, MLP, constant_lr, make_case, varying_lr
from lib.params import Flag, Real

from ._torch import TORCH, TorchOptimizer

NAME = "rmsprop"
REFERENCE = f"{TORCH} torch.optim.RMSprop (float64, foreach=False)"
PARAMS = [
    Real("rho", 0.9, lo=0.0, hi=1.0, hi_open=True),
    Real("epsilon", 1e-7, lo=0.0, lo_open=True),
    Real("momentum", 0.0, lo=0.0, hi=1.0, hi_open=True),
    Flag("centered", False),
    Real("weight_decay", 0.0, lo=0.0),
]


def make(p, layout, dtype, registry):
    return TorchOptimizer(torch.optim.RMSprop, dict(alpha=p["rho"], eps=p["epsilon"], momentum=p["momentum"],
                                                    centered=p["centered"], weight_decay=p["weight_decay"]),
                          layout, dtype)


def cases():
    return [
        make_case("defaults", {}, seed=801, steps=12, lr=constant_lr(0.01, 12), plan=GradPlan(tiny=1e-7),
                  note="Keras-style defaults; the tiny coordinate is of epsilon's size"),
        make_case("all_params_layout_varying_lr",
                  {"rho": 0.95, "epsilon": 1e-6, "momentum": 0.5, "centered": True, "weight_decay": 0.05},
                  seed=802, steps=12, lr=varying_lr(0.02, 12), layout=MLP, plan=GradPlan(tiny=1e-6),
                  note="every numeric parameter set, centered, warm-up/cosine lr"),
        make_case("momentum_uncentered", {"rho": 0.99, "epsilon": 1e-8, "momentum": 0.9},
                  seed=803, steps=12, lr=constant_lr(0.005, 12), plan=GradPlan(tiny=1e-8),
                  note="momentum buffer on the normalised gradient, torch's epsilon"),
    ]
