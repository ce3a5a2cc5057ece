"""Replaying a golden case through a reference optimizer.

Every optimizer module under tools/golden/optimizers/ provides

    NAME        the lrbench plugin name
    REFERENCE   where the rule comes from (repository, path, commit)
    PARAMS      its parameter declarations (lib/params.py)
    make(p, layout, dtype, registry) -> an object with
        step(w, g, lr, t, grad_at) -> the new training weights
        eval_weights(w) -> the evaluation weights, or None when they are w
    cases()     its golden cases (lib/cases.py)

`dtype` is float64 for the golden values and float32 for the simulation
that sizes the tolerance: the same code, with float32 arrays (numpy keeps a
float32 array float32 when a Python scalar enters, as lrbench's plugins
cast their double scalars to float).
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Optional

import numpy as np

from . import params as P
from .cases import Case

OPTIMIZERS = [
    # the ten shipped with lrbench (torch.optim 1.13, and Lion's paper)
    "sgd", "adam", "adamw", "adamax", "nadam", "radam", "adagrad", "rmsprop", "adadelta", "lion",
    # the thirteen of issue 16 (transcriptions of their authors' code)
    "adabelief", "yogi", "adan", "adopt", "lamb", "lars", "schedule_free_sgd", "schedule_free_adamw",
    "prodigy", "lookahead", "sam", "muon", "adafactor",
]


class Registry:
    """Optimizer name -> its module under tools/golden/optimizers/."""

    def __init__(self):
        self._modules = {}

    def module(self, name: str):
        if name not in OPTIMIZERS:
            raise P.InvalidParams(f"no optimizer named {name!r}")
        if name not in self._modules:
            self._modules[name] = importlib.import_module(f"optimizers.{name}")
        return self._modules[name]

    def make(self, name: str, resolved: dict, layout, dtype):
        return self.module(name).make(resolved, layout, dtype, self)

    @staticmethod
    def inner_choices() -> tuple:
        """The alternatives the check swaps a nested optimizer for."""
        return ("sgd", "adam")


class ReferenceOptimizer:
    """Base of the reference optimizers: by default the model is evaluated at
    the training weights (eval_weights returns None)."""

    def eval_weights(self, w):
        return None


@dataclass
class Trajectory:
    expected: np.ndarray                  # [T, n] training weights after each step
    expected_eval: Optional[np.ndarray]   # [T, n] evaluation weights, or None
    gradient_evals: int                   # gradient evaluations the optimizer asked for


def run(module, case: Case, registry: Registry, dtype=np.float64, params: Optional[dict] = None) -> Trajectory:
    """Step t (1-based) feeds grads[t-1] (or the objective's gradient at the
    current weights) at lr[t-1]; records the weights after each step."""
    explicit = case.params if params is None else params
    resolved = P.resolve(module, explicit, registry)
    opt = module.make(resolved, case.layout, dtype, registry)
    w = case.x0.astype(dtype)
    rows, eval_rows = [], []
    calls = 0

    def grad_at(v: np.ndarray) -> np.ndarray:
        nonlocal calls
        calls += 1
        return case.gradient(np.asarray(v, dtype=dtype))

    for t in range(1, case.steps + 1):
        if case.grads is not None:
            g = case.grads[t - 1].astype(dtype)
            at = None
        else:
            g = case.gradient(w)
            at = grad_at
        w = np.asarray(opt.step(w.copy(), g.copy(), case.lr[t - 1], t, at), dtype=dtype)
        assert w.dtype == dtype and w.shape == (case.layout.n,), (module.NAME, w.dtype, w.shape)
        rows.append(w.copy())
        e = opt.eval_weights(w)
        eval_rows.append(None if e is None else np.asarray(e, dtype=dtype).copy())
    has_eval = any(e is not None for e in eval_rows)
    expected_eval = np.array([e if e is not None else r for e, r in zip(eval_rows, rows)]) if has_eval else None
    return Trajectory(np.array(rows), expected_eval, calls)
