"""The two checks every golden file passes before it is written.

1. Tolerance from float32 arithmetic (issue 15). lrbench's plugins compute in
   float32 against float64 references. Each case is replayed with the same
   reference code in float32 (float32 inputs, state and arithmetic; scalars
   computed in double and cast, as the plugins do); the worst deviation from
   the float64 trajectory, relative to 1 + |want|, sizes the file's
   tolerance: the smallest of 1, 2, 3, 5 × 10^k at least 3× that deviation,
   used as both rtol and atol. A correct float32 plugin then sits a few times
   below the tolerance, not 100× below.

2. Discrimination. Every parameter perturbation of lib/params.py's
   `mutations` (reals ×1.01 and ×0.99, integers ±1, flags flipped, nested
   optimizers swapped or mutated) must move some expected value (training or
   evaluation weights) of some case by at least 10× the tolerance there,
   atol + rtol·|want|. The margin of a parameter is the worst, over its
   perturbations, of the best case's max |Δ| / tolerance.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from . import params as P
from .runner import run

REQUIRED_MARGIN = 10.0
SAFETY = 3.0   # tolerance / worst simulated float32 deviation, at least


def float32_deviation(golden, simulated) -> float:
    """max |f32 − f64| / (1 + |f64|) over the training (and evaluation) weights."""
    worst = 0.0
    for want, got in ((golden.expected, simulated.expected), (golden.expected_eval, simulated.expected_eval)):
        if want is None:
            continue
        err = np.abs(got.astype(np.float64) - want) / (1.0 + np.abs(want))
        if not np.all(np.isfinite(err)):
            return math.inf
        worst = max(worst, float(err.max()))
    return worst


def clean_tolerance(worst: float) -> float:
    """The smallest of 1, 2, 3, 5 × 10^k that is at least SAFETY × worst."""
    target = SAFETY * worst
    k = math.floor(math.log10(target))
    for exp in (k, k + 1):
        for mant in (1, 2, 3, 5):
            v = float(f"{mant}e{exp}")
            if v >= target:
                return v
    raise AssertionError("unreachable")


def derivation(worst: float, tol: float) -> str:
    return (f"the reference rule replayed in float32 (float32 inputs, state and arithmetic, scalars "
            f"computed in double and cast) deviates from the float64 values by at most "
            f"{worst:.2g}*(1+|want|) over all cases; rtol = atol = {tol:g}, {tol / worst:.1f}x that, "
            f"rounded up to 1, 2, 3 or 5 x 10^k")


def margin(golden, mutated, tol: float) -> float:
    """max |Δ| / (atol + rtol·|want|) over every value of the trajectory."""
    best = 0.0
    for want, got in ((golden.expected, mutated.expected), (golden.expected_eval, mutated.expected_eval)):
        if want is None:
            continue
        if got is None:
            return math.inf
        d = np.abs(got - want) / (tol + tol * np.abs(want))
        if not np.all(np.isfinite(d)):
            return math.inf
        best = max(best, float(d.max()))
    return best


@dataclass
class ParamMargin:
    param: str
    margin: float          # worst over its perturbations of the best case's margin
    weakest: str           # the perturbation that gives it
    case: str              # the case that detects that perturbation best


def discrimination(module, cases, goldens, tol: float, registry) -> list:
    """Margin of every parameter, in declaration order; a nested optimizer's as
    inner[OPTIMIZER].NAME, for the default nested optimizer and every other one a case uses."""
    per_label = {}     # label -> (param, best margin, case)
    order = []
    for case, golden in zip(cases, goldens):
        for m in P.mutations(module, case.params, registry):
            try:
                got = run(module, case, registry, params=m.explicit)
                value = margin(golden, got, tol)
            except FloatingPointError:
                value = math.inf
            if m.param not in order:
                order.append(m.param)
            old = per_label.get(m.label)
            if old is None or value > old[1]:
                per_label[m.label] = (m.param, value, case.name)
    names = _all_params(module, registry, [P.resolve(module, c.params, registry) for c in cases])
    names += [p for p in order if p not in names]
    out = []
    for name in names:
        labels = [(lab, v) for lab, v in per_label.items() if v[0] == name]
        if not labels:
            out.append(ParamMargin(name, 0.0, "never perturbed (zero or infinite in every case)", "-"))
            continue
        label, (param, value, case) = min(labels, key=lambda kv: kv[1][1])
        out.append(ParamMargin(name, value, label, case))
    return out


def _all_params(module, registry, resolved_cases, prefix=""):
    """Every parameter path: the optimizer's own, then those of each nested optimizer
    (the default one and any other a case uses)."""
    names = []
    for s in module.PARAMS:
        if not isinstance(s, P.Inner):
            names.append(prefix + s.name)
            continue
        names.append(prefix + s.name + ".name")
        used = [s.default["name"]] + [r[s.name]["name"] for r in resolved_cases]
        for inner_name in dict.fromkeys(used):
            inner = registry.module(inner_name)
            inner_cases = [r[s.name]["params"] for r in resolved_cases if r[s.name]["name"] == inner_name]
            names += _all_params(inner, registry, inner_cases, f"{prefix}{s.name}[{inner_name}].")
    return names
