#!/usr/bin/python3
"""Scale-out figures for docs/scale-out.md, from the lrbench executable.

  tools/scaleout/measure.py --lrbench build/release/bin/lrbench   # measure, write results.json and the docs block
  tools/scaleout/measure.py --check                               # the docs block agrees with results.json (ctest)

Measures, on this machine (say which and how loaded it was):
  1. runs per second of a 2,000-run seed sweep (tests/data/scenarios/tiny.yaml,
     2 variants x 1,000 seeds, 20 epochs) as 1, 2 and 4 shard processes started
     at once (--jobs 1 each; 4 oversubscribes a 2-core machine), and as one
     process with --jobs 1 and 2; then merging the shards; and as one MPI job
     (mpirun -n 1, 2, 4 lrbench run --mpi --jobs 1: rank 0 coordinates, the
     others run; oversubscribed on a 2-core machine), mpirun's start included;
  2. lrbench merge of 100,000 records (100 variants x 1,000 seeds of 1-epoch
     runs, as 4 shards): wall time and peak RSS (the merge process's own
     ru_maxrss, from wait4), and the size of runs.jsonl;
  3. the per-run cost of a model of Fashion-MNIST's shapes (784 -> 256 -> 256
     -> 10, blobs data standing in: main has no Fashion-MNIST data yet), from
     which the paper estimate of a 10,000-run Fashion-MNIST comparison on a
     100-node cluster follows (lrbench's cost model: shard/cost.hpp).
Each timing is the median of --repeat runs.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "reports" / "scaleout" / "results.json"
DOC = ROOT / "docs" / "scale-out.md"
BEGIN, END = "<!-- scaleout-figures:begin (tools/scaleout/measure.py writes this block) -->", "<!-- scaleout-figures:end -->"
TINY = ROOT / "tests" / "data" / "scenarios" / "tiny.yaml"

# The paper estimate's assumptions (stated in the docs block).
FMNIST = {"train": 60000, "test": 10000, "features": 784, "layers": [256, 256, 10], "epochs": 20}
CLUSTER = {"nodes": 100, "cores_per_node": 32, "runs": 10000}


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)


def timed_with_rss(cmd):
    """Wall seconds and peak RSS (MiB) of one process."""
    start = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed: {' '.join(map(str, cmd))}: {p.stderr.read().decode()}")
    return wall, usage.ru_maxrss / 1024.0


def sweep_rates(lrbench, work, repeat):
    seeds = ",".join(str(s) for s in range(1000))
    base = [lrbench, "run", str(TINY), "--seeds", seeds, "--quiet"]
    out = {}
    for processes in (1, 2, 4):
        walls, merges = [], []
        for r in range(repeat):
            folder = work / f"sweep-{processes}-{r}"
            start = time.perf_counter()
            procs = [subprocess.Popen(base + ["--jobs", "1", "--out", str(folder), "--shard", f"{i}/{processes}"])
                     for i in range(processes)]
            if any(p.wait() != 0 for p in procs):
                sys.exit("a shard failed")
            walls.append(time.perf_counter() - start)
            merges.append(timed_with_rss([lrbench, "merge", str(folder), "--quiet"])[0])
        out[f"{processes} shard process{'es' if processes > 1 else ''}"] = {"wall_s": statistics.median(walls),
                                               "runs_per_s": 2000 / statistics.median(walls),
                                               "merge_s": statistics.median(merges)}
    for jobs in (1, 2):
        walls = []
        for r in range(repeat):
            start = time.perf_counter()
            run(base + ["--jobs", str(jobs), "--out", str(work / f"local-{jobs}-{r}")])
            walls.append(time.perf_counter() - start)
        out[f"1 process, --jobs {jobs}"] = {"wall_s": statistics.median(walls),
                                           "runs_per_s": 2000 / statistics.median(walls)}
    return out


def mpirun_command(ranks):
    """mpirun for this machine: root may run it, more ranks than cores."""
    root = ["--allow-run-as-root"] if os.geteuid() == 0 else []
    return ["mpirun", *root, "--oversubscribe", "-n", str(ranks)]


def mpi_rates(lrbench, work, repeat):
    seeds = ",".join(str(s) for s in range(1000))
    out = {}
    for ranks in (1, 2, 4):
        walls = []
        for r in range(repeat):
            start = time.perf_counter()
            run(mpirun_command(ranks) + [lrbench, "run", str(TINY), "--seeds", seeds, "--quiet", "--jobs", "1",
                                         "--mpi", "--out", str(work / f"mpi-{ranks}-{r}")])
            walls.append(time.perf_counter() - start)
        starts = []  # the same job with one run: what starting it costs
        for r in range(repeat):
            start = time.perf_counter()
            run(mpirun_command(ranks) + [lrbench, "run", str(TINY), "--seeds", "0", "--filter", "lr=0.1", "--quiet",
                                         "--jobs", "1", "--mpi", "--out", str(work / f"mpi-start-{ranks}-{r}")])
            starts.append(time.perf_counter() - start)
        out[f"mpirun -n {ranks}"] = {"workers": max(ranks - 1, 1), "wall_s": statistics.median(walls),
                                     "runs_per_s": 2000 / statistics.median(walls),
                                     "one_run_s": statistics.median(starts)}
    return out


def merge_100k(lrbench, work, repeat):
    lrs = ", ".join(f"{0.001 * (k + 1):.3f}" for k in range(100))
    scenario = work / "merge100k.yaml"
    scenario.write_text(f"""name: merge100k
