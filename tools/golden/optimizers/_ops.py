"""Small pieces the transcriptions share: torch's lerp, the reference string."""
from __future__ import annotations

import numpy as np


def torch_lerp(start, end, weight: float):
    """torch.lerp(start, end, weight) with a scalar weight, in torch's CPU order:
    start + weight·(end − start) when weight < 0.5, else end − (end − start)·(1 − weight).
    The two forms agree in exact arithmetic; following torch's choice keeps the
    float32 replay in the reference's operation order."""
    if abs(weight) < 0.5:
        return start + weight * (end - start)
    return end - (end - start) * (1.0 - weight)


def reference(repo: str, path: str, commit: str, what: str, module: str) -> str:
    """The `reference` field of a transcribed optimizer's cases."""
    return (f"{repo} {path} @ {commit}, {what}; transcribed in tools/golden/optimizers/{module}.py "
            f"(float64 numpy)")


def tensor_norm(x: np.ndarray) -> float:
    """The L2 (Frobenius) norm of one tensor, as a Python float."""
    return float(np.sqrt(np.sum(x * x)))
