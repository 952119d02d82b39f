#!/usr/bin/env bash
# Data-parallel scaling on this machine: the same training with 1 rank and with 2 ranks (one thread each), the
# scaling efficiency (2-rank samples/s ÷ 2 × 1-rank samples/s), and the time a step spends in gradient sums.
# Usage: bash bench/distributed/run.sh [mlp|convnet] [epochs] [samples]
set -euo pipefail
cd "$(dirname "$0")/../.."
export STRATA_DATASETS="${STRATA_DATASETS:-$(cd .. && pwd)/shared/datasets}"
export OMPI_MCA_btl_vader_single_copy_mechanism=none
dotnet build -c Release bench/Strata.DistributedBench -v q -nologo | grep -E " error " && exit 1
dll=bench/Strata.DistributedBench/bin/Release/net10.0/Strata.DistributedBench.dll
one=$(mpirun --allow-run-as-root --oversubscribe -np 1 dotnet "$dll" "$@"); echo "$one"
two=$(mpirun --allow-run-as-root --oversubscribe -np 2 dotnet "$dll" "$@"); echo "$two"
python3 - "$one" "$two" <<'PY'
import sys
def fields(line): return dict(p.split('=', 1) for p in line.split()[1:])
one, two = fields(sys.argv[1]), fields(sys.argv[2])
speedup = float(two['samples_per_s']) / float(one['samples_per_s'])
print(f"speedup {speedup:.2f}x with 2 ranks, scaling efficiency {speedup / 2 * 100:.0f}%; gradient sums {two['gradient_sum_ms']} ms of a {two['step_ms']} ms step")
PY
