"""nadam: torch.optim.NAdam as in PyTorch 1.13 (momentum schedule, L2 decay).

Parameters and Keras-style defaults: plugins/optimizers/nadam/nadam.cpp.
"""
import torch

from lib.cases import GradPlan, MLP, constant_lr, make_case, varying_lr
from lib.params import Real

from ._torch import TORCH, TorchOptimizer

NAME = "nadam"
REFERENCE = f"{TORCH} torch.optim.NAdam (float64, foreach=False)"
QUIRKS = ["PyTorch 1.13's single-tensor NAdam multiplies mu_t into the product twice in the momentum "
          "term's denominator (1 − P_t·mu_t·mu_{t+1}; fixed after 1.13 by pytorch/pytorch#92699); "
          "the golden values are 1.13's, as the plugin is"]
PARAMS = [
    Real("beta1", 0.9, lo=0.0, hi=1.0, hi_open=True),
    Real("beta2", 0.999, lo=0.0, hi=1.0, hi_open=True),
    Real("epsilon", 1e-7, lo=0.0, lo_open=True),
    Real("momentum_decay", 0.004, lo=0.0),
    Real("weight_decay", 0.0, lo=0.0),
]


def make(p, layout, dtype, registry):
    return TorchOptimizer(torch.optim.NAdam, dict(betas=(p["beta1"], p["beta2"]), eps=p["epsilon"],
                                                  momentum_decay=p["momentum_decay"],
                                                  weight_decay=p["weight_decay"]), layout, dtype)


def cases():
    return [
        make_case("defaults", {}, seed=501, steps=12, lr=constant_lr(0.01, 12), plan=GradPlan(tiny=1e-7),
                  note="Keras-style defaults; the tiny coordinate is of epsilon's size"),
        make_case("all_params_layout_varying_lr",
                  {"beta1": 0.8, "beta2": 0.95, "epsilon": 1e-6, "momentum_decay": 0.01, "weight_decay": 0.05},
                  seed=502, steps=12, lr=varying_lr(0.05, 12), layout=MLP, plan=GradPlan(tiny=1e-6),
                  note="every numeric parameter set, non-default betas and momentum_decay"),
        make_case("fast_momentum_decay", {"beta1": 0.95, "momentum_decay": 0.1},
                  seed=503, steps=12, lr=constant_lr(0.02, 12), plan=GradPlan(tiny=1e-7),
                  note="a momentum schedule that moves within the trajectory"),
    ]
