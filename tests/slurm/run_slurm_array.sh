#!/usr/bin/env bash
# The Slurm example, for real: starts a one-node Slurm cluster on this machine
# (munged, slurmctld and slurmd as local daemons with a generated slurm.conf
# in a temporary folder), submits examples/slurm/submit.sh for a small sweep
# (an array of shards and a dependent merge job) into OUT and waits for both.
# slurm_test.cpp runs it and compares OUT with a local `lrbench run`. The
# daemons are stopped on exit, however the script ends.
#
#   run_slurm_array.sh LRBENCH SOURCE_DIR OUT
#
# Exit 0: both jobs completed; 77: skipped (Slurm or munge not installed, or
# the daemons cannot start here: the reason is printed); anything else: failed.
set -euo pipefail
lrbench=$1 source_dir=$2 out=$3
skip() { echo "SKIPPED: $*"; exit 77; }

for tool in munged slurmctld slurmd sbatch squeue scontrol; do
  command -v "$tool" >/dev/null || skip "$tool is not installed (Debian: apt-get install slurm-wlm munge)"
done
[[ $(id -u) -eq 0 ]] || skip "the daemons run as root here (SlurmUser=root); run the test as root"

tmp=$(mktemp -d /tmp/lrbench-slurm.XXXXXX)
pids=()
cleanup() {
  local status=$?
  # scontrol shutdown stops slurmctld and slurmd cleanly; then make sure.
  SLURM_CONF="$tmp/slurm.conf" timeout 10 scontrol shutdown >/dev/null 2>&1 || true
  for pid in "${pids[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  if [[ -f "$tmp/munged.pid" ]]; then kill "$(cat "$tmp/munged.pid")" 2>/dev/null || true; fi
  if [[ $status -ne 0 && $status -ne 77 ]]; then
    for log in "$tmp"/*.log "$out"/lrbench-*.out; do [[ -f "$log" ]] && { echo "== $log"; tail -n 30 "$log"; }; done
  fi
  rm -rf "$tmp"
  exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A free TCP port (bound by nothing now).
free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# munge: its own key, socket and files in the temporary folder.
mkdir -p "$tmp/munge" "$tmp/state" "$tmp/spool" "$out"
chmod 700 "$tmp/munge"
dd if=/dev/urandom of="$tmp/munge/munge.key" bs=1024 count=1 status=none
chmod 400 "$tmp/munge/munge.key"
munged --force --key-file="$tmp/munge/munge.key" --socket="$tmp/munge/munge.socket" \
  --pid-file="$tmp/munged.pid" --log-file="$tmp/munged.log" --seed-file="$tmp/munge/munge.seed" \
  || skip "munged cannot start here: $(tail -n 3 "$tmp/munged.log" 2>/dev/null)"

host=$(hostname -s)
# The node as slurmd sees the hardware, so that it is not drained for a mismatch.
node=$(slurmd -C | head -n 1 | sed -E 's/ UpTime=.*//')
cat > "$tmp/slurm.conf" <<CONF
ClusterName=lrbenchtest
SlurmctldHost=$host(127.0.0.1)
AuthType=auth/munge
AuthInfo=socket=$tmp/munge/munge.socket
CredType=cred/munge
SlurmUser=root
SlurmdUser=root
SlurmctldPort=$(free_port)
SlurmdPort=$(free_port)
StateSaveLocation=$tmp/state
SlurmdSpoolDir=$tmp/spool
SlurmctldPidFile=$tmp/slurmctld.pid
SlurmdPidFile=$tmp/slurmd.pid
SlurmctldLogFile=$tmp/slurmctld.log
SlurmdLogFile=$tmp/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
SlurmdTimeout=30
InactiveLimit=0
MinJobAge=300
$node NodeAddr=127.0.0.1 State=UNKNOWN
PartitionName=test Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$tmp/slurm.conf"

slurmctld -D -i >"$tmp/slurmctld.stdout" 2>&1 &
pids+=($!)
slurmd -D >"$tmp/slurmd.stdout" 2>&1 &
pids+=($!)

# Up when the node is idle (or mixed/allocated); a daemon that died is a skip.
for _ in $(seq 150); do
  for pid in "${pids[@]}"; do
    kill -0 "$pid" 2>/dev/null || skip "a Slurm daemon could not start here: $(tail -n 3 "$tmp"/slurm*.log "$tmp"/*.stdout 2>/dev/null | tr '\n' ' ')"
  done
  state=$(sinfo -h -N -o '%T' 2>/dev/null | head -n 1 || true)
  [[ "$state" == idle* ]] && break
  sleep 0.2
done
[[ "$state" == idle* ]] || skip "the Slurm node did not come up (state '${state:-none}'): $(tail -n 3 "$tmp/slurmd.log" 2>/dev/null | tr '\n' ' ')"
echo "one-node Slurm cluster up: node $host, $(sinfo -h -o '%C') CPUs (allocated/idle/other/total)"

# The sweep: the shard test's scenario and tiny, 3 shards of 1 CPU each.
scenarios=("$source_dir/tests/shard/scenarios/mixed.yaml" "$source_dir/tests/data/scenarios/tiny.yaml")
submitted=$(LRBENCH="$lrbench" CPUS=1 "$source_dir/examples/slurm/submit.sh" 3 "$out" "${scenarios[@]}")
echo "$submitted"
array=$(sed -E 's/^array job ([0-9]+).*/\1/' <<<"$submitted")
merge=$(sed -E 's/.*merge job ([0-9]+).*/\1/' <<<"$submitted")

# Wait for both jobs to leave the queue (at most 120 s).
for _ in $(seq 600); do
  [[ -z "$(squeue -h -j "$array,$merge" 2>/dev/null)" ]] && break
  sleep 0.2
done
[[ -z "$(squeue -h -j "$array,$merge" 2>/dev/null)" ]] || { echo "FAILED: the jobs did not finish in 120 s"; squeue; exit 1; }
for job in "$array" "$merge"; do
  state=$(scontrol show job "$job" 2>/dev/null | grep -o 'JobState=[A-Z]*' | sort -u | tr '\n' ' ')
  [[ "$state" == "JobState=COMPLETED " ]] || { echo "FAILED: job $job ended $state"; exit 1; }
done

echo "the Slurm array and its merge job completed: $out"
