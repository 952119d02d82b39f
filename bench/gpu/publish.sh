#!/usr/bin/env bash
# Builds what the GPU machine runs (it has no .NET SDK): Strata.GpuBench self-contained for linux-x64, packed into
# artifacts/gpubench.tar.xz (the device tool carries at most 64 MiB), with MNIST beside it.
# Then, on the GPU machine: bash bench/gpu/run.sh   (carry: artifacts/gpubench.tar.xz)
set -euo pipefail
cd "$(dirname "$0")/../.."
rm -rf artifacts/gpubench && mkdir -p artifacts
dotnet publish bench/Strata.GpuBench -c Release -r linux-x64 --self-contained -p:InvariantGlobalization=true -o artifacts/gpubench --nologo -v quiet
# MNIST as Keras's mnist.npz or the original IDX files (a mnist-idx folder), whichever the datasets folder has.
datasets="${STRATA_DATASETS:-../shared/datasets}"
mkdir -p artifacts/gpubench/data
if [ -f "$datasets/mnist.npz" ]; then cp "$datasets/mnist.npz" artifacts/gpubench/data/;
elif [ -d "$datasets/mnist-idx" ]; then cp -r "$datasets/mnist-idx" artifacts/gpubench/data/;
else echo "no MNIST in $datasets: the GPU run will time random data and report no accuracy" >&2; rmdir artifacts/gpubench/data; fi
tar -C artifacts -cJf artifacts/gpubench.tar.xz gpubench
size=$(du -m artifacts/gpubench.tar.xz | cut -f1)
echo "artifacts/gpubench.tar.xz: $size MiB"
[ "$size" -lt 64 ] || { echo "too large for the device tool (64 MiB)" >&2; exit 1; }
