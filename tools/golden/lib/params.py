"""Plugin parameter declarations, as lrbench declares them, for the generators.

Each optimizer module lists its parameters with the plugin's names, defaults
and ranges (issue 16's table for the thirteen new plugins, the plugins'
`ParamSpec` declarations for the ten shipped ones). The declarations serve
three purposes:

* `resolve` fills in defaults and checks ranges, so a reference always runs
  with a complete, valid set of values (a golden case lists only the values it
  sets; anything absent is the plugin's documented default);
* `to_json` writes a case's explicit values in golden format 2 (`None` ->
  null, infinities -> "inf"/"-inf", a nested optimizer as {name, params});
* `mutations` lists the perturbations the discrimination check tries: each
  real ×1.01 and ×0.99, each integer ±1, each flag flipped, each nested
  optimizer replaced by another one, recursively (issue 15, "Conformance that
  discriminates").
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Callable, Optional


class InvalidParams(ValueError):
    """A parameter set the plugin would refuse (out of range, bad combination)."""


@dataclass(frozen=True)
class Real:
    name: str
    default: Optional[float]
    lo: Optional[float] = None          # lower bound
    lo_open: bool = False               # True: lo itself is excluded
    hi: Optional[float] = None          # upper bound (may be math.inf)
    hi_open: bool = False
    # For a nullable parameter (default None = "unset"): the value the
    # reference uses when it is unset, as a function of the resolved params.
    when_null: Optional[Callable[[dict], float]] = None

    def check(self, v: Optional[float]) -> None:
        if v is None:
            if self.when_null is None:
                raise InvalidParams(f"{self.name}: null is not allowed")
            return
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            raise InvalidParams(f"{self.name}: expected a number, got {v!r}")
        if math.isnan(v):
            raise InvalidParams(f"{self.name}: NaN")
        if self.lo is not None and (v < self.lo or (self.lo_open and v == self.lo)):
            raise InvalidParams(f"{self.name}: {v} below its range")
        if self.hi is not None and (v > self.hi or (self.hi_open and v == self.hi)):
            raise InvalidParams(f"{self.name}: {v} above its range")


@dataclass(frozen=True)
class Int:
    name: str
    default: int
    lo: Optional[int] = None
    hi: Optional[int] = None

    def check(self, v: Any) -> None:
        if isinstance(v, bool) or not isinstance(v, int):
            raise InvalidParams(f"{self.name}: expected an integer, got {v!r}")
        if (self.lo is not None and v < self.lo) or (self.hi is not None and v > self.hi):
            raise InvalidParams(f"{self.name}: {v} out of range")


@dataclass(frozen=True)
class Flag:
    name: str
    default: bool

    def check(self, v: Any) -> None:
        if not isinstance(v, bool):
            raise InvalidParams(f"{self.name}: expected true or false, got {v!r}")


@dataclass(frozen=True)
class Inner:
    """A nested optimizer (parameter type `optimizer`): {"name", "params"}."""
    name: str
    default: dict = field(default_factory=dict)

    def check(self, v: Any) -> None:
        if not isinstance(v, dict) or set(v) - {"name", "params"} or "name" not in v:
            raise InvalidParams(f"{self.name}: expected {{name, params}}, got {v!r}")


def effective(spec: Real, resolved: dict) -> float:
    """The number a real parameter stands for: its value, or its null meaning."""
    v = resolved[spec.name]
    return spec.when_null(resolved) if v is None else v


def resolve(module, explicit: dict, registry) -> dict:
    """Complete `explicit` with defaults; check names, ranges and combinations.

    `module` is an optimizer module (its PARAMS, and an optional
    `check(resolved)` that raises InvalidParams for a combination the plugin
    refuses). A nested optimizer resolves recursively through `registry`
    (name -> module); the result is {"name": ..., "params": <resolved>}.
    """
    specs = module.PARAMS
    by_name = {s.name: s for s in specs}
    unknown = set(explicit) - set(by_name)
    if unknown:
        raise InvalidParams(f"unknown parameters {sorted(unknown)}")
    out = {}
    for s in specs:
        v = explicit.get(s.name, s.default)
        s.check(v)
        if isinstance(s, Inner):
            inner = registry.module(v["name"])
            v = {"name": v["name"], "params": resolve(inner, v.get("params", {}), registry)}
        out[s.name] = v
    if hasattr(module, "check"):
        module.check(out)
    return out


def to_json(v: Any) -> Any:
    """A parameter value as golden format 2 writes it."""
    if isinstance(v, float) and math.isinf(v):
        return "inf" if v > 0 else "-inf"
    if isinstance(v, dict):
        return {k: to_json(x) for k, x in v.items()}
    return v


@dataclass(frozen=True)
class Mutation:
    label: str        # e.g. "beta1 x1.01", "inner[sgd].momentum x0.99", "nesterov flipped"
    param: str        # the parameter path it perturbs, e.g. "beta1", "inner.name", "inner[sgd].momentum"
    explicit: dict    # the case's explicit params with the perturbation applied


def mutations(module, explicit: dict, registry, prefix: str = "") -> list[Mutation]:
    """Every perturbation of a case's parameters that the check must detect.

    Reals are scaled by 1.01 and 0.99 (a zero or infinite value cannot be
    scaled, so that case cannot test it: another case must set it), a null
    real is replaced by its meaning scaled the same way; integers move by ±1;
    flags flip; a nested optimizer is replaced by each other shipped
    optimizer at its defaults, and its own parameters are mutated
    recursively. Perturbations the plugin would refuse are left out.
    """
    resolved = resolve(module, explicit, registry)
    out = []

    def add(label, name, value, path=None):
        changed = dict(explicit)
        changed[name] = value
        try:
            resolve(module, changed, registry)
        except InvalidParams:
            return
        out.append(Mutation(prefix + label, prefix + (path or name), changed))

    for s in module.PARAMS:
        v = resolved[s.name]
        if isinstance(s, Real):
            x = effective(s, resolved)
            if x == 0.0 or math.isinf(x):
                continue
            add(f"{s.name} x1.01", s.name, x * 1.01)
            add(f"{s.name} x0.99", s.name, x * 0.99)
        elif isinstance(s, Int):
            add(f"{s.name} +1", s.name, v + 1)
            add(f"{s.name} -1", s.name, v - 1)
        elif isinstance(s, Flag):
            add(f"{s.name} flipped", s.name, not v)
        elif isinstance(s, Inner):
            inner_explicit = explicit.get(s.name, s.default)
            for other in registry.inner_choices():
                if other != v["name"]:
                    add(f"{s.name}.name={other}", s.name, {"name": other, "params": {}}, path=s.name + ".name")
            inner_module = registry.module(v["name"])
            for m in mutations(inner_module, inner_explicit.get("params", {}), registry,
                               prefix=f"{s.name}[{v['name']}]."):
                changed = dict(explicit)
                changed[s.name] = {"name": v["name"], "params": m.explicit}
                out.append(Mutation(prefix + m.label, prefix + m.param, changed))
    return out
