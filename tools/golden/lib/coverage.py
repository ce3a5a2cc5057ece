"""What every optimizer's golden cases must contain (issues 15 and 16).

* a case at the plugin's defaults (no parameters given);
* a case with every numeric parameter of the optimizer non-default at once;
* a case whose lr varies from step to step;
* a case with a layout of at least two weight matrices and two biases;
* a coordinate whose gradient is zero at every step, and one whose gradient
  is tiny (0 < |g| <= 1e-6) at every step (for an objective: scale 0 and a
  tiny scale).
"""
from __future__ import annotations

import numpy as np

from . import params as P


def _all_numeric_set(module, case) -> bool:
    for s in module.PARAMS:
        if isinstance(s, (P.Real, P.Int)):
            v = case.params.get(s.name, s.default)
            if v is None or v == s.default:
                return False
    return True


def _has_zero_and_tiny(case) -> bool:
    if case.grads is not None:
        mags = np.abs(case.grads)
        zero = np.all(mags == 0.0, axis=0)
        tiny = np.all((mags > 0.0) & (mags <= 1e-6), axis=0)
    else:
        zero = case.scale == 0.0
        tiny = (case.scale > 0.0) & (case.scale <= 1e-6)
    return bool(zero.any() and tiny.any())


def _rich_layout(case) -> bool:
    roles = [(len(t.shape), t.role) for t in case.layout.tensors]
    return roles.count((2, "weight")) >= 2 and roles.count((1, "bias")) >= 2


def missing(module, cases) -> list:
    """The requirements no case meets (empty when all are met)."""
    wants = {
        "a case at the defaults": lambda c: not c.params,
        "every numeric parameter non-default at once": lambda c: _all_numeric_set(module, c),
        "a varying lr": lambda c: len(set(c.lr)) > 1,
        "a layout with two weight matrices and two biases": _rich_layout,
        "a zero and a tiny gradient coordinate": _has_zero_and_tiny,
    }
    return [what for what, ok in wants.items() if not any(ok(c) for c in cases)]
