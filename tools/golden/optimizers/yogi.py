"""yogi: optax's scale_by_yogi, then scale_by_learning_rate, with L2 first.

With g the gradient, w the weights, t the step (optax's count):
    g = g + weight_decay·w                      (lrbench's addition: optax's yogi has no decay)
    m = (1 − beta1)·g + beta1·m                 m and v start at initial_accumulator
    v = v − (1 − beta2)·sign(v − g²)·g²
    w = w − lr · (m/(1 − beta1^t)) / (sqrt(v/(1 − beta2^t)) + epsilon)
"""
import numpy as np

from lib.cases import GradPlan, MLP, constant_lr, make_case, varying_lr
from lib.params import Real
from lib.runner import ReferenceOptimizer

from ._ops import reference

NAME = "yogi"
REFERENCE = reference("google-deepmind/optax", "optax/_src/transform.py",
                      "2edbcbe2390da13983b92cbef94ac0460ecde1c5",
                      "scale_by_yogi (eps_root 0) chained with scale_by_learning_rate as optax.yogi; "
                      "weight_decay·w added to the gradient first", "yogi")
QUIRKS = [
    "both moments start at initial_accumulator (not 0), and are still divided by the bias "
    "corrections 1 − beta^t",
    "sign(0) = 0: where v = g² exactly, v does not move",
    "weight decay is not optax's: lrbench adds weight_decay·w to the gradient before the Yogi transform",
]
PARAMS = [
    Real("beta1", 0.9, lo=0.0, hi=1.0, hi_open=True),
    Real("beta2", 0.999, lo=0.0, hi=1.0, hi_open=True),
    Real("epsilon", 1e-3, lo=0.0, lo_open=True),
    Real("initial_accumulator", 1e-6, lo=0.0, lo_open=True),
    Real("weight_decay", 0.0, lo=0.0),
]


class Yogi(ReferenceOptimizer):
    def __init__(self, p, n, dtype):
        self.p = p
        self.m = np.full(n, p["initial_accumulator"], dtype)
        self.v = np.full(n, p["initial_accumulator"], dtype)

    def step(self, w, g, lr, t, grad_at=None):
        p = self.p
        b1, b2, eps, wd = p["beta1"], p["beta2"], p["epsilon"], p["weight_decay"]
        if wd != 0:
            g = g + wd * w
        g2 = g * g
        self.m = (1 - b1) * g + b1 * self.m
        self.v = self.v - (1 - b2) * np.sign(self.v - g2) * g2
        m_hat = self.m / (1 - b1 ** t)
        v_hat = self.v / (1 - b2 ** t)
        u = m_hat / (np.sqrt(v_hat + 0.0) + eps)
        return w + (-lr) * u


def make(p, layout, dtype, registry):
    return Yogi(p, layout.n, dtype)


def cases():
    return [
        make_case("defaults", {}, seed=1201, steps=12, lr=constant_lr(1e-2, 12), layout=MLP,
                  plan=GradPlan(tiny=1e-7), note="defaults over the MLP layout"),
        make_case("all_params_varying_lr",
                  {"beta1": 0.8, "beta2": 0.95, "epsilon": 1e-4, "initial_accumulator": 1e-3, "weight_decay": 0.05},
                  seed=1202, steps=12, lr=varying_lr(2e-2, 12), plan=GradPlan(tiny=1e-5),
                  note="every numeric parameter set, warm-up/cosine lr"),
        make_case("falling_gradients", {"beta2": 0.9},
                  seed=1203, steps=12, lr=constant_lr(1e-2, 12), plan=GradPlan(decay=0.6, tiny=1e-4),
                  note="shrinking gradients: v falls (sign(v − g²) > 0) after rising"),
    ]
