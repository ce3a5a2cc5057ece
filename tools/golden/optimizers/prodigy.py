"""prodigy: konstmish/prodigy's Prodigy (slice_p 1, no FSDP).

With g the gradient, w the weights, w0 the initial weights, lr the host's lr
(a multiplier, default 1) and k the reference's own step counter:
    beta3 = sqrt(beta2) when unset
    dlr   = d·lr·(sqrt(1 − beta2^(k+1))/(1 − beta1^(k+1)) if use_bias_correction, else 1)
    decoupled false:  g = g + weight_decay·w
    num   = beta3·num + (d/d0)·dlr·⟨g, w0 − w⟩
    m = beta1·m + d·(1 − beta1)·g,    v = beta2·v + d²·(1 − beta2)·g²
    s = beta3·s + (d/d0)·(d if safeguard_warmup else dlr)·g,    den = Σ|s|
    den = 0: stop here (weights, k and num's decay are left as they are)
    d_hat = d_coef·num/den;  d = max(d, d_hat) while d is still d0;
    d_max = max(d_max, d_hat);  d = min(d_max, d·growth_rate)
    decoupled:  w = w − weight_decay·dlr·w
    w = w − dlr·m/(sqrt(v) + d·epsilon)      (the new d here, the old one in dlr)
"""
import math

import numpy as np

from lib.cases import GradPlan, MLP, constant_lr, make_case, varying_lr
from lib.params import Flag, InvalidParams, Real
from lib.runner import ReferenceOptimizer

from ._ops import reference

NAME = "prodigy"
REFERENCE = reference("konstmish/prodigy", "prodigyopt/prodigy.py", "3efb213ee8af5a6bf76f28726398433a847b38e9",
                      "Prodigy.step with slice_p=1, fsdp_in_use=False", "prodigy")
QUIRKS = [
    "the lr is a multiplier on the adapted step d (default lr 1); the reference rejects lr ≤ 0",
    "dlr, the moments' factors and the decay use d before this step's update; the denominator's "
    "d·epsilon uses the updated d",
    "beta3 unset (null) means sqrt(beta2)",
    "when every gradient so far is zero (Σ|s| = 0) the step returns early: the weights do not move, "
    "the step counter k does not advance (it shifts the bias correction of later steps) and the decay "
    "of the numerator is lost; m, v and s were already updated",
    "while d still equals d0 it jumps to max(d0, d_hat) before the growth limit applies",
    "the numerator and Σ|s| are sums over tensors of per-tensor float reductions (`.item()`)",
]
PARAMS = [
    Real("beta1", 0.9, lo=0.0, hi=1.0, hi_open=True),
    Real("beta2", 0.999, lo=0.0, hi=1.0, hi_open=True),
    Real("beta3", None, lo=0.0, hi=1.0, hi_open=True, when_null=lambda p: math.sqrt(p["beta2"])),
    Real("epsilon", 1e-8, lo=0.0, lo_open=True),
    Real("weight_decay", 0.0, lo=0.0),
    Flag("decoupled", True),
    Flag("use_bias_correction", False),
    Flag("safeguard_warmup", False),
    Real("d0", 1e-6, lo=0.0, lo_open=True),
    Real("d_coef", 1.0, lo=0.0, lo_open=True),
    Real("growth_rate", math.inf, lo=1.0),
]


def check(p):
    if p["growth_rate"] < 1.0:
        raise InvalidParams("growth_rate must be >= 1")


