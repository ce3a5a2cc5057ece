#!/usr/bin/python3
"""lrbench and PyTorch side by side, on one thread, in the same run.

    /usr/bin/python3 scripts/bench/side_by_side.py [--lrbench build/release/bin/lrbench]
                                                   [--out reports/throughput/side-by-side.json]

(`make side-by-side` runs it.) Needs Debian's python3-torch (PyTorch 1.13,
OpenBLAS) and python3-sklearn; not part of `make test`.

Measures, with PyTorch limited to one thread (torch.set_num_threads(1)):
  seed_run      one run of the seed study's setup: make_blobs(1000, 3 centres,
                2 features, std 2, random_state 2), the first 500 rows train;
                2 -> 50 ReLU -> 3 softmax (He-uniform, Glorot-uniform); SGD
                lr 0.01; batch 32, reshuffled every epoch; 200 epochs; loss and
                accuracy of both sets after every epoch. lrbench: the
                `run/seed-study` benchmark (run::train end to end).
  fmnist_epoch  the Fashion-MNIST-shaped MLP 784 -> 256 ReLU -> 128 ReLU -> 10
                softmax, batch 128, SGD lr 0.01: one epoch over 60,000
                training samples plus loss and accuracy over the 60,000
                training and 10,000 test samples (synthetic pixels in [0, 1):
                the time does not depend on the values). lrbench: the
                `fmnist/epoch` benchmark.
  seed_study    `lrbench -q run scenarios/seed/*.yaml --jobs 2` (120 runs),
                wall time of the whole command, with and without --isolate.
Medians of the repetitions; every sample is kept in the JSON, which the
throughput report (`lrbench bench --markdown`) and the README's speed
paragraph are rendered from.
"""
import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time

# One thread for PyTorch's own pool and for its BLAS: Debian's OpenBLAS
# (libopenblas0-pthread) starts one thread per core unless told before it
# loads, and torch.set_num_threads does not reach it.
for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[variable] = "1"

try:
    import torch
    from sklearn.datasets import make_blobs
except ImportError as error:
    sys.exit(f"side_by_side.py: {error}; it needs Debian's python3-torch and python3-sklearn "
             "(apt-get install python3-torch python3-sklearn) and must run with /usr/bin/python3")

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def blas_library():
    """The BLAS this process loaded (Debian switches libblas.so.3 between the
    reference BLAS, OpenBLAS and others with update-alternatives)."""
    try:
        with open("/proc/self/maps") as f:
            paths = {line.split()[-1] for line in f if "blas" in line.split()[-1].lower()}
    except OSError:
        return "unknown"
    names = sorted(os.path.basename(p) for p in paths)
    return ", ".join(names) if names else "unknown"


def evaluate(model, x, y, batch):
    loss_fn = torch.nn.CrossEntropyLoss(reduction="sum")
    total, correct = 0.0, 0
    with torch.no_grad():
        for start in range(0, len(x), batch):
            logits = model(x[start:start + batch])
            total += loss_fn(logits, y[start:start + batch]).item()
            correct += (logits.argmax(1) == y[start:start + batch]).sum().item()
    return total / len(x), correct / len(x)


def train(model, x, y, epochs, batch, lr, evaluate_sets, eval_batch):
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    loss_fn = torch.nn.CrossEntropyLoss()
    n = len(x)
    history = []
    for _ in range(epochs):
        order = torch.randperm(n)
        for start in range(0, n, batch):
            idx = order[start:start + batch]
            optimizer.zero_grad()
            loss = loss_fn(model(x[idx]), y[idx])
            loss.backward()
            optimizer.step()
        history.append([evaluate(model, sx, sy, eval_batch) for sx, sy in evaluate_sets])
    return history


def mlp(widths):
    layers = []
    for i in range(len(widths) - 1):
        linear = torch.nn.Linear(widths[i], widths[i + 1])
        if i + 2 < len(widths):
            torch.nn.init.kaiming_uniform_(linear.weight, nonlinearity="relu")
        else:
            torch.nn.init.xavier_uniform_(linear.weight)
        torch.nn.init.zeros_(linear.bias)
        layers.append(linear)
        if i + 2 < len(widths):
            layers.append(torch.nn.ReLU())
    return torch.nn.Sequential(*layers)


def pytorch_seed_run(repetitions):
    x, y = make_blobs(n_samples=1000, centers=3, n_features=2, cluster_std=2.0, random_state=2)
    x = torch.tensor(x, dtype=torch.float32)
    y = torch.tensor(y, dtype=torch.int64)
    train_set, test_set = (x[:500], y[:500]), (x[500:], y[500:])
    samples = []
    for rep in range(repetitions):
        torch.manual_seed(rep)
        model = mlp([2, 50, 3])
        start = time.perf_counter()
        history = train(model, *train_set, epochs=200, batch=32, lr=0.01,
                        evaluate_sets=[train_set, test_set], eval_batch=500)
        samples.append(time.perf_counter() - start)
    return samples, history[-1][1][1]


