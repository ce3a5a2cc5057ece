"""Golden cases: the parameter layout and deterministic inputs.

Every input a golden file carries (x0, gradients, the quadratic objective's
center and scale) is rounded to a float32-representable value, so lrbench,
which works in float32, starts from exactly the reference's numbers: the
only error a correct plugin shows is its float32 arithmetic, never the
rounding of its inputs. Inputs come from numpy's PCG64 generator with a
fixed seed per case, so regenerating gives the same files.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Optional

import numpy as np


def f32(x) -> np.ndarray:
    """x rounded to the nearest float32, as float64 (exact in both)."""
    return np.asarray(x, dtype=np.float32).astype(np.float64)


@dataclass(frozen=True)
class Tensor:
    name: str
    shape: tuple
    role: str      # "weight" or "bias"
    offset: int
    size: int


class Layout:
    """The tensors of the flat parameter vector, concatenated row-major.

    A matrix is [rows, cols] (PyTorch's Linear.weight is [out, in]). Without
    an explicit layout the vector is one tensor {"x", [n], "weight"}.
    """

    def __init__(self, entries: Optional[list], n: Optional[int] = None):
        self.explicit = entries is not None
        if entries is None:
            entries = [("x", (n,), "weight")]
        self.tensors = []
        offset = 0
        for name, shape, role in entries:
            size = math.prod(shape)
            self.tensors.append(Tensor(name, tuple(shape), role, offset, size))
            offset += size
        self.n = offset

    def views(self, w: np.ndarray):
        """(tensor, view of w shaped as the tensor) for each tensor; views write through."""
        return [(t, w[t.offset:t.offset + t.size].reshape(t.shape)) for t in self.tensors]

    def slices(self):
        """(tensor, slice of the flat vector) for each tensor."""
        return [(t, slice(t.offset, t.offset + t.size)) for t in self.tensors]

    def to_json(self) -> Optional[list]:
        if not self.explicit:
            return None
        return [{"name": t.name, "shape": list(t.shape), "role": t.role} for t in self.tensors]


# The layout the golden-format-2 contract shows: a 3-4-2 MLP's two weight
# matrices (one taller than wide, one wider than tall) and two biases, 26 values.
MLP = [("layer1.weight", (4, 3), "weight"), ("layer1.bias", (4,), "bias"),
       ("layer2.weight", (2, 4), "weight"), ("layer2.bias", (2,), "bias")]


@dataclass
class Case:
    name: str
    params: dict                 # explicit parameters (absent = plugin default)
    layout: Layout
    x0: np.ndarray               # float64, float32-representable
    lr: list                     # one float per step
    grads: Optional[np.ndarray] = None        # [T, n], or None with an objective
    center: Optional[np.ndarray] = None       # quadratic objective: loss = ½ Σ scale (w - center)²
    scale: Optional[np.ndarray] = None
    note: str = ""               # what the case is for (README and printout only)

    @property
    def steps(self) -> int:
        return len(self.lr)

    def gradient(self, w: np.ndarray) -> np.ndarray:
        """The objective's gradient scale ⊙ (w − center), in w's precision."""
        return self.scale.astype(w.dtype) * (w - self.center.astype(w.dtype))

    def with_params(self, params: dict) -> "Case":
        return Case(self.name, params, self.layout, self.x0, self.lr, self.grads,
                    self.center, self.scale, self.note)


def constant_lr(value: float, steps: int) -> list:
    return [float(value)] * steps


def varying_lr(peak: float, steps: int) -> list:
    """Linear warm-up over three steps, then cosine decay towards peak/10."""
    out = []
    for t in range(steps):
        if t < 3:
            out.append(peak * (t + 1) / 3)
        else:
            frac = (t - 3) / max(1, steps - 4)
            out.append(peak * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * frac))))
    return [float(f"{v:.6g}") for v in out]


@dataclass
class GradPlan:
    """How a case's fixed gradients are drawn.

    Each coordinate i gets a magnitude a_i, log-uniform in [lo, hi], a drift
    mu_i ~ N(0, drift²) and noise; g[t, i] = a_i (mu_i + z_ti) · decay^t.
    `zero` coordinates get exactly 0 every step, `tiny` ones a magnitude of
    `tiny` (to exercise epsilon), `zero_tensors` whole tensors of zeros (a
    per-tensor norm of zero).
    """
    lo: float = 0.05
    hi: float = 5.0
    drift: float = 0.5
    decay: float = 1.0
    tiny: float = 1e-8
    zero: tuple = (-1,)
    tiny_at: tuple = (-2,)
    zero_tensors: tuple = ()
    x0_scale: float = 1.0
    zero_params: tuple = ()      # tensors whose x0 is all zeros
    zero_steps: tuple = ()       # steps (0-based) whose whole gradient is zero


def make_case(name: str, params: dict, *, seed: int, steps: int, lr: list,
              layout: Optional[list] = None, n: int = 8, plan: GradPlan = GradPlan(),
              objective: bool = False, note: str = "") -> Case:
    """A case with deterministic, float32-representable inputs."""
    lay = Layout(layout, n)
    n = lay.n
    rng = np.random.default_rng(seed)
    x0 = rng.standard_normal(n) * plan.x0_scale
    magnitude = np.exp(rng.uniform(math.log(plan.lo), math.log(plan.hi), n))
    drift = rng.standard_normal(n) * plan.drift
    noise = rng.standard_normal((steps, n))
    zero = [i % n for i in plan.zero]
    tiny = [i % n for i in plan.tiny_at]
    magnitude[tiny] = plan.tiny
    for t in lay.tensors:
        if t.name in plan.zero_params:
            x0[t.offset:t.offset + t.size] = 0.0
    assert len(lr) == steps
    if objective:
        center = rng.standard_normal(n)
        scale = np.exp(rng.uniform(math.log(0.1), math.log(10.0), n))
        scale[zero] = 0.0          # a coordinate whose gradient is always zero
        scale[tiny] = plan.tiny    # and one whose gradient is tiny
        return Case(name, params, lay, f32(x0), list(lr), center=f32(center), scale=f32(scale), note=note)
    decay = plan.decay ** np.arange(steps)[:, None]
    grads = magnitude * (drift + noise) * decay
    grads[:, zero] = 0.0
    for t in lay.tensors:
        if t.name in plan.zero_tensors:
            grads[:, t.offset:t.offset + t.size] = 0.0
    grads[list(plan.zero_steps), :] = 0.0
    return Case(name, params, lay, f32(x0), list(lr), grads=f32(grads), note=note)
