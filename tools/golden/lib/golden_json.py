"""Writing golden files: stable, diff-friendly JSON.

Objects are indented one space per level (as the shipped golden files);
a list of numbers stays on one line and a list of such lists puts one row
per line, so a trajectory reads step by step. Floats are written with
Python's repr (the shortest string that reads back as the same double, at
most 17 significant digits), so the files round-trip exactly.
"""
from __future__ import annotations

import json
import math

import numpy as np


def _plain(v):
    """numpy scalars and arrays as Python values; non-finite floats refused."""
    if isinstance(v, np.ndarray):
        return [_plain(x) for x in v.tolist()]
    if isinstance(v, (np.floating, float)):
        v = float(v)
        if not math.isfinite(v):
            raise ValueError(f"non-finite number {v} cannot be written to a golden file")
        return v
    if isinstance(v, np.integer):
        return int(v)
    if isinstance(v, dict):
        return {k: _plain(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_plain(x) for x in v]
    return v


def _is_scalar(v) -> bool:
    return not isinstance(v, (list, dict))


def _emit(v, level: int) -> str:
    pad, inner = " " * level, " " * (level + 1)
    if isinstance(v, list):
        if all(_is_scalar(x) for x in v):
            return json.dumps(v)
        return "[\n" + ",\n".join(inner + _emit(x, level + 1) for x in v) + "\n" + pad + "]"
    if isinstance(v, dict):
        flat = json.dumps(v)
        if len(flat) <= 100 and all(_is_scalar(x) or isinstance(x, dict) or
                                    (isinstance(x, list) and all(map(_is_scalar, x))) for x in v.values()):
            return flat
        items = [inner + json.dumps(k) + ": " + _emit(x, level + 1) for k, x in v.items()]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    return json.dumps(v)


def dumps(doc) -> str:
    return _emit(_plain(doc), 0) + "\n"


def write(path, doc) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(dumps(doc))
