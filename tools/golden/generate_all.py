#!/usr/bin/python3
"""Regenerate every golden file that tools/golden/ produces.

    tools/golden/generate_all.py            write all files, print the checks
    tools/golden/generate_all.py adam lion  only these optimizers (and no README)
    tools/golden/generate_all.py --check    regenerate in memory; exit 1 if any
                                            committed file differs

Writes tests/data/golden/references/<optimizer>.json (golden format 2, one
file per optimizer), their README.md, and tests/data/golden/moons.json and
circles.json. Before writing an optimizer's file it derives the tolerance
from a float32 replay and proves that every parameter is detected
(lib/checks.py); a file that fails either check is not written and the
script exits with status 1.

Needs Debian's /usr/bin/python3 with python3-numpy, python3-torch (1.13) and
python3-sklearn (1.2.1); nothing else.
"""
from __future__ import annotations

import argparse
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import numpy as np  # noqa: E402

from lib import checks, coverage, golden_json  # noqa: E402
from lib import params as P  # noqa: E402
from lib.runner import OPTIMIZERS, Registry, run  # noqa: E402
import datasets  # noqa: E402
import references_readme  # noqa: E402

REPO = os.path.dirname(os.path.dirname(HERE))
GOLDEN = os.path.join(REPO, "tests", "data", "golden")
REFERENCES = os.path.join(GOLDEN, "references")


def case_json(module, case, golden) -> dict:
    out = {"name": case.name, "optimizer": module.NAME, "reference": module.REFERENCE,
           "params": P.to_json(case.params)}
    if case.layout.to_json() is not None:
        out["layout"] = case.layout.to_json()
    out["x0"] = case.x0
    out["lr"] = case.lr
    if case.grads is not None:
        out["grads"] = case.grads
    else:
        out["objective"] = {"kind": "quadratic", "center": case.center, "scale": case.scale}
    out["expected"] = golden.expected
    if golden.expected_eval is not None:
        out["expected_eval"] = golden.expected_eval
    return out


def build_optimizer(name: str, registry: Registry):
    """(file text, summary for the README, list of problems) for one optimizer."""
    module = registry.module(name)
    cases = module.cases()
    problems = [f"{name}: no case with {what}" for what in coverage.missing(module, cases)]
    names = [c.name for c in cases]
    if len(set(names)) != len(names):
        problems.append(f"{name}: duplicate case names")
    with np.errstate(all="raise"):
        goldens = [run(module, c, registry) for c in cases]
    with np.errstate(all="ignore"):
        sims = [run(module, c, registry, dtype=np.float32) for c in cases]
    deviations = [checks.float32_deviation(g, s) for g, s in zip(goldens, sims)]
    worst = max(deviations)
    tol = checks.clean_tolerance(worst)
    with np.errstate(all="raise"):
        table = checks.discrimination(module, cases, goldens, tol, registry)
    undetectable = getattr(module, "UNDETECTABLE", {})
    for row in table:
        if row.margin < checks.REQUIRED_MARGIN and row.param not in undetectable:
            problems.append(f"{name}: parameter {row.param} is not detected ({row.weakest}: "
                            f"margin {row.margin:.3g} < {checks.REQUIRED_MARGIN:g})")
    doc = {"format": 2,
           "tolerance": {"rtol": tol, "atol": tol, "derivation": checks.derivation(worst, tol)},
           "cases": [case_json(module, c, g) for c, g in zip(cases, goldens)]}
    summary = references_readme.Summary(module, cases, deviations, tol, table, undetectable)
    return golden_json.dumps(doc), summary, problems


def print_summary(s) -> None:
    print(f"== {s.module.NAME}: {len(s.cases)} cases, tolerance {s.tol:g}, "
          f"float32 deviation {max(s.deviations):.3g} ({s.tol / max(s.deviations):.1f}x below)")
    for c, d in zip(s.cases, s.deviations):
        print(f"   case {c.name:<40} float32 deviation {d:.3g}")
    for row in s.table:
        flag = "" if row.margin >= checks.REQUIRED_MARGIN else \
            ("  (undetectable: listed)" if row.param in s.undetectable else "  <-- NOT DETECTED")
        print(f"   {row.param:<28} margin {row.margin:>10.4g}  weakest {row.weakest:<28} by {row.case}{flag}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("only", nargs="*", help="optimizers to regenerate (default: all, plus datasets and README)")
    ap.add_argument("--check", action="store_true", help="compare with the committed files instead of writing")
    args = ap.parse_args()
    unknown = [n for n in args.only if n not in OPTIMIZERS]
    if unknown:
        ap.error(f"unknown optimizers {unknown}; known: {' '.join(OPTIMIZERS)}")
    everything = not args.only

    registry = Registry()
    outputs, summaries, problems = {}, [], []
    for name in args.only or OPTIMIZERS:
        text, summary, trouble = build_optimizer(name, registry)
        print_summary(summary)
        summaries.append(summary)
        problems += trouble
        outputs[os.path.join(REFERENCES, f"{name}.json")] = text
    if everything:
        outputs[os.path.join(REFERENCES, "README.md")] = references_readme.render(summaries)
        for name, doc in datasets.documents().items():
            outputs[os.path.join(GOLDEN, f"{name}.json")] = golden_json.dumps(doc)

    if problems:
        print("\nproblems (nothing written):", *problems, sep="\n  ")
        return 1
    stale = []
    for path, text in outputs.items():
        rel = os.path.relpath(path, REPO)
        if args.check:
            try:
                with open(path, encoding="utf-8") as f:
                    same = f.read() == text
            except FileNotFoundError:
                same = False
            if not same:
                stale.append(rel)
        else:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8", newline="\n") as f:
                f.write(text)
            print(f"wrote {rel} ({len(text.encode()) // 1024} KiB)")
    if stale:
        print("\nout of date (run tools/golden/generate_all.py):", *stale, sep="\n  ")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
