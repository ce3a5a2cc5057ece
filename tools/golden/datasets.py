"""Golden data for the moons and circles data kinds (issue 11).

scikit-learn's `make_moons` and `make_circles` (Debian's 1.2.1, numpy 1.24),
called with their own argument names; each case records its `params` as
given to sklearn, so `n_samples` may be sklearn's (outer, inner) pair, and
the full output X (rows) and y. Written in the style of blobs.json; a case's
`generator` says which function produced it.
"""
from __future__ import annotations

import numpy as np
import sklearn
from sklearn.datasets import make_circles, make_moons

REFERENCE = {
    "moons": f"scikit-learn {sklearn.__version__} sklearn.datasets.make_moons, numpy {np.__version__}",
    "circles": f"scikit-learn {sklearn.__version__} sklearn.datasets.make_circles, numpy {np.__version__}",
}
FUNCTION = {"moons": make_moons, "circles": make_circles}

# Each set covers: an even and an odd n_samples (an odd count splits unevenly
# between the two classes), sklearn's (outer, inner) form, noise null and
# non-null, shuffle true and false, several random_state values, and for
# circles a few factors.
CASES = {
    "moons": [
        {"n_samples": 100, "noise": None, "random_state": 0, "shuffle": True},
        {"n_samples": 101, "noise": 0.1, "random_state": 42, "shuffle": True},
        {"n_samples": 51, "noise": 0.2, "random_state": 3, "shuffle": False},
        {"n_samples": 7, "noise": None, "random_state": 0, "shuffle": False},
        {"n_samples": [30, 21], "noise": 0.05, "random_state": 7, "shuffle": True},
        {"n_samples": 1000, "noise": 0.2, "random_state": 2, "shuffle": True},
    ],
    "circles": [
        {"n_samples": 100, "noise": None, "random_state": 0, "shuffle": True, "factor": 0.8},
        {"n_samples": 101, "noise": 0.1, "random_state": 42, "shuffle": True, "factor": 0.5},
        {"n_samples": 51, "noise": 0.05, "random_state": 3, "shuffle": False, "factor": 0.3},
        {"n_samples": 7, "noise": None, "random_state": 0, "shuffle": False, "factor": 0.8},
        {"n_samples": [30, 21], "noise": 0.08, "random_state": 7, "shuffle": True, "factor": 0.6},
        {"n_samples": 1000, "noise": 0.1, "random_state": 2, "shuffle": True, "factor": 0.5},
    ],
}


def _name(generator: str, p: dict) -> str:
    n = "x".join(map(str, p["n_samples"])) if isinstance(p["n_samples"], list) else str(p["n_samples"])
    parts = [generator, f"n{n}", "noise_none" if p["noise"] is None else f"noise{p['noise']}",
             f"rs{p['random_state']}", "shuffled" if p["shuffle"] else "unshuffled"]
    if "factor" in p:
        parts.append(f"factor{p['factor']}")
    return "_".join(parts)


def _case(generator: str, p: dict) -> dict:
    kwargs = dict(p)
    if isinstance(kwargs["n_samples"], list):
        kwargs["n_samples"] = tuple(kwargs["n_samples"])
    X, y = FUNCTION[generator](**kwargs)
    return {"name": _name(generator, p), "generator": generator, "params": p,
            "reference": REFERENCE[generator], "X": X, "y": y.astype(int).tolist()}


def documents() -> dict:
    """{"moons": file, "circles": file}, each {"format": 1, "tolerance", "cases"}."""
    return {g: {"format": 1, "tolerance": {"rtol": 0, "atol": 1e-12},
                "cases": [_case(g, p) for p in cases]} for g, cases in CASES.items()}
