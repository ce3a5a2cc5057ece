"""sgd: torch.optim.SGD (momentum, dampening, Nesterov, L2 weight decay).

Parameters and defaults: plugins/optimizers/sgd/sgd.cpp.
"""
import torch

from lib.cases import MLP, constant_lr, make_case, varying_lr
from lib.params import Flag, InvalidParams, Real

from ._torch import TORCH, TorchOptimizer

NAME = "sgd"
REFERENCE = f"{TORCH} torch.optim.SGD (float64, foreach=False)"
PARAMS = [
    Real("momentum", 0.0, lo=0.0, hi=1.0, hi_open=True),
    Real("dampening", 0.0, lo=0.0, hi=1.0),
    Flag("nesterov", False),
    Real("weight_decay", 0.0, lo=0.0),
]


def check(p):
    if p["nesterov"] and (p["momentum"] <= 0.0 or p["dampening"] != 0.0):
        raise InvalidParams("nesterov requires momentum > 0 and dampening = 0")


def make(p, layout, dtype, registry):
    return TorchOptimizer(torch.optim.SGD, dict(momentum=p["momentum"], dampening=p["dampening"],
                                                nesterov=p["nesterov"], weight_decay=p["weight_decay"]),
                          layout, dtype)


def cases():
    return [
        make_case("defaults", {}, seed=101, steps=12, lr=constant_lr(0.1, 12)),
        make_case("all_params_layout_varying_lr", {"momentum": 0.8, "dampening": 0.2, "weight_decay": 0.05},
                  seed=102, steps=12, lr=varying_lr(0.1, 12), layout=MLP),
        make_case("nesterov_weight_decay", {"momentum": 0.9, "nesterov": True, "weight_decay": 0.02},
                  seed=103, steps=12, lr=constant_lr(0.05, 12)),
    ]
