#!/usr/bin/env bash
# Submits an lrbench sweep as a Slurm job array of N shards and a merge job
# that runs when all of them succeeded.
#
#   examples/slurm/submit.sh N OUT SCENARIO.yaml... [-- LRBENCH_RUN_OPTIONS...]
#
# e.g. examples/slurm/submit.sh 16 /shared/results scenarios/seed/*.yaml -- --seeds 0,1,2,3,4
# Environment: LRBENCH (the executable, default lrbench on PATH), SBATCH_ARGS
# (more sbatch options for both jobs, e.g. "--partition=cpu --time=02:00:00"),
# CPUS (CPUs per array task, default 2). Prints the two job ids.
# `lrbench plan SCENARIO... --shards N` shows beforehand which runs each task gets.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
if [[ $# -lt 3 ]]; then
  echo "usage: $0 N OUT SCENARIO.yaml... [-- LRBENCH_RUN_OPTIONS...]" >&2
  exit 2
fi
n=$1 out=$2
shift 2
scenarios=()
while [[ $# -gt 0 && "$1" != "--" ]]; do scenarios+=("$(realpath "$1")"); shift; done
[[ "${1:-}" == "--" ]] && shift
if ! [[ "$n" =~ ^[1-9][0-9]*$ ]]; then
  echo "$0: N must be a positive integer, found '$n'" >&2
  exit 2
fi
mkdir -p "$out"
out=$(realpath "$out")
export OUT="$out" SCENARIOS="${scenarios[*]}" LRBENCH_ARGS="$*" LRBENCH="${LRBENCH:-lrbench}"
# shellcheck disable=SC2086  # SBATCH_ARGS is a list
array=$(sbatch --parsable ${SBATCH_ARGS:-} --array="0-$((n - 1))" --cpus-per-task="${CPUS:-2}" \
  --chdir="$out" --export=ALL "$here/shard.sbatch")
array=${array%%;*}  # "id;cluster" on multi-cluster setups
# shellcheck disable=SC2086
merge=$(sbatch --parsable ${SBATCH_ARGS:-} --dependency="afterok:$array" --chdir="$out" --export=ALL \
  "$here/merge.sbatch")
echo "array job $array ($n shards), merge job ${merge%%;*} -> $out"
