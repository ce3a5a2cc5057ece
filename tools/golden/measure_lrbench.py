#!/usr/bin/python3
"""Measure how far lrbench's float32 plugins are from the golden values.

    tools/golden/measure_lrbench.py [--lrbench PATH] [--mutate] FILE.json...

A check of the tolerances, never a source of expected values. For every
case that format 1 can express (fixed grads; no objective, evaluation
weights, nested optimizer, null or infinite parameter), it writes a
temporary format-1 copy without the layout (the shipped plugins are
element-wise, so the layout does not change their result) and runs
`lrbench conformance` on it, bisecting the file tolerance (rtol = atol = T)
to find the smallest T at which the case passes: the plugin's worst error
as max |got − want| / (1 + |want|), the quantity the golden tolerance
bounds. Prints each case's and each file's worst error against the file's
tolerance.

With --mutate it also replays every case with each parameter perturbed as
the generator's discrimination check does (reals x1.01 and x0.99, integers
±1, flags flipped; lib/params.py) at the file's tolerance, and lists the
perturbations that no case detects, so the check is repeated with the real
float32 plugins rather than the float32 replay of the reference.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile

DEFAULT_LRBENCH = "/work/main/build/release/bin/lrbench"
HERE = os.path.dirname(os.path.abspath(__file__))


def format1(case: dict):
    """The case as format 1, or None when format 1 cannot express it."""
    if "grads" not in case or "expected_eval" in case:
        return None
    for v in case.get("params", {}).values():
        if v is None or isinstance(v, (dict, str)):
            return None
    keep = ("name", "optimizer", "params", "reference", "x0", "lr", "grads", "expected")
    return {k: case[k] for k in keep if k in case}


def passes(lrbench: str, case: dict, tol: float, folder: str) -> bool:
    path = os.path.join(folder, "case.json")
    with open(path, "w") as f:
        json.dump({"format": 1, "tolerance": {"rtol": tol, "atol": tol}, "cases": [case]}, f)
    r = subprocess.run([lrbench, "conformance", path], capture_output=True, text=True)
    if r.returncode not in (0, 1):
        raise RuntimeError(f"lrbench conformance failed ({r.returncode}): {r.stderr.strip()}")
    return r.returncode == 0


def worst_error(lrbench: str, case: dict, folder: str) -> float:
    """The smallest T (to ~1 %) at which the case passes with rtol = atol = T."""
    lo, hi = -14.0, 0.0   # log10 bounds
    if not passes(lrbench, case, 10.0 ** hi, folder):
        return math.inf
    if passes(lrbench, case, 10.0 ** lo, folder):
        return 0.0
    while hi - lo > 0.004:
        mid = 0.5 * (lo + hi)
        if passes(lrbench, case, 10.0 ** mid, folder):
            hi = mid
        else:
            lo = mid
    return 10.0 ** hi


def undetected_mutations(lrbench: str, doc: dict, folder: str) -> list:
    """Perturbations (lib/params.py) that pass every format-1 case at the file's tolerance."""
    sys.dont_write_bytecode = True
    sys.path.insert(0, HERE)
    from lib import params as P
    from lib.runner import Registry
    registry = Registry()
    tol = doc["tolerance"]["rtol"]
    detected, seen = set(), set()
    for case in doc["cases"]:
        c = format1(case)
        if c is None:
            continue
        module = registry.module(c["optimizer"])
        for m in P.mutations(module, c.get("params", {}), registry):
            seen.add(m.label)
            if m.label in detected:
                continue
            if not passes(lrbench, dict(c, params=m.explicit), tol, folder):
                detected.add(m.label)
    return sorted(seen - detected)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lrbench", default=DEFAULT_LRBENCH)
    ap.add_argument("--mutate", action="store_true", help="also check that every perturbation is detected")
    ap.add_argument("files", nargs="+")
    args = ap.parse_args()
    status = 0
    with tempfile.TemporaryDirectory() as folder:
        for path in args.files:
            with open(path) as f:
                doc = json.load(f)
            tol = doc["tolerance"]["rtol"]
            worst, measured = 0.0, 0
            for case in doc["cases"]:
                c = format1(case)
                if c is None:
                    print(f"  skip  {case['name']} (not expressible in format 1)")
                    continue
                err = worst_error(args.lrbench, c, folder)
                measured += 1
                worst = max(worst, err)
                verdict = "ok" if err <= tol else "FAIL"
                print(f"  {verdict:<4}  {case['name']:<44} worst {err:.3g}  ({err / tol:.2f} of the tolerance)")
            if measured:
                print(f"{os.path.basename(path)}: worst {worst:.3g} against tolerance {tol:g} "
                      f"({worst / tol:.2f} of it) over {measured} cases")
                if worst > tol:
                    status = 1
            if args.mutate:
                missed = undetected_mutations(args.lrbench, doc, folder)
                print(f"{os.path.basename(path)}: " + (f"UNDETECTED {', '.join(missed)}" if missed else
                                                        "every perturbation detected"))
                if missed:
                    status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
