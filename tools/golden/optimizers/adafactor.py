"""adafactor: torch.optim.Adafactor (PyTorch 2.5+, torch/optim/_adafactor.py), single-tensor path.

With g the gradient, w the weights and t the step, per tensor W of the layout:
    beta_t' = t^beta2_decay                          (1 − beta2 at step t)
    rho = min(lr, 1/sqrt(t))
    alpha = max(epsilon2, ‖w_W‖/sqrt(size)) · rho     (before the decay)
    w = w·(1 − lr·weight_decay)
    matrix [rows, cols]:  R = lerp(R, mean_cols(g²), beta_t'),  C = lerp(C, mean_rows(g²), beta_t')
                          V = R·C / max(mean(R), epsilon1)
    vector:               V = lerp(V, g², beta_t')
    u = g / sqrt(max(V, epsilon1²))
    w = w − alpha / max(1, RMS(u)/clip_threshold) · u
"""

import numpy as np

from lib.cases import GradPlan, MLP, constant_lr, make_case, varying_lr
from lib.params import Real
from lib.runner import ReferenceOptimizer

from ._ops import reference, tensor_norm, torch_lerp

NAME = "adafactor"
FLOAT32_EPS = float(np.finfo(np.float32).eps)
REFERENCE = reference("pytorch/pytorch", "torch/optim/_adafactor.py", "051d6a09bb159a48ac11006c454c0c979511d0f3",
                      "_single_tensor_adafactor, maximize False; epsilon1 unset = float32's machine epsilon "
                      "(the reference takes the parameter dtype's, and lrbench's parameters are float32)",
                      "adafactor")
QUIRKS = [
    "lr caps the relative step size: rho = min(lr, 1/sqrt(t)); weight decay is w·(1 − lr·weight_decay)",
    "alpha uses the RMS of w before the weight decay",
    "epsilon1 unset means the parameter type's machine epsilon: float32's 2^-23 for lrbench",
    "the row-factor mean is clamped below by epsilon1 (not epsilon1²); the variance estimate by epsilon1²",
    "the second-moment EMAs are torch lerps with weight t^beta2_decay (1 at t = 1: the first step "
    "takes g² as it is)",
    "factored (row and column means of g²) for 2-D tensors, unfactored for vectors",
]
PARAMS = [
    Real("beta2_decay", -0.8, hi=0.0),
    Real("epsilon1", None, lo=0.0, when_null=lambda p: FLOAT32_EPS),
    Real("epsilon2", 1e-3, lo=0.0),
    Real("clip_threshold", 1.0, lo=1.0),
    Real("weight_decay", 0.0, lo=0.0),
]


class Adafactor(ReferenceOptimizer):
    def __init__(self, p, layout, dtype):
        self.p = p
        self.layout = layout
        self.state = {}
        for spec in layout.tensors:
            if len(spec.shape) == 2:
                rows, cols = spec.shape
                self.state[spec.name] = (np.zeros((rows, 1), dtype), np.zeros((1, cols), dtype))
            else:
                self.state[spec.name] = np.zeros(spec.shape, dtype)

    def step(self, w, g, lr, t, grad_at=None):
        p = self.p
        eps1 = FLOAT32_EPS if p["epsilon1"] is None else p["epsilon1"]
        out = w.copy()
        for spec, sl in self.layout.slices():
            grad = g[sl].reshape(spec.shape)
            param = w[sl].reshape(spec.shape)
            one_minus_beta2_t = float(t) ** p["beta2_decay"]
            rho = min(lr, 1 / (float(t) ** 0.5))
            alpha = max(p["epsilon2"], tensor_norm(param) / (spec.size ** 0.5)) * rho
            if p["weight_decay"] != 0:
                param = param * (1 - lr * p["weight_decay"])
            if len(spec.shape) == 2:
                row_var, col_var = self.state[spec.name]
                rows, cols = spec.shape
                row_mean = np.square(np.sqrt(np.sum(grad * grad, axis=-1, keepdims=True))) / cols
                row_var = torch_lerp(row_var, row_mean, one_minus_beta2_t)
                col_mean = np.square(np.sqrt(np.sum(grad * grad, axis=-2, keepdims=True))) / rows
                col_var = torch_lerp(col_var, col_mean, one_minus_beta2_t)
                self.state[spec.name] = (row_var, col_var)
                var_estimate = row_var @ col_var
                var_estimate = var_estimate / np.maximum(np.mean(row_var, axis=-2, keepdims=True), eps1)
            else:
                variance = torch_lerp(self.state[spec.name], grad * grad, one_minus_beta2_t)
                self.state[spec.name] = variance
                var_estimate = variance.copy()
            update = 1.0 / np.sqrt(np.maximum(var_estimate, eps1 * eps1))
            update = update * grad
            denom = max(1.0, tensor_norm(update) / ((spec.size ** 0.5) * p["clip_threshold"]))
            out[sl] = (param + (-alpha / denom) * update).reshape(-1)
        return out


def make(p, layout, dtype, registry):
    return Adafactor(p, layout, dtype)


def cases():
    return [
        make_case("defaults", {}, seed=2301, steps=12, lr=constant_lr(0.01, 12), layout=MLP,
                  plan=GradPlan(tiny=1e-7), note="defaults over the MLP layout: factored matrices, plain biases"),
        make_case("all_params_varying_lr",
                  {"beta2_decay": -0.6, "epsilon1": 1e-6, "epsilon2": 0.05, "clip_threshold": 1.5, "weight_decay": 0.1},
                  seed=2302, steps=12, lr=varying_lr(0.5, 12), layout=MLP, plan=GradPlan(tiny=1e-7, x0_scale=0.02),
                  note="every numeric parameter set; lr above 1/sqrt(t) from step 4, small weights so "
                       "epsilon2 binds"),
    ]
