#!/usr/bin/env bash
# Builds the leadmetrics Python package (issue 19): publishes the native library with NativeAOT (the .NET 10 SDK and
# gcc or clang; zlib1g-dev), copies it into python/leadmetrics/native/, and writes a wheel to python/dist/ with the
# standard library only (no wheel tool needed). Then: pip install python/dist/leadmetrics-*.whl
#   python/build.sh            # publish + copy + wheel
#   python/build.sh --no-wheel # publish + copy (for running from the source tree: PYTHONPATH=python)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
dotnet publish "$root/src/LeadMetrics.Native" -c Release -r linux-x64 -o "$out" -nologo
mkdir -p "$here/leadmetrics/native"
cp "$out/LeadMetrics.Native.so" "$here/leadmetrics/native/LeadMetrics.Native.so"
echo "native library: $here/leadmetrics/native/LeadMetrics.Native.so"
if [ "${1:-}" != "--no-wheel" ]; then
  python3 "$here/make_wheel.py" --out "$here/dist"
fi
