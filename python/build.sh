#!/usr/bin/env bash
# Builds the leadmetrics Python package (issue 19): publishes the native library with NativeAOT (the .NET 10 SDK and
# gcc or clang; zlib1g-dev) for the x86-64 baseline and, the same code, for x86-64-v3 (AVX2, FMA, BMI) and x86-64-v4
# (AVX-512), copies them into python/leadmetrics/native/ (LeadMetrics.Native.so, LeadMetrics.Native.x86-64-v3.so,
# LeadMetrics.Native.x86-64-v4.so; the package loads the best one the CPU supports, docs/python.md), and writes a wheel
# to python/dist/ with the standard library only (no wheel tool needed). Then: pip install python/dist/leadmetrics-*.whl
#   python/build.sh                 # publish the three + copy + wheel
#   python/build.sh --no-wheel      # publish + copy (for running from the source tree: PYTHONPATH=python)
#   LEADMETRICS_VARIANTS="" python/build.sh   # the baseline only (LEADMETRICS_VARIANTS="x86-64-v4": baseline + v4)
# Each variant publishes with its own intermediate and native output folders (obj/.../native-<variant>/), so that
# no publish reuses another's object file or linked library.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
variants="${LEADMETRICS_VARIANTS-x86-64-v3 x86-64-v4}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
project="$root/src/LeadMetrics.Native"
mkdir -p "$here/leadmetrics/native"
rm -f "$here"/leadmetrics/native/LeadMetrics.Native*.so
dotnet publish "$project" -c Release -r linux-x64 -o "$out/baseline" -nologo
cp "$out/baseline/LeadMetrics.Native.so" "$here/leadmetrics/native/LeadMetrics.Native.so"
echo "native library: $here/leadmetrics/native/LeadMetrics.Native.so"
for v in $variants; do
  obj="$project/obj/Release/net10.0/linux-x64"
  dotnet publish "$project" -c Release -r linux-x64 -o "$out/$v" -nologo "-p:IlcInstructionSet=$v" \
    "-p:NativeIntermediateOutputPath=$obj/native-$v/" "-p:NativeOutputPath=$project/bin/Release/net10.0/linux-x64/native-$v/"
  cp "$out/$v/LeadMetrics.Native.so" "$here/leadmetrics/native/LeadMetrics.Native.$v.so"
  echo "native library: $here/leadmetrics/native/LeadMetrics.Native.$v.so"
done
if [ "${1:-}" != "--no-wheel" ]; then
  python3 "$here/make_wheel.py" --out "$here/dist"
fi
