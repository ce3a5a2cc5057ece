"""adam: torch.optim.Adam (L2 weight decay, AMSGrad).

Parameters and Keras-style defaults: plugins/optimizers/adam/adam.cpp.
"""
import torch

from lib.cases import GradPlan, MLP, constant_lr, make_case, varying_lr
from lib.params import Flag, Real

from ._torch import TORCH, TorchOptimizer

NAME = "adam"
REFERENCE = f"{TORCH} torch.optim.Adam (float64, foreach=False)"


def declare(weight_decay: float) -> list:
    """The parameters adam and adamw share (plugins/optimizers/adam_family.hpp); only the
    weight decay's default differs."""
    return [
        Real("beta1", 0.9, lo=0.0, hi=1.0, hi_open=True),
        Real("beta2", 0.999, lo=0.0, hi=1.0, hi_open=True),
        Real("epsilon", 1e-7, lo=0.0, lo_open=True),
        Real("weight_decay", weight_decay, lo=0.0),
        Flag("amsgrad", False),
    ]


def torch_kwargs(p) -> dict:
    return dict(betas=(p["beta1"], p["beta2"]), eps=p["epsilon"], weight_decay=p["weight_decay"],
                amsgrad=p["amsgrad"])


PARAMS = declare(weight_decay=0.0)


def make(p, layout, dtype, registry):
    return TorchOptimizer(torch.optim.Adam, torch_kwargs(p), layout, dtype)


def cases():
    return [
        make_case("defaults", {}, seed=201, steps=12, lr=constant_lr(0.01, 12), plan=GradPlan(tiny=1e-7),
                  note="Keras-style defaults; the tiny coordinate is of epsilon's size"),
        make_case("all_params_layout_varying_lr",
                  {"beta1": 0.85, "beta2": 0.98, "epsilon": 1e-6, "weight_decay": 0.05},
                  seed=202, steps=12, lr=varying_lr(0.05, 12), layout=MLP, plan=GradPlan(tiny=1e-6),
                  note="every numeric parameter set, L2 decay, warm-up/cosine lr"),
        make_case("amsgrad_falling_second_moment", {"beta2": 0.9, "amsgrad": True},
                  seed=203, steps=12, lr=constant_lr(0.01, 12), plan=GradPlan(decay=0.6, tiny=1e-7),
                  note="gradients shrink, so v falls below its running max and AMSGrad changes the steps"),
    ]
