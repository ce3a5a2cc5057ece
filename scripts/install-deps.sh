#!/usr/bin/env bash
# Installs the Debian packages lrbench needs to build, test and run its
# scenarios (dataset-fashion-mnist: scenarios/tasks/fashion-mnist.yaml; OpenMPI:
# lrbench run --mpi and tests/mpi), if missing.
# Distribution packages only. When not root, prints the exact command and stops.
set -euo pipefail

packages=(
  cmake ninja-build g++ make git pkg-config
  libeigen3-dev libyaml-cpp-dev libboost-dev
  libbenchmark-dev libgtest-dev libgmock-dev
  libcli11-dev nlohmann-json3-dev libfmt-dev zlib1g-dev
  libopenmpi-dev openmpi-bin
  dataset-fashion-mnist
)
# Optional tools: clang for the libFuzzer target, rsvg-convert to look at figures.
[[ "${LRBENCH_OPTIONAL_DEPS:-0}" == 1 ]] && packages+=(clang libclang-rt-dev librsvg2-bin)
# Slurm and munge for the test that runs examples/slurm/ on a one-node cluster
# (tests/slurm/; skipped without them). CI sets this (.ci/run).
[[ "${LRBENCH_SLURM_DEPS:-0}" == 1 ]] && packages+=(slurm-wlm munge)

# PyTorch side by side (make side-by-side, scripts/bench/side_by_side.py):
# Debian's PyTorch 1.13 with OpenBLAS. Without libopenblas0-pthread Debian's
# libblas.so.3 is the reference BLAS, far slower, and the comparison
# would flatter lrbench.
[[ "${LRBENCH_PYTORCH_DEPS:-0}" == 1 ]] && packages+=(python3-torch python3-sklearn libopenblas0-pthread)

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done

if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi

cmd="apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
if [[ $(id -u) -ne 0 ]]; then
  echo "lrbench needs these packages: ${missing[*]}" >&2
  echo "Install them with:" >&2
  echo "  sudo sh -c '$cmd'" >&2
  exit 1
fi
echo "Installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
