"""adamw: torch.optim.AdamW (decoupled weight decay, AMSGrad).

Parameters and Keras-style defaults: plugins/optimizers/adamw/adamw.cpp.
"""
import torch

from lib.cases import GradPlan, MLP, constant_lr, make_case, varying_lr

from ._torch import TORCH, TorchOptimizer
from .adam import declare, torch_kwargs

NAME = "adamw"
REFERENCE = f"{TORCH} torch.optim.AdamW (float64, foreach=False)"
PARAMS = declare(weight_decay=0.004)


def make(p, layout, dtype, registry):
    return TorchOptimizer(torch.optim.AdamW, torch_kwargs(p), layout, dtype)


def cases():
    return [
        make_case("defaults", {}, seed=301, steps=12, lr=constant_lr(0.05, 12), plan=GradPlan(tiny=1e-7),
                  note="Keras-style defaults (weight_decay 0.004); the tiny coordinate is of epsilon's size"),
        make_case("all_params_layout_varying_lr",
                  {"beta1": 0.8, "beta2": 0.95, "epsilon": 1e-6, "weight_decay": 0.1},
                  seed=302, steps=12, lr=varying_lr(0.05, 12), layout=MLP, plan=GradPlan(tiny=1e-6),
                  note="every numeric parameter set, warm-up/cosine lr"),
        make_case("amsgrad_falling_second_moment", {"beta2": 0.9, "weight_decay": 0.05, "amsgrad": True},
                  seed=303, steps=12, lr=constant_lr(0.01, 12), plan=GradPlan(decay=0.6, tiny=1e-7),
                  note="gradients shrink, so v falls below its running max and AMSGrad changes the steps"),
    ]
