"""lookahead: optax.lookahead (reset_state false) around any lrbench optimizer.

With f the fast (training) weights, s the slow (evaluation) weights, both x0
at first, and the inner optimizer stepping f with the host's g, lr and t:
    f = inner.step(f)
    every k-th step (t = k, 2k, …):  s = s + alpha·(f − s),  f = s
The inner optimizer's state is never reset. `expected` is f, `expected_eval` s.
"""
from lib.cases import GradPlan, MLP, constant_lr, make_case, varying_lr
from lib.params import Inner, Int, Real
from lib.runner import ReferenceOptimizer

from ._ops import reference

NAME = "lookahead"
REFERENCE = reference("google-deepmind/optax", "optax/_src/lookahead.py", "2edbcbe2390da13983b92cbef94ac0460ecde1c5",
                      "lookahead(fast_optimizer=inner, sync_period=k, slow_step_size=alpha, reset_state=False); "
                      "the inner optimizer is the lrbench plugin of that name (torch.optim semantics, "
                      "see its own golden file)", "lookahead")
QUIRKS = [
    "optax merges the last fast step and the synchronisation into one update "
    "(fast += u − (1 − alpha)·(fast + u − slow)); the golden values use the equivalent two-step form "
    "(the two differ only by float64 rounding)",
    "the inner optimizer keeps its state (momentum) across synchronisations and sees the host's step t",
    "the fast weights are the training weights; the slow weights are evaluated (Zhang et al. 2019)",
]
PARAMS = [
    Int("k", 5, lo=1),
    Real("alpha", 0.5, lo=0.0, lo_open=True, hi=1.0),
    Inner("inner", {"name": "sgd", "params": {"momentum": 0.9}}),
]


class Lookahead(ReferenceOptimizer):
    def __init__(self, p, layout, dtype, registry):
        self.p = p
        self.inner = registry.make(p["inner"]["name"], p["inner"]["params"], layout, dtype)
        self.slow = None
        self.since_sync = 0

    def step(self, w, g, lr, t, grad_at=None):
        if self.slow is None:
            self.slow = w.copy()
        fast = self.inner.step(w, g, lr, t)
        if self.since_sync == self.p["k"] - 1:
            self.slow = self.slow + self.p["alpha"] * (fast - self.slow)
            fast = self.slow.copy()
        self.since_sync = (self.since_sync + 1) % self.p["k"]
        return fast

    def eval_weights(self, w):
        return self.slow


def make(p, layout, dtype, registry):
    return Lookahead(p, layout, dtype, registry)


def cases():
    return [
        make_case("defaults", {}, seed=2001, steps=12, lr=constant_lr(0.05, 12), layout=MLP,
                  note="k 5, alpha 0.5 around sgd with momentum 0.9; syncs at steps 5 and 10"),
        make_case("all_params_varying_lr",
                  {"k": 3, "alpha": 0.7,
                   "inner": {"name": "sgd", "params": {"momentum": 0.8, "dampening": 0.1, "weight_decay": 0.05}}},
                  seed=2002, steps=12, lr=varying_lr(0.05, 12), plan=GradPlan(),
                  note="every numeric parameter set, inner parameters too"),
        make_case("nesterov_inner", {"k": 4, "inner": {"name": "sgd", "params": {"momentum": 0.9, "nesterov": True}}},
                  seed=2003, steps=12, lr=constant_lr(0.05, 12), plan=GradPlan(),
                  note="a Nesterov inner optimizer (its flag can be flipped here)"),
        make_case("adamw_inner", {"k": 4, "alpha": 0.4, "inner": {"name": "adamw", "params": {"beta1": 0.8, "beta2": 0.9, "weight_decay": 0.05}}},
                  seed=2004, steps=12, lr=constant_lr(0.02, 12), layout=MLP, plan=GradPlan(tiny=1e-7, decay=0.7),
                  note="an adaptive inner optimizer (decoupled decay keeps the tiny coordinate tiny) whose moments survive the syncs"),
    ]
