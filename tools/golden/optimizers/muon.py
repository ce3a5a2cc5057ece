"""muon: KellerJordan/Muon's SingleDeviceMuonWithAuxAdam, one lr, one weight_decay.

Matrices of the layout (2-D tensors, [rows, cols]) take muon_update:
    b = lerp(b, g, 1 − momentum)                          (momentum buffer)
    u = lerp(g, b, momentum) if nesterov, else b
    X = u (transposed when rows > cols);  X = X/(‖X‖_F + 1e-7)
    ns_steps times:  A = X·Xᵀ;  B = bA + (cA)·A;  X = aX + B·X
        with (a, b, c) = (3.4445, −4.7750, 2.0315)
    u = X (transposed back)·sqrt(max(1, rows/cols))
every other tensor (biases, or the whole vector without a layout) adam_update:
    m = lerp(m, g, 1 − beta1);  v = lerp(v, g², 1 − beta2)
    u = (m/(1 − beta1^t)) / (sqrt(v/(1 − beta2^t)) + epsilon)
and then each tensor:  w = w·(1 − lr·weight_decay) − lr·u.
"""
import numpy as np

from lib.cases import GradPlan, MLP, constant_lr, make_case, varying_lr
from lib.params import Flag, Int, Real
from lib.runner import ReferenceOptimizer

from ._ops import reference, torch_lerp

NAME = "muon"
REFERENCE = reference("KellerJordan/Muon", "muon.py", "857d1adc159e098212f828d927460782d3da59e9",
                      "SingleDeviceMuonWithAuxAdam: muon_update + zeropower_via_newtonschulz5 for 2-D tensors, "
                      "adam_update for the others; Newton-Schulz in float64 here (bfloat16 in the reference)",
                      "muon")
QUIRKS = [
    "Newton–Schulz runs in bfloat16 in the reference; the golden values use float64 and the plugin "
    "float32 (a documented deviation; the float32 replay sizes the tolerance)",
    "the Nesterov update is lerp(g, b, momentum) = momentum·b + (1 − momentum)·g with the buffer "
    "already updated",
    "a tensor taller than wide is transposed for the iteration and scaled by sqrt(rows/cols) after it",
    "the quintic's B is b·A + (c·A)·A, and the normalisation adds 1e-7 to the Frobenius norm",
    "one lr and one weight_decay for both kinds of tensor (decoupled: w·(1 − lr·weight_decay))",
    "the Adam part's moments are lerps (torch's lerp_) with bias correction by the tensor's step count, "
    "which equals the host's step",
]
PARAMS = [
    Real("momentum", 0.95, lo=0.0, hi=1.0, hi_open=True),
    Flag("nesterov", True),
    Int("ns_steps", 5, lo=1),
    Real("weight_decay", 0.0, lo=0.0),
    Real("beta1", 0.9, lo=0.0, hi=1.0, hi_open=True),
    Real("beta2", 0.95, lo=0.0, hi=1.0, hi_open=True),
    Real("epsilon", 1e-10, lo=0.0),
]

NS_COEFFICIENTS = (3.4445, -4.7750, 2.0315)


def newton_schulz5(g: np.ndarray, steps: int) -> np.ndarray:
    a, b, c = NS_COEFFICIENTS
    x = g
    tall = g.shape[0] > g.shape[1]
    if tall:
        x = x.T
    x = x / (np.sqrt(np.sum(x * x)) + 1e-7)
    for _ in range(steps):
        A = x @ x.T
        B = b * A + (c * A) @ A
        x = a * x + B @ x
    return x.T if tall else x


class Muon(ReferenceOptimizer):
    def __init__(self, p, layout, dtype):
        self.p = p
        self.layout = layout
        n = layout.n
        self.buf, self.m, self.v = np.zeros(n, dtype), np.zeros(n, dtype), np.zeros(n, dtype)

    def _muon_update(self, g, sl, shape):
        mu = self.p["momentum"]
        self.buf[sl] = torch_lerp(self.buf[sl], g, 1 - mu)
        u = torch_lerp(g, self.buf[sl], mu) if self.p["nesterov"] else self.buf[sl]
        x = newton_schulz5(u.reshape(shape), self.p["ns_steps"])
        x = x * max(1, shape[0] / shape[1]) ** 0.5
        return x.reshape(-1)

    def _adam_update(self, g, sl, t):
        b1, b2 = self.p["beta1"], self.p["beta2"]
        self.m[sl] = torch_lerp(self.m[sl], g, 1 - b1)
        self.v[sl] = torch_lerp(self.v[sl], g * g, 1 - b2)
        m_hat = self.m[sl] / (1 - b1 ** t)
        v_hat = self.v[sl] / (1 - b2 ** t)
        return m_hat / (np.sqrt(v_hat) + self.p["epsilon"])

    def step(self, w, g, lr, t, grad_at=None):
        out = w.copy()
        for spec, sl in self.layout.slices():
            if len(spec.shape) == 2:
                u = self._muon_update(g[sl], sl, spec.shape)
            else:
                u = self._adam_update(g[sl], sl, t)
            out[sl] = w[sl] * (1 - lr * self.p["weight_decay"])
            out[sl] = out[sl] + (-lr) * u
        return out


def make(p, layout, dtype, registry):
    return Muon(p, layout, dtype)


def cases():
    return [
        make_case("defaults", {}, seed=2201, steps=12, lr=constant_lr(0.02, 12), layout=MLP,
                  plan=GradPlan(tiny=1e-10), note="defaults over the MLP layout: two matrices, two Adam biases"),
        make_case("all_params_varying_lr",
                  {"momentum": 0.9, "nesterov": False, "ns_steps": 4, "weight_decay": 0.05,
                   "beta1": 0.8, "beta2": 0.9, "epsilon": 1e-8},
                  seed=2202, steps=12, lr=varying_lr(0.02, 12), layout=MLP, plan=GradPlan(tiny=1e-8),
                  note="every numeric parameter set, plain momentum, warm-up/cosine lr"),
        make_case("zero_gradient_matrix", {"weight_decay": 0.01}, seed=2203, steps=10, lr=constant_lr(0.02, 10),
                  layout=MLP, plan=GradPlan(tiny=1e-10, zero_tensors=("layer2.weight",)),
                  note="a matrix whose gradient is all zero (Newton–Schulz of 0 is 0)"),
    ]
