#!/usr/bin/python3
"""Golden format 2 fixtures for the SDK 2 features, computed without lrbench.

Writes tests/data/golden/sdk2-fixtures.json: trajectories of the test
plugins in tests/sdk2/plugins/ (fixture_sam, fixture_lookahead,
fixture_clipped_sgd) and of the layer-wise example
(examples/layerwise-plugin/lnsgd.cpp), each transcribed here from the rule in
its source's header comment, in float64. The inner optimizers of SAM and
Lookahead are PyTorch 1.13's torch.optim.SGD and torch.optim.Adam in float64
(lrbench's sgd and adam follow them). Together the cases exercise every
format-2 feature: a layout with two weight matrices and two biases, a
quadratic objective with gradient_at, expected_eval, nested optimizers (with
and without their own parameters), null and "inf".

It also writes the example's own golden file,
examples/layerwise-plugin/lnsgd.conformance.json (its two lnsgd cases).

Run from anywhere:  tools/golden/sdk2_fixtures.py
"""
import json
import math
import pathlib

import numpy as np
import torch

ROOT = pathlib.Path(__file__).resolve().parents[2]
OUT = ROOT / "tests" / "data" / "golden" / "sdk2-fixtures.json"
EXAMPLE = ROOT / "examples" / "layerwise-plugin" / "lnsgd.conformance.json"

# Two dense layers, 3 -> 4 -> 2, as the MLP passes them: weights [out, in]
# row-major, then the bias.
LAYOUT = [
    {"name": "layer1.weight", "shape": [4, 3], "role": "weight"},
    {"name": "layer1.bias", "shape": [4], "role": "bias"},
    {"name": "layer2.weight", "shape": [2, 4], "role": "weight"},
    {"name": "layer2.bias", "shape": [2], "role": "bias"},
]
N = 12 + 4 + 8 + 2


def tensors():
    """(offset, size, role) of each tensor of LAYOUT, in order."""
    out, at = [], 0
    for t in LAYOUT:
        size = int(np.prod(t["shape"]))
        out.append((at, size, t["role"]))
        at += size
    return out


