#!/usr/bin/env bash
# On the GPU machine (one H100, CUDA 13, PyTorch, no .NET SDK): Strata's GPU workloads (bench/Strata.GpuBench, as
# bench/gpu/publish.sh packed it) and PyTorch's same workloads (bench/gpu/peers.py) in one run, then the ratios.
set -uo pipefail
cd "$(dirname "$0")/../.."
tar -C artifacts -xJf artifacts/gpubench.tar.xz
data=(); [ -d artifacts/gpubench/data ] && data=(--data artifacts/gpubench/data)
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader || true
strata=$(artifacts/gpubench/Strata.GpuBench --device cuda "${data[@]}" "$@" 2>&1); echo "$strata"
# The same chapter 2 step launched kernel by kernel: what the graph saves.
echo "# without CUDA graphs:"; STRATA_CUDA_GRAPHS=0 artifacts/gpubench/Strata.GpuBench --device cuda --workloads mnist --epochs 2 "${data[@]}" 2>&1 | sed 's/^/#   /'
peers=$(python3 bench/gpu/peers.py "${data[@]}" "$@" 2>&1); echo "$peers"
python3 - "$strata" "$peers" <<'PY'
import re, sys
def parse(text):
    rows = {}
    for line in text.splitlines():
        parts = line.split()
        if parts and all('=' in p for p in parts[1:]) and len(parts) > 1:
            rows[parts[0]] = {k: v for k, v in (p.split('=', 1) for p in parts[1:])}
    return rows
strata, peers = parse(sys.argv[1]), parse(sys.argv[2])
for name, ours in strata.items():
    for peer_name, theirs in peers.items():
        if not peer_name.startswith(name):
            continue
        if 'epoch_s' in ours and 'epoch_s' in theirs:
            print(f"{name} vs {peer_name}: {float(ours['epoch_s']):.4f} s / {float(theirs['epoch_s']):.4f} s = {float(ours['epoch_s']) / float(theirs['epoch_s']):.2f}x")
        if 'gflops' in ours and 'gflops' in theirs:
            print(f"{name} vs {peer_name}: {float(ours['gflops']):.0f} / {float(theirs['gflops']):.0f} GFLOP/s = {float(ours['gflops']) / float(theirs['gflops']):.2f}x")
PY
