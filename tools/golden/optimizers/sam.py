"""sam: davda54/sam's SAM around any lrbench optimizer.

With w the weights, g the gradient at w (from the host) and the inner
optimizer stepping with the host's lr and t:
    T = |w| if adaptive, else 1
    e = rho·T²·g / (‖T·g‖ + 1e-12)          ‖·‖ over all tensors together
    g' = gradient_at(w + e)                  (on the same batch)
    w = inner.step(w, g')                    (from the original w)
"""
import numpy as np

from lib.cases import GradPlan, MLP, constant_lr, make_case, varying_lr
from lib.params import Flag, Inner, Real
from lib.runner import ReferenceOptimizer

from ._ops import reference, tensor_norm

NAME = "sam"
REFERENCE = reference("davda54/sam", "sam.py", "3c3afdbd71cff2462ec91c734b3d1170bd0f3707",
                      "SAM.first_step, second_step and _grad_norm; the inner optimizer is the lrbench plugin "
                      "of that name (torch.optim semantics, see its own golden file)", "sam")
QUIRKS = [
    "the gradient norm is the norm of the per-tensor norms (the whole vector's L2 norm), plus 1e-12",
    "adaptive SAM scales the norm's terms by |w| but the perturbation by w² (ASAM's T_w² g / ‖T_w g‖)",
    "the weights are restored exactly (the saved copy, not w + e − e) before the inner step",
    "two gradient evaluations per step: the host's at w and one gradient_at(w + e)",
]
PARAMS = [
    Real("rho", 0.05, lo=0.0),
    Flag("adaptive", False),
    Inner("inner", {"name": "sgd", "params": {}}),
]


class Sam(ReferenceOptimizer):
    def __init__(self, p, layout, dtype, registry):
        self.p = p
        self.layout = layout
        self.inner = registry.make(p["inner"]["name"], p["inner"]["params"], layout, dtype)

    def step(self, w, g, lr, t, grad_at=None):
        if grad_at is None:
            raise ValueError("sam needs an objective (a gradient at the perturbed point)")
        adaptive, rho = self.p["adaptive"], self.p["rho"]
        norms = []
        for spec, sl in self.layout.slices():
            norms.append(tensor_norm((np.abs(w[sl]) if adaptive else 1.0) * g[sl]))
        grad_norm = float(np.sqrt(np.sum(np.square(norms))))
        scale = rho / (grad_norm + 1e-12)
        e = ((w * w) if adaptive else 1.0) * g * scale
        g_perturbed = grad_at(w + e)
        return self.inner.step(w.copy(), g_perturbed, lr, t)


def make(p, layout, dtype, registry):
    return Sam(p, layout, dtype, registry)


def cases():
    return [
        make_case("defaults", {}, seed=2101, steps=12, lr=constant_lr(0.05, 12), layout=MLP, objective=True,
                  note="rho 0.05 around plain sgd, on a quadratic"),
        make_case("all_params_varying_lr",
                  {"rho": 0.1, "adaptive": True,
                   "inner": {"name": "sgd", "params": {"momentum": 0.8, "dampening": 0.1, "weight_decay": 0.05}}},
                  seed=2102, steps=12, lr=varying_lr(0.05, 12), objective=True,
                  note="every numeric parameter set, adaptive, inner parameters too"),
        make_case("nesterov_inner", {"rho": 0.2, "inner": {"name": "sgd", "params": {"momentum": 0.9, "nesterov": True}}},
                  seed=2103, steps=12, lr=constant_lr(0.05, 12), objective=True,
                  note="a Nesterov inner optimizer (its flag can be flipped here)"),
        make_case("adamw_inner", {"rho": 0.05, "inner": {"name": "adamw", "params": {"beta2": 0.9, "epsilon": 1e-8, "weight_decay": 0.05}}},
                  seed=2104, steps=12, lr=constant_lr(0.1, 12), layout=MLP, objective=True,
                  plan=GradPlan(tiny=1e-8), note="an adaptive inner optimizer with decoupled decay"),
    ]
