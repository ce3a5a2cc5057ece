#!/usr/bin/python3
"""Golden values for lrbench's statistics module (framework/src/stats/).

    tools/golden/stats/generate.py          write tests/data/golden/stats.json
    tools/golden/stats/generate.py --check  exit 1 if the committed file differs

Every expected value comes from numpy 1.24 / scipy 1.10 (Debian's
/usr/bin/python3) or from a direct restatement of the published formula in
numpy, never from lrbench:

- descriptive: numpy's nanmean, nanstd(ddof=1), nanmedian, nanquantile
  (method="linear"); the lower median as sorted[(n - 1) // 2];
- mann_whitney: scipy.stats.mannwhitneyu(alternative="two-sided"), with
  method="exact" when lrbench uses the exact distribution (no ties, at most 25
  values a side) and method="asymptotic", use_continuity=True otherwise;
- holm: Holm's step-down rule run as a loop (rejections) and R's p.adjust
  formula pmin(1, cummax((m - i + 1) p_(i))) (adjusted values);
- bootstrap: the percentile interval by np.quantile over resample means,
  from the same resample indices as lrbench (xoshiro.py restates the
  stream), each resample summed in the order drawn;
- expected_best: Dodge et al. 2019's expected maximum with replacement,
  P(max = v_(i)) = (i/n)^k - ((i-1)/n)^k, in numpy;
- performance_profile: Dolan-More ratios and rho on a grid in numpy; the
  score by integrating the step function piece by piece between its sorted
  breakpoints (a different route from lrbench's closed form);
- lr_range: the smoothed loss with bias correction (beta ** (t + 1)), the
  divergence stop, np.gradient against np.log10(lr), argmin in the window.

Special floats are written as the strings "nan", "inf", "-inf" (JSON has
none). Inputs come from fixed seeds, so two runs give byte-identical files.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import sys

import numpy as np
import scipy
import scipy.stats

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from xoshiro import bootstrap_stream  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
OUT = os.path.join(REPO, "tests", "data", "golden", "stats.json")
EXACT_LIMIT = 25  # lrbench's kExactLimit (stats/mann_whitney.hpp)


def num(x):
    """A float for JSON: special values as strings."""
    x = float(x)
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return x


def nums(xs):
    return [num(x) for x in xs]


def sequential_mean(values) -> float:
    total = 0.0
    for v in values:
        total += float(v)
    return total / len(values)


# ---- descriptive -----------------------------------------------------------

QS = [0.0, 0.025, 0.1, 0.25, 0.5, 0.75, 0.9, 0.975, 1.0]


def descriptive_cases():
    rng = np.random.RandomState(12)
    samples = {
        "one value": [0.75],
        "two values": [3.0, -1.0],
        "odd with ties": [0.9, 0.8, 0.9, 0.85, 0.8, 0.95, 0.9],
        "even accuracies": list(np.round(rng.uniform(0.8, 0.95, 10), 4)),
        "with missing": [2.0, float("nan"), 5.0, 1.0, float("nan"), 4.0],
        "epochs with never": [12.0, 7.0, float("inf"), 9.0, float("inf")],
        "normal 25": list(rng.normal(10.0, 3.0, 25)),
        # At q = 0.975 numpy's _lerp takes its g >= 1/2 branch, whose bits
        # differ from a + g*(b - a) here.
        "upper lerp branch": list(np.random.RandomState(0).uniform(0, 1, 5)),
    }
    out = []
    for name, values in samples.items():
        a = np.array(values, dtype=float)
        finite_only = not np.isinf(a).any()
        kept = np.sort(a[~np.isnan(a)])
        with np.errstate(invalid="ignore"):  # inf - inf in the std of "never" epochs: NaN, as expected
            std = np.nanstd(a, ddof=1) if len(kept) > 1 else 0.0
        case = {"name": name, "values": nums(values),
                "mean": num(np.nanmean(a)),
                "std": num(std),
                "median": num(np.nanmedian(a)),
                "lower_median": num(kept[(len(kept) - 1) // 2])}
        if finite_only:  # numpy interpolates infinities into NaN; lrbench's rule differs there
            case["quantiles"] = {"q": QS, "value": nums(np.nanquantile(a, QS))}
        out.append(case)
    return out


# ---- Mann-Whitney U ------------------------------------------------------------

def mann_whitney_cases():
    rng = np.random.RandomState(3)
    pairs = {
        "exact 5 vs 5 overlapping": (rng.normal(0, 1, 5), rng.normal(0.5, 1, 5)),
        "exact 10 vs 10 shifted": (rng.normal(0, 1, 10), rng.normal(1.5, 1, 10)),
        "exact 3 vs 8": (rng.normal(0, 1, 3), rng.normal(0, 1, 8)),
        "exact 25 vs 25": (rng.normal(0, 1, 25), rng.normal(0.4, 1, 25)),
        "asymptotic 30 vs 30": (rng.normal(0, 1, 30), rng.normal(0.6, 1, 30)),
        "ties accuracies 10 vs 10": (np.round(rng.uniform(0.85, 0.9, 10), 2), np.round(rng.uniform(0.86, 0.91, 10), 2)),
        "ties far apart 8 vs 8": (np.array([1, 1, 2, 2, 2, 3, 3, 3.0]), np.array([5, 5, 6, 6, 7, 7, 7, 8.0])),
    }
    out = []
    for name, (a, b) in pairs.items():
        ties = len(np.unique(np.concatenate([a, b]))) < len(a) + len(b)
        exact = not ties and len(a) <= EXACT_LIMIT and len(b) <= EXACT_LIMIT
        r = scipy.stats.mannwhitneyu(a, b, alternative="two-sided",
                                     method="exact" if exact else "asymptotic", use_continuity=True)
        out.append({"name": name, "a": nums(a), "b": nums(b), "exact": exact,
                    "u1": num(r.statistic), "p": num(r.pvalue)})
    return out


# ---- Holm ------------------------------------------------------------------------

def holm_reference(p, alpha):
    p = np.asarray(p, dtype=float)
    m = len(p)
    order = np.argsort(p, kind="stable")
    # Step-down: reject while p_(i) <= alpha / (m - i + 1), 1-based i.
    rejected = np.zeros(m, dtype=bool)
    for i, index in enumerate(order):
        if p[index] <= alpha / (m - i):
            rejected[index] = True
        else:
            break
    adjusted_sorted = np.minimum(1.0, np.maximum.accumulate((m - np.arange(m)) * p[order]))
    adjusted = np.empty(m)
    adjusted[order] = adjusted_sorted
    return adjusted, rejected


def holm_cases():
    rng = np.random.RandomState(5)
    sets = {
        "four by hand": ([0.01, 0.04, 0.03, 0.005], 0.05),
        "ties": ([0.02, 0.01, 0.02, 0.5, 0.01], 0.05),
        "capped at one": ([0.6, 0.3, 0.9], 0.05),
        "forty-five pairs": (list(np.sort(rng.uniform(0, 0.002, 10)).tolist() + rng.uniform(0, 0.2, 35).tolist()), 0.05),
        "alpha 0.1": ([0.03, 0.02, 0.04, 0.2], 0.1),
    }
    out = []
    for name, (p, alpha) in sets.items():
        adjusted, rejected = holm_reference(p, alpha)
        out.append({"name": name, "p": nums(p), "alpha": alpha, "adjusted": nums(adjusted),
                    "rejected": [bool(x) for x in rejected]})
    return out


# ---- bootstrap -------------------------------------------------------------------

def bootstrap_case(name, a, b, resamples, level, seed, keep_distribution):
    stream = bootstrap_stream(seed)
    first_indices = []
    distribution = []
    for _ in range(resamples):
        idx_a = [stream.bounded(len(a)) for _ in range(len(a))]
        theta = sequential_mean([a[j] for j in idx_a])
        if len(first_indices) < 24:
            first_indices.extend(idx_a)
        if b is not None:
            idx_b = [stream.bounded(len(b)) for _ in range(len(b))]
            theta -= sequential_mean([b[j] for j in idx_b])
        distribution.append(theta)
    alpha = 1.0 - level
    lower, upper = np.quantile(np.array(distribution), [alpha / 2.0, 1.0 - alpha / 2.0])
    estimate = sequential_mean(a) - (sequential_mean(b) if b is not None else 0.0)
    case = {"name": name, "a": nums(a), "resamples": resamples, "level": level, "seed": seed,
            "first_indices": first_indices[:24], "estimate": num(estimate),
            "lower": num(lower), "upper": num(upper)}
    if b is not None:
        case["b"] = nums(b)
    if keep_distribution:
        case["distribution"] = nums(distribution)
    return case


def bootstrap_cases():
    rng = np.random.RandomState(9)
    acc_a = list(np.round(rng.uniform(0.85, 0.93, 10), 4))
    acc_b = list(np.round(rng.uniform(0.84, 0.91, 10), 4))
    return [
        bootstrap_case("mean of 10 accuracies", acc_a, None, 10000, 0.95, 0, False),
        bootstrap_case("difference of 10 and 10", acc_a, acc_b, 10000, 0.95, 7, False),
        bootstrap_case("mean of 5, whole distribution", [3.0, 1.0, 4.0, 1.5, 9.0], None, 200, 0.9, 42, True),
        bootstrap_case("difference of 3 and 6", [1.0, 2.0, 4.0], [0.5, 0.25, 3.0, 1.0, 2.0, 0.0], 1000, 0.8, 3, False),
    ]


# ---- expected best of k ----------------------------------------------------------

def expected_best(scores, max_trials, higher_is_better):
    sign = 1.0 if higher_is_better else -1.0
    v = np.sort(sign * np.asarray(scores, dtype=float))
    n = len(v)
    i = np.arange(1, n + 1)
    means, variances = [], []
    for k in range(1, max_trials + 1):
        pdf = (i / n) ** k - ((i - 1) / n) ** k
        e = np.sum(pdf * v)
        means.append(sign * e)
        variances.append(np.sum(pdf * (v - e) ** 2))
    return means, variances


def expected_best_cases():
    rng = np.random.RandomState(21)
    sets = [
        ("three by hand", [0.6, 0.9, 0.7], 4, True),
        ("twenty trials", list(np.round(rng.uniform(0.3, 0.95, 20), 3)), 30, True),
        ("ties", [0.5, 0.8, 0.8, 0.5, 0.8], 6, True),
        ("losses, lower is better", [2.3, 0.4, 0.9, 1.1, 0.45, 3.0], 8, False),
    ]
    out = []
    for name, scores, max_trials, higher in sets:
        means, variances = expected_best(scores, max_trials, higher)
        out.append({"name": name, "scores": nums(scores), "max_trials": max_trials,
                    "higher_is_better": higher, "mean": nums(means), "variance": nums(variances)})
    return out


# ---- performance profiles ------------------------------------------------------

def exact_area(ratios, tau_max):
    """The integral of rho over [1, tau_max], walking the step function."""
    finite = sorted(r for r in ratios if math.isfinite(r) and r < tau_max)
    area, level, left = 0.0, 0.0, 1.0
    for r in finite:  # rho is `level` on [left, r), then one more problem is in
        area += level * (r - left)
        level += 1.0 / len(ratios)
        left = r
    area += level * (tau_max - left)
    return area / (tau_max - 1.0)


def performance_profile_cases():
    inf = float("inf")
    tables = {
        # 3 solvers x 4 problems; problem 3 unsolved by everyone.
        "three solvers, one problem unsolved": [[10, 20, inf, 7], [5, 20, inf, 28], [15, inf, inf, 14]],
        "one solver": [[3, inf, 5]],
        "wide ratios": [[1, 2, 3, 4, 5], [5, 4, 3, 2, 1], [2.5, 1.5, 9, 12, 1]],
    }
    taus = [1.0, 1.25, 1.5, 2.0, 3.0, 4.0, 10.0]
    out = []
    for name, costs in tables.items():
        c = np.array(costs, dtype=float)
        best = c.min(axis=0)
        kept = [p for p in range(c.shape[1]) if math.isfinite(best[p])]
        dropped = [p for p in range(c.shape[1]) if not math.isfinite(best[p])]
        ratios = c[:, kept] / best[kept]
        rho = [[float(np.sum(ratios[s] <= t)) / len(kept) for t in taus] for s in range(c.shape[0])]
        scores = [exact_area(list(ratios[s]), 4.0) for s in range(c.shape[0])]
        out.append({"name": name, "costs": [nums(row) for row in costs], "kept": kept, "dropped": dropped,
                    "ratios": [nums(row) for row in ratios], "taus": taus, "rho": rho, "score": nums(scores)})
    return out


# ---- LR range test ---------------------------------------------------------------

def lr_range(lrs, losses, beta, factor, skip_begin, skip_end):
    avg, best, smoothed, diverged = 0.0, math.inf, [], False
    for t, loss in enumerate(losses):
        if not math.isfinite(loss):
            diverged = True
            break
        avg = beta * avg + (1 - beta) * loss
        s = avg / (1 - beta ** (t + 1))
        if not math.isfinite(s) or (t > 0 and best > 0 and s > factor * best):
            diverged = True
            break
        best = min(best, s)
        smoothed.append(s)
    kept = len(smoothed)
    result = {"kept": kept, "diverged": diverged, "smoothed": nums(smoothed)}
    if kept >= 2:
        slope = np.gradient(np.array(smoothed), np.log10(np.array(lrs[:kept])))
        result["slope"] = nums(slope)
    else:
        slope = None
    result["lr_at_minimum"] = lrs[int(np.argmin(smoothed))] if kept else "nan"
    if slope is None or skip_begin + skip_end >= kept:
        result["status"] = "too few points"
        return result
    window = slope[skip_begin:kept - skip_end]
    steepest = skip_begin + int(np.argmin(window))
    if slope[steepest] < 0:
        result["status"] = "suggested"
        result["suggestion_index"] = steepest
        result["suggested_lr"] = lrs[steepest]
    else:
        result["status"] = "no descent"
    return result


def lr_range_cases():
    rng = np.random.RandomState(17)
    steps = 100
    ramp = [1e-5 * 10.0 ** (6.0 * t / (steps - 1)) for t in range(steps)]  # 1e-5 ... 10
    u = np.log10(ramp)
    # A classic shape: a plateau, a descent centred at lr = 10^-2.5, a rise past lr = 1.
    classic = 2.3 - 1.6 / (1 + np.exp(-3.0 * (u + 2.5))) + np.exp(2.5 * u) + rng.normal(0, 0.03, steps)
    rising = 1.0 + 0.01 * np.arange(steps) + rng.normal(0, 0.001, steps)
    early = np.concatenate([[1.0, 0.9, 0.8, 0.9, 50.0], np.ones(steps - 5)])
    irregular = sorted(rng.uniform(-5, 0, 60))
    irregular_lrs = [10.0 ** x for x in irregular]
    irregular_loss = 1.5 - 1.0 / (1 + np.exp(-4.0 * (np.array(irregular) + 2.0))) + rng.normal(0, 0.01, 60)
    with_nan = classic.copy()
    with_nan[70] = np.nan
    cases = [
        ("classic", ramp, classic, 0.98, 4.0, 10, 1),
        ("classic, no smoothing", ramp, classic, 0.0, 4.0, 10, 1),
        ("rising: no descent", ramp, rising, 0.98, 4.0, 10, 1),
        ("diverges at step 4: too few points", ramp, early, 0.0, 4.0, 10, 1),
        ("irregular ramp", irregular_lrs, irregular_loss, 0.9, 4.0, 5, 2),
        ("NaN loss ends the curve", ramp, with_nan, 0.98, 4.0, 10, 1),
    ]
    out = []
    for name, lrs, losses, beta, factor, skip_begin, skip_end in cases:
        losses = [float(x) for x in losses]
        expected = lr_range(lrs, losses, beta, factor, skip_begin, skip_end)
        out.append({"name": name, "lrs": nums(lrs), "losses": nums(losses), "beta": beta,
                    "divergence_factor": factor, "skip_begin": skip_begin, "skip_end": skip_end,
                    "expected": expected})
    return out


def build() -> str:
    doc = {
        "format": 1,
        "reference": f"numpy {np.__version__}, scipy {scipy.__version__}; tools/golden/stats/generate.py",
        "descriptive": descriptive_cases(),
        "mann_whitney": mann_whitney_cases(),
        "holm": holm_cases(),
        "bootstrap": bootstrap_cases(),
        "expected_best": expected_best_cases(),
        "performance_profile": performance_profile_cases(),
        "lr_range": lr_range_cases(),
    }
    return json.dumps(doc, indent=1, allow_nan=False) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the committed file differs")
    args = parser.parse_args()
    text = build()
    if args.check:
        with open(OUT, encoding="utf-8") as f:
            same = f.read() == text
        print(f"{OUT}: {'up to date' if same else 'STALE'}")
        return 0 if same else 1
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
