"""adagrad: torch.optim.Adagrad (lr decay, L2 decay, initial accumulator).

Parameters and Keras-style defaults: plugins/optimizers/adagrad/adagrad.cpp.
"""
import torch

from lib.cases import GradPlan, MLP, constant_lr, make_case, varying_lr
from lib.params import Real

from ._torch import TORCH, TorchOptimizer

NAME = "adagrad"
REFERENCE = f"{TORCH} torch.optim.Adagrad (float64, foreach=False)"
PARAMS = [
    Real("epsilon", 1e-7, lo=0.0, lo_open=True),
    Real("initial_accumulator", 0.1, lo=0.0),
    Real("lr_decay", 0.0, lo=0.0),
    Real("weight_decay", 0.0, lo=0.0),
]


def make(p, layout, dtype, registry):
    return TorchOptimizer(torch.optim.Adagrad, dict(eps=p["epsilon"], initial_accumulator_value=p["initial_accumulator"],
                                                    lr_decay=p["lr_decay"], weight_decay=p["weight_decay"]),
                          layout, dtype)


def cases():
    return [
        make_case("defaults", {}, seed=701, steps=12, lr=constant_lr(0.1, 12), plan=GradPlan(lo=0.01, hi=1.0),
                  note="Keras-style defaults: the accumulator starts at 0.1"),
        make_case("all_params_layout_varying_lr",
                  {"epsilon": 1e-6, "initial_accumulator": 0.02, "lr_decay": 0.05, "weight_decay": 0.05},
                  seed=702, steps=12, lr=varying_lr(0.1, 12), layout=MLP, plan=GradPlan(lo=0.01, hi=1.0),
                  note="every numeric parameter set, warm-up/cosine lr"),
        make_case("torch_defaults_tiny", {"epsilon": 1e-10, "initial_accumulator": 0.0, "lr_decay": 0.01},
                  seed=703, steps=12, lr=constant_lr(0.1, 12), plan=GradPlan(tiny=1e-10),
                  note="torch's defaults: no initial accumulator, so epsilon meets the tiny coordinate"),
    ]