def pytorch_fmnist_epoch(repetitions):
    generator = torch.Generator().manual_seed(0)
    x_train = torch.rand(60000, 784, generator=generator)
    y_train = torch.randint(0, 10, (60000,), generator=generator)
    x_test = torch.rand(10000, 784, generator=generator)
    y_test = torch.randint(0, 10, (10000,), generator=generator)
    samples = []
    for rep in range(repetitions):
        torch.manual_seed(rep)
        model = mlp([784, 256, 128, 10])
        start = time.perf_counter()
        train(model, x_train, y_train, epochs=1, batch=128, lr=0.01,
              evaluate_sets=[(x_train, y_train), (x_test, y_test)], eval_batch=10000)
        samples.append(time.perf_counter() - start)
    return samples


def lrbench_benchmark(lrbench, name, repetitions):
    """Real times (seconds) of one Google Benchmark entry's repetitions."""
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "bench.json")
        subprocess.run([lrbench, "bench", f"--benchmark_filter=^{name}$",
                        f"--benchmark_repetitions={repetitions}", f"--benchmark_out={out}",
                        "--benchmark_out_format=json"], check=True, stdout=subprocess.DEVNULL)
        with open(out) as f:
            doc = json.load(f)
    scale = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}
    rows = [r for r in doc["benchmarks"] if r.get("run_type") == "iteration"]
    if not rows:
        sys.exit(f"side_by_side: lrbench has no benchmark {name}")
    isa = doc.get("context", {}).get("lrbench_isa", "unknown")
    return [r["real_time"] * scale[r["time_unit"]] for r in rows], isa


def lrbench_seed_study(lrbench, repetitions, isolate):
    scenarios = sorted(os.path.join(REPO, "scenarios", "seed", f)
                       for f in os.listdir(os.path.join(REPO, "scenarios", "seed")) if f.endswith(".yaml"))
    samples = []
    for _ in range(repetitions):
        with tempfile.TemporaryDirectory() as tmp:
            command = [lrbench, "-q", "run", *scenarios, "--jobs", "2", "--out", tmp]
            if isolate:
                command.append("--isolate")
            start = time.perf_counter()
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
            samples.append(time.perf_counter() - start)
            runs = sum(1 for root, _, files in os.walk(tmp) for f in files if f == "runs.jsonl"
                       for _ in open(os.path.join(root, f)))
    return samples, runs


def side(samples):
    return {"median_seconds": statistics.median(samples), "samples_seconds": samples}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lrbench", default=os.path.join(REPO, "build", "release", "bin", "lrbench"))
    parser.add_argument("--out", default=os.path.join(REPO, "reports", "throughput", "side-by-side.json"))
    parser.add_argument("--repetitions", type=int, default=5)
    args = parser.parse_args()
    torch.set_num_threads(1)

    torch_seed, torch_final_accuracy = pytorch_seed_run(args.repetitions)
    ours_seed, isa = lrbench_benchmark(args.lrbench, "run/seed-study", args.repetitions)
    torch_fmnist = pytorch_fmnist_epoch(max(3, args.repetitions // 2))
    ours_fmnist, _ = lrbench_benchmark(args.lrbench, "fmnist/epoch", max(3, args.repetitions // 2))
    study, runs = lrbench_seed_study(args.lrbench, args.repetitions, isolate=False)
    study_isolated, _ = lrbench_seed_study(args.lrbench, max(3, args.repetitions // 2), isolate=True)

    result = {
        "generated_by": "scripts/bench/side_by_side.py",
        "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "host": platform.node(),
        "cpu": cpu_model(),
        "lrbench_isa": isa,
        "pytorch": {"version": torch.__version__, "threads": torch.get_num_threads(),
                    "blas": blas_library()},
        "seed_run": {
            "pytorch": side(torch_seed),
            "lrbench": side(ours_seed),
            "lrbench_benchmark": "run/seed-study",
            "speedup": statistics.median(torch_seed) / statistics.median(ours_seed),
            "pytorch_final_test_accuracy": torch_final_accuracy,
        },
        "fmnist_epoch": {
            "pytorch": side(torch_fmnist),
            "lrbench": side(ours_fmnist),
            "lrbench_benchmark": "fmnist/epoch",
            "speedup": statistics.median(torch_fmnist) / statistics.median(ours_fmnist),
        },
        "seed_study": {
            "runs": runs,
            "jobs": 2,
            "wall": side(study),
            "isolate_wall": side(study_isolated),
            "isolate_overhead_ms_per_run": 1000.0 * (statistics.median(study_isolated) - statistics.median(study))
            / runs * 2,  # two jobs run at once: each job's runs pay the overhead in turn
        },
    }
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w") as f:
        json.dump(result, f, indent=1)
        f.write("\n")
    print(f"seed run: PyTorch {statistics.median(torch_seed) * 1e3:.1f} ms, lrbench "
          f"{statistics.median(ours_seed) * 1e3:.2f} ms ({result['seed_run']['speedup']:.0f}x)")
    print(f"Fashion-MNIST-shaped epoch: PyTorch {statistics.median(torch_fmnist):.2f} s, lrbench "
          f"{statistics.median(ours_fmnist):.2f} s ({result['fmnist_epoch']['speedup']:.2f}x)")
    print(f"seed study ({runs} runs, 2 jobs): {statistics.median(study):.3f} s, with --isolate "
          f"{statistics.median(study_isolated):.3f} s")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
