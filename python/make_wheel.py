"""Writes leadmetrics-<version>-py3-none-linux_x86_64.whl with the standard library only (PEP 427 layout):
the package directory, with the native libraries copied in by build.sh (the baseline LeadMetrics.Native.so and the
x86-64-v3 / x86-64-v4 builds the package loads on CPUs that have their flags), plus METADATA, WHEEL and RECORD."""
import argparse
import base64
import hashlib
import re
import zipfile
from pathlib import Path

here = Path(__file__).resolve().parent
version = re.search(r'__version__ = "([^"]+)"', (here / "leadmetrics" / "__init__.py").read_text()).group(1)
parser = argparse.ArgumentParser()
parser.add_argument("--out", default=str(here / "dist"))
out = Path(parser.parse_args().out)
out.mkdir(parents=True, exist_ok=True)
if not (here / "leadmetrics" / "native" / "LeadMetrics.Native.so").exists():
    raise SystemExit("the native library is missing: run python/build.sh first")
natives = sorted(p.name for p in (here / "leadmetrics" / "native").glob("LeadMetrics.Native*.so"))
print("native libraries: " + ", ".join(natives))
tag = "py3-none-linux_x86_64"
name = f"leadmetrics-{version}"
wheel = out / f"{name}-{tag}.whl"
info = f"{name}.dist-info"
files = {}
for p in sorted((here / "leadmetrics").rglob("*")):
    if p.is_file() and "__pycache__" not in p.parts and not p.name.startswith("."):
        files[p.relative_to(here).as_posix()] = p.read_bytes()
files[f"{info}/METADATA"] = (
    "Metadata-Version: 2.1\nName: leadmetrics\nVersion: " + version + "\n"
    "Summary: Exact lead KPIs for pandas, computed by the LeadMetrics SDK's native library\n"
    "License: MIT\nRequires-Python: >=3.9\nRequires-Dist: pandas>=1.3\nRequires-Dist: numpy>=1.21\n").encode()
files[f"{info}/WHEEL"] = f"Wheel-Version: 1.0\nGenerator: leadmetrics make_wheel.py\nRoot-Is-Purelib: false\nTag: {tag}\n".encode()
record = []
for path, data in files.items():
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    record.append(f"{path},sha256={digest},{len(data)}")
record.append(f"{info}/RECORD,,")
files[f"{info}/RECORD"] = ("\n".join(record) + "\n").encode()
with zipfile.ZipFile(wheel, "w", zipfile.ZIP_DEFLATED) as z:
    for path, data in files.items():
        z.writestr(path, data)
print(wheel)