data: {{kind: blobs, n_samples: 40, centers: 3, cluster_std: 2.0, random_state: 2, split: {{train: 20}}}}
model:
  layers:
    - {{units: 4, activation: relu}}
    - {{units: 3, activation: softmax}}
training: {{epochs: 1, batch_size: 20}}
optimizer: {{name: sgd, lr: 0.1}}
sweep:
  optimizer.lr: [{lrs}]
seeds: [{", ".join(str(s) for s in range(1000))}]
""")
    folder = work / "merge100k"
    start = time.perf_counter()
    procs = [subprocess.Popen([lrbench, "run", str(scenario), "--max-runs", "100000", "--jobs", "1", "--quiet",
                               "--out", str(folder), "--shard", f"{i}/4"]) for i in range(4)]
    if any(p.wait() != 0 for p in procs):
        sys.exit("a shard failed")
    shards_wall = time.perf_counter() - start
    walls, rss = [], []
    for _ in range(repeat):
        w, m = timed_with_rss([lrbench, "merge", str(folder), "--quiet"])
        walls.append(w)
        rss.append(m)
    runs_bytes = (folder / "merge100k" / "runs.jsonl").stat().st_size
    return {"records": 100000, "runs_jsonl_mb": runs_bytes / 2**20, "shards_wall_s": shards_wall,
            "merge_s": statistics.median(walls), "merge_peak_rss_mb": max(rss)}


def per_run_cost(lrbench, work, repeat):
    layers = "\n".join(f"    - {{units: {u}, activation: {'softmax' if u == 10 else 'relu'}}}"
                       for u in FMNIST["layers"])
    scenario = work / "fmnist-shapes.yaml"
    scenario.write_text(f"""name: fmnist-shapes