class Prodigy(ReferenceOptimizer):
    def __init__(self, p, layout, dtype):
        self.p = p
        self.layout = layout
        n = layout.n
        self.m, self.v, self.s = np.zeros(n, dtype), np.zeros(n, dtype), np.zeros(n, dtype)
        self.w0 = None
        self.d = self.d_max = p["d0"]
        self.numerator = 0.0
        self.k = 0

    def step(self, w, g, lr, t, grad_at=None):
        p = self.p
        if lr <= 0.0:
            raise ValueError("prodigy: the reference needs lr > 0")
        b1, b2, eps, wd, d0 = p["beta1"], p["beta2"], p["epsilon"], p["weight_decay"], p["d0"]
        b3 = math.sqrt(b2) if p["beta3"] is None else p["beta3"]
        if self.w0 is None:
            self.w0 = w.copy()
        k, d = self.k, self.d
        bias_correction = ((1 - b2 ** (k + 1)) ** 0.5) / (1 - b1 ** (k + 1)) if p["use_bias_correction"] else 1
        dlr = d * lr * bias_correction
        numerator = self.numerator * b3
        delta, denominator = 0.0, 0.0
        if wd != 0 and not p["decoupled"]:
            g = g + wd * w
        for spec, sl in self.layout.slices():
            delta += (d / d0) * dlr * float(np.dot(g[sl], self.w0[sl] - w[sl]))
            if b1 > 0:
                self.m[sl] = self.m[sl] * b1 + (d * (1 - b1)) * g[sl]
            self.v[sl] = self.v[sl] * b2 + (d * d * (1 - b2)) * (g[sl] * g[sl])
            alpha = (d / d0) * d if p["safeguard_warmup"] else (d / d0) * dlr
            self.s[sl] = self.s[sl] * b3 + alpha * g[sl]
            denominator += float(np.sum(np.abs(self.s[sl])))
        if denominator == 0:
            return w
        numerator = numerator + delta
        d_hat = p["d_coef"] * numerator / denominator
        if d == d0:
            d = max(d, d_hat)
        self.d_max = max(self.d_max, d_hat)
        d = min(self.d_max, d * p["growth_rate"])
        self.numerator, self.d = numerator, d
        denom = np.sqrt(self.v) + d * eps
        if wd != 0 and p["decoupled"]:
            w = w + (-wd * dlr) * w
        if b1 > 0:
            w = w + (-dlr) * (self.m / denom)
        else:
            w = w + (-dlr * d) * (g / denom)
        self.k = k + 1
        return w


def make(p, layout, dtype, registry):
    return Prodigy(p, layout, dtype)


def cases():
    # A quadratic objective, so the distance estimate d settles instead of growing without bound
    # (with fixed gradients ⟨g, w0 − w⟩ grows forever), and small initial weights, so that w − w0,
    # from which d is estimated, is not lost in float32 rounding of w in the first steps.
    small = GradPlan(x0_scale=0.01)
    return [
        make_case("defaults", {}, seed=1901, steps=14, lr=constant_lr(1.0, 14), layout=MLP,
                  plan=GradPlan(x0_scale=0.0), objective=True,
                  note="defaults over the MLP layout on a quadratic from x0 = 0 (the reference's all-zero "
                       "p0 branch); d0 1e-6, so d grows from tiny"),
        make_case("all_params_varying_lr",
                  {"beta1": 0.8, "beta2": 0.99, "beta3": 0.9, "epsilon": 1e-6, "weight_decay": 0.05, "d0": 1e-3,
                   "d_coef": 0.8, "growth_rate": 1.5},
                  seed=1902, steps=12, lr=varying_lr(1.0, 12), plan=GradPlan(x0_scale=0.01, tiny=1e-6),
                  objective=True, note="every numeric parameter set, growth limited, lr as a varying multiplier"),
        make_case("beta3_unset_large_d0", {"beta3": None, "d0": 1e-2, "weight_decay": 0.02},
                  seed=1903, steps=12, lr=constant_lr(1.0, 12), layout=MLP, plan=small, objective=True,
                  note="beta3 null means sqrt(beta2); decoupled decay; d0 large enough for epsilon to show "
                       "at the tiny coordinate"),
        make_case("bias_correction_safeguard_zero_first_gradient",
                  {"use_bias_correction": True, "safeguard_warmup": True, "d0": 1e-2, "beta1": 0.0},
                  seed=1904, steps=12, lr=constant_lr(1.0, 12),
                  plan=GradPlan(drift=2.0, lo=0.1, hi=2.0, x0_scale=0.01, zero_steps=(0,)),
                  note="bias correction and safeguard warm-up; beta1 0 (no first moment); the first "
                       "gradient is all zero, so step 1 returns early and k lags the host's step"),
    ]