def inputs(seed, n, steps):
    """x0, a varying lr and fixed gradients with a zero and a tiny coordinate."""
    rng = np.random.RandomState(seed)
    x0 = rng.uniform(-1.0, 1.0, n)
    grads = rng.normal(0.0, 1.0, (steps, n))
    grads[:, n - 1] = 0.0   # a coordinate whose gradient is always zero
    grads[:, n - 2] *= 1e-6  # a tiny one: careless divisions show up there
    lr = [0.05] * (steps // 2) + [0.02] * (steps - steps // 2)
    return x0, lr, grads


def quadratic(seed, n):
    rng = np.random.RandomState(seed)
    return rng.uniform(-1.0, 1.0, n), rng.uniform(0.5, 3.0, n)


def case(name, optimizer, params, reference, x0, lr, expected, grads=None, objective=None, layout=None,
         expected_eval=None):
    c = {"name": name, "optimizer": optimizer, "params": params, "reference": reference}
    if layout is not None:
        c["layout"] = layout
    c["x0"] = list(x0)
    c["lr"] = list(lr)
    if grads is not None:
        c["grads"] = [list(g) for g in grads]
    if objective is not None:
        c["objective"] = {"kind": "quadratic", "center": list(objective[0]), "scale": list(objective[1])}
    c["expected"] = [list(w) for w in expected]
    if expected_eval is not None:
        c["expected_eval"] = [list(w) for w in expected_eval]
    return c


# --- lnsgd: per tensor, m = beta*m + (1-beta)*g; w -= lr*m/(|m|+eps) -------

def lnsgd(x0, lr, grads, beta, eps, biases_too):
    w = np.array(x0, dtype=np.float64)
    m = np.zeros_like(w)
    out = []
    for t, g in enumerate(grads):
        for at, size, role in tensors():
            s = slice(at, at + size)
            m[s] = beta * m[s] + (1.0 - beta) * g[s]
            if biases_too or role == "weight":
                w[s] -= lr[t] * m[s] / (np.linalg.norm(m[s]) + eps)
            else:
                w[s] -= lr[t] * m[s]
        out.append(w.copy())
    return out


# --- inner optimizers: torch.optim in float64 ------------------------------

def torch_inner(name, params, w):
    p = torch.nn.Parameter(torch.tensor(w, dtype=torch.float64))
    if name == "sgd":
        opt = torch.optim.SGD([p], lr=1.0, momentum=params.get("momentum", 0.0),
                              dampening=params.get("dampening", 0.0), nesterov=params.get("nesterov", False),
                              weight_decay=params.get("weight_decay", 0.0))
    else:
        opt = torch.optim.Adam([p], lr=1.0, betas=(params["beta1"], params["beta2"]), eps=params["epsilon"],
                               weight_decay=params.get("weight_decay", 0.0), amsgrad=params.get("amsgrad", False))
    return p, opt


def inner_step(p, opt, grad, lr):
    opt.param_groups[0]["lr"] = lr
    p.grad = torch.tensor(grad, dtype=torch.float64)
    opt.step()


# --- fixture_sam: e = rho*g/(|g|+1e-12), g' = grad(w+e), inner step with g' -

def sam(x0, lr, center, scale, rho, inner, inner_params):
    p, opt = torch_inner(inner, inner_params, x0)
    out = []
    for t in range(len(lr)):
        w = p.detach().numpy().copy()
        g = scale * (w - center)
        e = rho * g / (np.linalg.norm(g) + 1e-12)
        inner_step(p, opt, scale * (w + e - center), lr[t])
        out.append(p.detach().numpy().copy())
    return out


# --- fixture_lookahead: inner steps the fast weights; every k steps
# slow += alpha*(fast - slow), fast = slow; evaluate at slow -------------------

def lookahead(x0, lr, grads, k, alpha, inner, inner_params):
    p, opt = torch_inner(inner, inner_params, x0)
    slow = np.array(x0, dtype=np.float64)
    fast_out, slow_out = [], []
    for t in range(len(lr)):
        inner_step(p, opt, grads[t], lr[t])
        if (t + 1) % k == 0:
            slow = slow + alpha * (p.detach().numpy() - slow)
            with torch.no_grad():
                p.copy_(torch.tensor(slow))
        fast_out.append(p.detach().numpy().copy())
        slow_out.append(slow.copy())
    return fast_out, slow_out


# --- fixture_clipped_sgd: g^ = g*min(1, max_norm/|g|); b = mu*b + (1-d)*g^;
# w -= lr*b; dampening null = momentum ---------------------------------------

def clipped_sgd(x0, lr, grads, momentum, dampening, max_norm):
    w = np.array(x0, dtype=np.float64)
    b = np.zeros_like(w)
    d = momentum if dampening is None else dampening
    out = []
    for t, g in enumerate(grads):
        norm = np.linalg.norm(g)
        clip = min(1.0, max_norm / norm) if norm > 0 else 1.0
        b = momentum * b + (1.0 - d) * clip * g
        w = w - lr[t] * b
        out.append(w.copy())
    return out


def main():
    torch.set_default_dtype(torch.float64)
    cases = []
    transcribed = "transcribed in tools/golden/sdk2_fixtures.py (float64 numpy)"

    x0, lr, grads = inputs(1, N, 8)
    grads[:3, 24:26] = 0.0  # layer2.bias: no gradient at first, so its momentum is 0 (epsilon guards 0/0)
    cases.append(case("lnsgd_layout_all_tensors", "lnsgd", {},
                      "Cutkosky & Mehta 2020 Alg. 1 per tensor (examples/layerwise-plugin/lnsgd.cpp); " + transcribed,
                      x0, lr, lnsgd(x0, lr, grads, 0.9, 1e-8, True), grads=grads, layout=LAYOUT))
    x0, lr, grads = inputs(2, N, 8)
    cases.append(case("lnsgd_layout_weights_only", "lnsgd", {"beta": 0.5, "epsilon": 1e-6, "normalize": "weights"},
                      "as lnsgd_layout_all_tensors, biases with a plain momentum step; " + transcribed,
                      x0, lr, lnsgd(x0, lr, grads, 0.5, 1e-6, False), grads=grads, layout=LAYOUT))

    sam_ref = ("davda54/sam first_step/second_step, non-adaptive (tests/sdk2/plugins/sam.cpp), " + transcribed +
               "; inner torch {} torch.optim.{} (float64)")
    x0, lr, _ = inputs(3, 6, 8)
    center, scale = quadratic(4, 6)
    cases.append(case("sam_objective_inner_sgd_momentum", "fixture_sam",
                      {"rho": 0.1, "inner": {"name": "sgd", "params": {"momentum": 0.9}}},
                      sam_ref.format(torch.__version__, "SGD"), x0, lr,
                      sam(x0, lr, center, scale, 0.1, "sgd", {"momentum": 0.9}), objective=(center, scale)))
    x0, lr, _ = inputs(5, N, 8)
    center, scale = quadratic(6, N)
    adam = {"beta1": 0.8, "beta2": 0.99, "epsilon": 1e-8, "weight_decay": 0.01}
    cases.append(case("sam_objective_inner_adam_layout", "fixture_sam",
                      {"rho": 0.05, "inner": {"name": "adam", "params": adam}},
                      sam_ref.format(torch.__version__, "Adam"), x0, lr,
                      sam(x0, lr, center, scale, 0.05, "adam", adam), objective=(center, scale), layout=LAYOUT))

    la_ref = ("Zhang et al. 2019 Algorithm 1 (tests/sdk2/plugins/lookahead.cpp), " + transcribed +
              "; inner torch {} torch.optim.{} (float64)")
    x0, lr, grads = inputs(7, 6, 10)
    fast, slow = lookahead(x0, lr, grads, 3, 0.5, "sgd", {"momentum": 0.9})
    cases.append(case("lookahead_default_inner", "fixture_lookahead", {"k": 3},
                      la_ref.format(torch.__version__, "SGD") + "; inner and alpha at their declared defaults",
                      x0, lr, fast, grads=grads, expected_eval=slow))
    x0, lr, grads = inputs(8, N, 10)
    adam = {"beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8, "amsgrad": True}
    fast, slow = lookahead(x0, lr, grads, 2, 0.8, "adam", adam)
    cases.append(case("lookahead_inner_adam_layout", "fixture_lookahead",
                      {"k": 2, "alpha": 0.8, "inner": {"name": "adam", "params": adam}},
                      la_ref.format(torch.__version__, "Adam"), x0, lr, fast, grads=grads, layout=LAYOUT,
                      expected_eval=slow))

    clip_ref = "the rule in tests/sdk2/plugins/clipped_sgd.cpp, " + transcribed
    x0, lr, grads = inputs(9, 6, 8)
    cases.append(case("clipped_sgd_null_and_inf", "fixture_clipped_sgd", {"dampening": None, "max_norm": "inf"},
                      clip_ref + "; null dampening = momentum, max_norm inf = no clipping", x0, lr,
                      clipped_sgd(x0, lr, grads, 0.9, None, math.inf), grads=grads))
    x0, lr, grads = inputs(10, 6, 8)
    cases.append(case("clipped_sgd_clipping", "fixture_clipped_sgd",
                      {"momentum": 0.8, "dampening": 0.0, "max_norm": 0.5}, clip_ref, x0, lr,
                      clipped_sgd(x0, lr, grads, 0.8, 0.0, 0.5), grads=grads))

    doc = {
        "format": 2,
        "tolerance": {
            "rtol": 3.5e-7, "atol": 3.5e-7,
            "derivation": ("the float32 weights are rounded when x0 is stored and after each of at most 10 steps, "
                           "each time by at most u/2 = 2^-25 = 3.0e-8 of |w|; the update's own rounding is "
                           "smaller, as a step moves w by a fraction of |w|: (10 + 1) * 3.0e-8 = 3.3e-7, rounded "
                           "up; atol equals rtol because x0 lies in [-1, 1], the scale the weights keep"),
        },
        "cases": cases,
    }
    OUT.write_text(json.dumps(doc, indent=1) + "\n")
    print(f"wrote {OUT} ({len(cases)} cases)")
    example = dict(doc, cases=[c for c in cases if c["optimizer"] == "lnsgd"])
    EXAMPLE.write_text(json.dumps(example, indent=1) + "\n")
    print(f"wrote {EXAMPLE} ({len(example['cases'])} cases)")


if __name__ == "__main__":
    main()