data: {{kind: blobs, n_samples: 3500, centers: 10, n_features: {FMNIST["features"]}, cluster_std: 2.0, random_state: 2, split: {{train: 3000}}}}
model:
  layers:
{layers}
training: {{epochs: 2, batch_size: 128}}
optimizer: {{name: adam, lr: 0.001}}
seeds: [{", ".join(str(s) for s in range(repeat))}]
""")
    plan = json.loads(run([lrbench, "plan", str(scenario), "--json"]).stdout)
    cost = plan["scenarios"][0]["runs"][0]["cost"]
    folder = work / "fmnist"
    run([lrbench, "run", str(scenario), "--jobs", "1", "--quiet", "--out", str(folder)])
    walls = [json.loads(line)["wall_seconds"] for line in (folder / "fmnist-shapes" / "runs.jsonl").open()]
    seconds = statistics.median(walls)
    ns_per_madd = seconds / cost * 1e9
    params, width = 0, FMNIST["features"]
    for units in FMNIST["layers"]:
        params += width * units + units
        width = units
    fm_cost = FMNIST["epochs"] * params * (4 * FMNIST["train"] + FMNIST["test"])
    run_s = fm_cost * ns_per_madd / 1e9
    cores = CLUSTER["nodes"] * CLUSTER["cores_per_node"]
    waves = -(-CLUSTER["runs"] // cores)
    return {"calibration_run_s": seconds, "calibration_cost": cost, "ns_per_multiply_add": ns_per_madd,
            "fmnist_run_cost": fm_cost, "fmnist_run_s": run_s, "cluster_cores": cores, "waves": waves,
            "cluster_wall_h": waves * run_s / 3600, "one_core_h": CLUSTER["runs"] * run_s / 3600}


def duration(seconds):
    return f"{seconds / 3600:.1f} h" if seconds >= 3600 else f"{seconds / 60:.0f} min"


def render(r):
    s, m, f = r["sweep"], r["merge"], r["fmnist"]
    lines = [BEGIN, "",
             f"Measured by `tools/scaleout/measure.py` on {r['machine']}; {r['conditions']} "
             f"Medians of {r['repeat']} repetitions; the numbers are in `reports/scaleout/results.json`.", "",
             "**A 2,000-run seed sweep** (`tests/data/scenarios/tiny.yaml` with 1,000 seeds: 2,000 runs of 20 "
             "epochs, about a millisecond each), as shard processes started at once on this 2-core machine "
             "(`--jobs 1` each; 4 processes oversubscribe it), then merged:", "",
             "| how | wall time | runs per second | merge |", "|---|---|---|---|"]
    for name, v in s.items():
        merge = f"{v['merge_s']:.2f} s" if "merge_s" in v else "(none)"
        lines.append(f"| {name} | {v['wall_s']:.2f} s | {v['runs_per_s']:.0f} | {merge} |")
    lines += ["", "The same sweep as one MPI job (`mpirun --oversubscribe -n P lrbench run ... --mpi --jobs 1`; "
              "rank 0 coordinates and, with more than one rank, runs nothing itself; mpirun's start-up included; "
              "4 ranks oversubscribe this 2-core machine):", "",
              "| ranks | ranks running runs | wall time | runs per second | the same job with 1 run |",
              "|---|---|---|---|---|"]
    for name, v in r["mpi"].items():
        lines.append(f"| {name} | {v['workers']} | {v['wall_s']:.2f} s | {v['runs_per_s']:.0f} | "
                     f"{v['one_run_s']:.2f} s |")
    lines += ["", "The last column is what an MPI job costs before and after its runs (mpirun, MPI_Init, loading, "
              "rewriting `runs.jsonl` in plan order, the report): on runs of a millisecond it is most of the "
              "time, on runs of minutes nothing."]
    lines += ["",
              f"**Merging 100,000 records** (100 variants × 1,000 seeds of 1-epoch runs, 4 shards; "
              f"`runs.jsonl` {m['runs_jsonl_mb']:.0f} MiB): `lrbench merge` takes **{m['merge_s']:.1f} s** "
              f"with a peak RSS of **{m['merge_peak_rss_mb']:.0f} MiB** (the merge process's own maximum "
              f"resident set, from `wait4`), the report included.", "",
              f"**A 10,000-run Fashion-MNIST comparison on 100 nodes, on paper.** A run of Fashion-MNIST's "
              f"shapes (784 → 256 → 256 → 10, batch 128, Adam; blobs data of those shapes generated in memory, so that "
              f"the figure does not depend on the Fashion-MNIST package) "
              f"measured {f['ns_per_multiply_add']:.2f} ns per estimated multiply-add "
              f"({f['calibration_run_s'] * 1000:.0f} ms for {f['calibration_cost']:.3g}). A Fashion-MNIST run "
              f"of {FMNIST['epochs']} epochs over 60,000 training and 10,000 test images is "
              f"{f['fmnist_run_cost']:.3g} multiply-adds: about **{f['fmnist_run_s'] / 60:.0f} min** on one core. "
              f"10,000 such runs are {f['one_core_h']:.0f} core-hours; on {CLUSTER['nodes']} nodes of "
              f"{CLUSTER['cores_per_node']} cores ({f['cluster_cores']} single-threaded runs at a time, "
              f"{f['waves']} waves) about **{duration(f['cluster_wall_h'] * 3600)}**, as a job array of 100 tasks with "
              f"`--jobs 32` (100 runs each), plus a merge of seconds. The estimate ignores memory bandwidth "
              f"shared by 32 runs on a node and assumes the cost model's ratio holds at 60,000 rows.", "", END]
    return "\n".join(lines)


def write_block(results):
    text = DOC.read_text()
    block = render(results)
    if BEGIN in text:
        text = text[:text.index(BEGIN)] + block + text[text.index(END) + len(END):]
    else:
        text += "\n## Scaling figures\n\n" + block + "\n"
    DOC.write_text(text)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lrbench", type=Path, default=ROOT / "build" / "release" / "bin" / "lrbench")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--conditions", default="the machine shared with other builds, so timings are noisy.")
    ap.add_argument("--check", action="store_true", help="only check that the docs block agrees with results.json")
    ap.add_argument("--render", action="store_true", help="only rewrite the docs block from results.json")
    args = ap.parse_args()
    if args.check:
        results = json.loads(RESULTS.read_text())
        text = DOC.read_text()
        if BEGIN not in text or render(results) != text[text.index(BEGIN):text.index(END) + len(END)]:
            sys.exit(f"{DOC}: the scaling figures block does not match {RESULTS}; run tools/scaleout/measure.py")
        print("the docs quote results.json")
        return
    if args.render:
        write_block(json.loads(RESULTS.read_text()))
        return
    lrbench = str(args.lrbench.resolve())
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    with tempfile.TemporaryDirectory(prefix="lrbench-scaleout-") as tmp:
        work = Path(tmp)
        results = {"machine": f"{cpu}, {os.cpu_count()} cores", "conditions": args.conditions,
                   "repeat": args.repeat, "date": time.strftime("%Y-%m-%d", time.gmtime()),
                   "sweep": sweep_rates(lrbench, work, args.repeat),
                   "mpi": mpi_rates(lrbench, work, args.repeat),
                   "merge": merge_100k(lrbench, work, args.repeat),
                   "fmnist": per_run_cost(lrbench, work, args.repeat),
                   "assumptions": {"fmnist": FMNIST, "cluster": CLUSTER}}
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    write_block(results)
    print(render(results))


if __name__ == "__main__":
    main()
