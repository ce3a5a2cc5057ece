"""adamax: torch.optim.Adamax (infinity norm, epsilon inside the max).

Parameters and Keras-style defaults: plugins/optimizers/adamax/adamax.cpp.
"""
import torch

from lib.cases import GradPlan, MLP, constant_lr, make_case, varying_lr
from lib.params import Real

from ._torch import TORCH, TorchOptimizer

NAME = "adamax"
REFERENCE = f"{TORCH} torch.optim.Adamax (float64, foreach=False)"
PARAMS = [
    Real("beta1", 0.9, lo=0.0, hi=1.0, hi_open=True),
    Real("beta2", 0.999, lo=0.0, hi=1.0, hi_open=True),
    Real("epsilon", 1e-7, lo=0.0, lo_open=True),
    Real("weight_decay", 0.0, lo=0.0),
]


def make(p, layout, dtype, registry):
    return TorchOptimizer(torch.optim.Adamax, dict(betas=(p["beta1"], p["beta2"]), eps=p["epsilon"],
                                                   weight_decay=p["weight_decay"]), layout, dtype)


def cases():
    return [
        make_case("defaults", {}, seed=401, steps=12, lr=constant_lr(0.01, 12), plan=GradPlan(tiny=1e-7),
                  note="Keras-style defaults; the tiny coordinate is of epsilon's size"),
        make_case("all_params_layout_varying_lr",
                  {"beta1": 0.8, "beta2": 0.95, "epsilon": 1e-6, "weight_decay": 0.05},
                  seed=402, steps=12, lr=varying_lr(0.05, 12), layout=MLP, plan=GradPlan(tiny=1e-6),
                  note="every numeric parameter set, L2 decay, warm-up/cosine lr"),
        make_case("falling_gradients", {},
                  seed=403, steps=12, lr=constant_lr(0.01, 12), plan=GradPlan(decay=0.7, tiny=1e-7),
                  note="gradients shrink, so beta2·u wins the max and beta2 shows"),
    ]
