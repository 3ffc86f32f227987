"""The native library's builds for the CPU (issue 19): the loader reads /proc/cpuinfo's flags and loads the best of
LeadMetrics.Native.x86-64-v4.so (AVX-512), LeadMetrics.Native.x86-64-v3.so (AVX2) and the baseline LeadMetrics.Native.so
(docs/python.md, "Which library is loaded"); and every build gives the baseline's results, byte for byte, on the
sample data and on a synthetic block big enough to be split over the cores.

The builds compared: the folder LEADMETRICS_NATIVE_VARIANTS (tests/LeadMetrics.Native.Tests publishes them there), else
python/leadmetrics/native/ (python/build.sh); the baseline: LEADMETRICS_NATIVE, else that folder's
LeadMetrics.Native.so. Each build runs in its own process (a build for an instruction set the CPU lacks would stop the
process that loads it: those are skipped with the reason)."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLE
from leadmetrics import _native

# /proc/cpuinfo "flags" lines of real machines (first processor; other lines as the kernel prints them).
V4_FLAGS = ("fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr sse sse2 ss ht "
            "syscall nx pdpe1gb rdtscp lm constant_tsc rep_good nopl xtopology nonstop_tsc cpuid tsc_known_freq pni "
            "pclmulqdq ssse3 fma cx16 pcid sse4_1 sse4_2 x2apic movbe popcnt tsc_deadline_timer aes xsave avx f16c rdrand "
            "hypervisor lahf_lm abm 3dnowprefetch invpcid_single ssbd ibrs ibpb stibp ibrs_enhanced fsgsbase tsc_adjust "
            "bmi1 avx2 smep bmi2 erms invpcid avx512f avx512dq rdseed adx smap avx512ifma clflushopt clwb avx512cd sha_ni "
            "avx512bw avx512vl xsaveopt xsavec xgetbv1 xsaves avx_vnni avx512_bf16 wbnoinvd arat avx512vbmi umip pku ospke "
            "waitpkg avx512_vbmi2 gfni vaes vpclmulqdq avx512_vnni avx512_bitalg avx512_vpopcntdq rdpid cldemote movdiri "
            "movdir64b md_clear serialize tsxldtrk amx_bf16 avx512_fp16 amx_tile amx_int8 arch_capabilities")
ZEN2_FLAGS = ("fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr sse sse2 ht "
              "syscall nx mmxext fxsr_opt pdpe1gb rdtscp lm constant_tsc rep_good nopl nonstop_tsc cpuid extd_apicid "
              "tsc_known_freq pni pclmulqdq ssse3 fma cx16 sse4_1 sse4_2 movbe popcnt aes xsave avx f16c rdrand hypervisor "
              "lahf_lm cmp_legacy cr8_legacy abm sse4a misalignsse 3dnowprefetch osvw topoext ssbd ibrs ibpb stibp "
              "vmmcall fsgsbase tsc_adjust bmi1 avx2 smep bmi2 rdseed adx smap clflushopt clwb sha_ni xsaveopt xsavec "
              "xgetbv1 clzero xsaveerptr arat npt nrip_save umip rdpid")
QEMU64_FLAGS = ("fpu de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr sse sse2 syscall "
                "nx lm rep_good nopl xtopology cpuid tsc_known_freq pni cx16 x2apic hypervisor lahf_lm cpuid_fault pti")
SANDY_BRIDGE_FLAGS = ("fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr sse sse2 "
                      "ss ht syscall nx rdtscp lm constant_tsc rep_good nopl xtopology cpuid pni pclmulqdq ssse3 cx16 "
                      "pcid sse4_1 sse4_2 x2apic popcnt tsc_deadline_timer aes xsave avx hypervisor lahf_lm xsaveopt")
# Knights Landing: AVX-512F and CD without BW, DQ and VL (x86-64-v3, not v4).
KNL_FLAGS = ZEN2_FLAGS.replace(" abm ", " abm avx512f avx512cd avx512er avx512pf ")


def cpuinfo(flags: str, processors: int = 2) -> str:
    block = ("processor\t: {n}\nvendor_id\t: GenuineIntel\nmodel name\t: Some CPU @ 2.00GHz\n"
             "flags\t\t: {flags}\nbugs\t\t: spectre_v1 spectre_v2\nbogomips\t: 4000.00\n\n")
    return "".join(block.format(n=n, flags=flags) for n in range(processors))


@pytest.mark.parametrize("flags, expected", [
    (V4_FLAGS, ["x86-64-v4", "x86-64-v3", "baseline"]),
    (ZEN2_FLAGS, ["x86-64-v3", "baseline"]),
    (KNL_FLAGS, ["x86-64-v3", "baseline"]),
    (SANDY_BRIDGE_FLAGS, ["baseline"]),
    (QEMU64_FLAGS, ["baseline"]),
    (ZEN2_FLAGS.replace(" abm ", " "), ["baseline"]),          # no LZCNT
    (ZEN2_FLAGS.replace(" abm ", " lzcnt "), ["x86-64-v3", "baseline"]),
    (V4_FLAGS.replace(" avx512bw ", " "), ["x86-64-v3", "baseline"]),
    (V4_FLAGS.replace(" movbe ", " "), ["baseline"]),
])
def test_flags_choose_the_levels(flags, expected):
    assert _native.supported_variants(cpuinfo(flags)) == expected


def test_flags_parser_reads_the_flags_line_only():
    text = cpuinfo(V4_FLAGS)
    flags = _native.cpu_flags(text)
    assert "avx512f" in flags and "spectre_v1" not in flags and "GenuineIntel" not in flags
    assert _native.cpu_flags("processor\t: 0\nvendor_id\t: AuthenticAMD\n") == frozenset()
    assert _native.supported_variants("") == ["baseline"]
    assert _native.supported_variants(None) == ["baseline"]


def test_missing_cpuinfo_file_means_baseline(tmp_path):
    text = _native._read_cpuinfo(str(tmp_path / "no-such-cpuinfo"))
    assert text is None
    folder = shipped(tmp_path, "x86-64-v4", "x86-64-v3", "baseline")
    assert choose(folder, text) == (folder / "LeadMetrics.Native.so", "baseline")


def shipped(tmp_path: Path, *variants) -> Path:
    folder = tmp_path / "native"
    folder.mkdir(parents=True, exist_ok=True)
    for v in variants:
        (folder / _native.VARIANTS[v][0]).write_bytes(b"")
    return folder


def choose(folder, text, env=None, machine="x86_64"):
    return _native.choose_library(folder, env=env or {}, cpuinfo=text, machine=machine)


def test_best_supported_variant_is_loaded(tmp_path):
    folder = shipped(tmp_path, "x86-64-v4", "x86-64-v3", "baseline")
    assert choose(folder, cpuinfo(V4_FLAGS)) == (folder / "LeadMetrics.Native.x86-64-v4.so", "x86-64-v4")
    assert choose(folder, cpuinfo(ZEN2_FLAGS)) == (folder / "LeadMetrics.Native.x86-64-v3.so", "x86-64-v3")
    assert choose(folder, cpuinfo(QEMU64_FLAGS)) == (folder / "LeadMetrics.Native.so", "baseline")
    # the flags are read on x86-64 only
    assert choose(folder, cpuinfo(V4_FLAGS), machine="aarch64") == (folder / "LeadMetrics.Native.so", "baseline")


def test_missing_variant_file_falls_back(tmp_path):
    folder = shipped(tmp_path, "x86-64-v3", "baseline")  # no v4 file: the next the CPU supports
    assert choose(folder, cpuinfo(V4_FLAGS)) == (folder / "LeadMetrics.Native.x86-64-v3.so", "x86-64-v3")
    folder2 = shipped(tmp_path / "b", "baseline")
    assert choose(folder2, cpuinfo(V4_FLAGS)) == (folder2 / "LeadMetrics.Native.so", "baseline")


def test_environment_overrides(tmp_path):
    folder = shipped(tmp_path, "x86-64-v4", "x86-64-v3", "baseline")
    v4 = cpuinfo(V4_FLAGS)
    assert choose(folder, v4, {"LEADMETRICS_NATIVE": "/opt/lm.so"}) == (Path("/opt/lm.so"), "LEADMETRICS_NATIVE")
    assert choose(folder, v4, {"LEADMETRICS_NATIVE": "/opt/lm.so", "LEADMETRICS_NATIVE_VARIANT": "baseline"})[1] == "LEADMETRICS_NATIVE"
    assert choose(folder, v4, {"LEADMETRICS_NATIVE_VARIANT": "baseline"}) == (folder / "LeadMetrics.Native.so", "baseline")
    assert choose(folder, v4, {"LEADMETRICS_NATIVE_VARIANT": "x86-64-v3"}) == (folder / "LeadMetrics.Native.x86-64-v3.so", "x86-64-v3")
    with pytest.raises(ImportError, match="avx512bw"):
        choose(folder, cpuinfo(ZEN2_FLAGS), {"LEADMETRICS_NATIVE_VARIANT": "x86-64-v4"})
    with pytest.raises(ImportError, match="not one of"):
        choose(folder, v4, {"LEADMETRICS_NATIVE_VARIANT": "avx512"})


# --- every shipped build gives the baseline's results -------------------------------------------------------------------

SCRIPT = r"""
import json, sys
import numpy as np, pandas as pd
sys.path.insert(0, sys.argv[1])
import leadmetrics
from leadmetrics import _columns, _native
sample = sys.argv[2]
out = {"library": leadmetrics.native_library()[1]}
paths = dict(stages=f"{sample}/stages.csv", touchpoints=f"{sample}/touchpoints.csv", costs=f"{sample}/costs.csv",
             revenue=f"{sample}/revenue.csv")
out["paths"] = leadmetrics.report(f"{sample}/leads.csv", by=("source", "owner"), period="month", survival=True,
                                  peak_hours=True, comparisons=True, **paths).raw
leads, stages = pd.read_csv(f"{sample}/leads.csv"), pd.read_csv(f"{sample}/stages.csv")
out["frames"] = leadmetrics.report(leads, stages, by=("campaign",), period="quarter", zone="America/New_York").raw
# 400,000 synthetic leads: one block split over the cores, long runs through the vector kernels
rng = np.random.default_rng(19)
n = 400_000
created = np.datetime64("2024-01-01T00:00:00", "ns").astype(np.int64) + rng.integers(0, 365 * 86400, n) * 1_000_000_000
def times(mu, sigma, mask):
    t = created + (rng.lognormal(mu, sigma, n) * 1e9).astype(np.int64)
    return pd.to_datetime(np.where(mask, t, np.datetime64("NaT").astype(np.int64)).view("datetime64[ns]"), utc=True)
u = rng.random(n)  # won below 0.15, lost from 0.15 to 0.65, open above
big = pd.DataFrame({"created_at": pd.to_datetime(created.view("datetime64[ns]"), utc=True),
                    "source": pd.Categorical.from_codes(rng.integers(0, 8, n), list("abcdefgh")),
                    "owner": pd.Categorical.from_codes(rng.integers(0, 6, n), list("uvwxyz")),
                    "first_response_at": times(7.5, 1.5, rng.random(n) < 0.9), "won_at": times(14.5, 0.8, u < 0.15),
                    "lost_at": times(14.0, 1.0, (u >= 0.15) & (u < 0.65)),
                    "value": np.where(u < 0.3, np.round(rng.integers(50_000, 2_000_000, n) / 100, 2), np.nan)})
out["block"] = leadmetrics.report(big, by=("source", "owner"), peak_hours=True, comparisons=True).raw
# Edge values through the conversion's vector loop (x86-64-v4: eight rows at a time): instants over the whole
# datetime64[ns] range (the floor of ns / 100 near both ends, negative instants), amounts at half a cent and beyond
# 2^52 and 2^63 units; then one bad value at a time (each block rejected, the message naming the row).
m = 4_099
lo, hi = np.iinfo(np.int64).min + 1, np.iinfo(np.int64).max
c = np.concatenate([rng.integers(lo, hi - 10**12, m - 6), [lo, lo + 99, -101, -100, 99, hi - 10**12]]).astype(np.int64)
step = lambda k: (rng.integers(0, 10**12, m) // k).astype(np.int64)  # noqa: E731
u = rng.random(m)
edge = pd.DataFrame({"created_at": pd.to_datetime(c.view("datetime64[ns]"), utc=True),
                     "source": pd.Categorical.from_codes(rng.integers(-1, 3, m), ["a", "b", "c"]),
                     "first_response_at": pd.to_datetime(np.where(u < 0.8, c + step(7), np.iinfo(np.int64).min).view("datetime64[ns]"), utc=True),
                     "won_at": pd.to_datetime(np.where(u < 0.3, c + step(3), np.iinfo(np.int64).min).view("datetime64[ns]"), utc=True),
                     "lost_at": pd.to_datetime(np.where((u >= 0.3) & (u < 0.6), c + step(1), np.iinfo(np.int64).min).view("datetime64[ns]"), utc=True),
                     "value": np.where(u < 0.5, rng.choice([0.005, 0.015, 2.675, 1e13 + 0.5, 4.5e13 + 0.005, 9.2e16, -0.004, 1e-9], m)
                                       + np.floor(rng.random(m) * 1000) / 100, np.nan)})
out["edges"] = leadmetrics.report(edge, by=("source",)).raw
errors = []
for row, column, bad in [(9, "value", 9.3e16), (17, "value", -0.01), (18, "value", np.inf), (33, "first_response_at", -1),
                         (40, "won_at", -1), (41, "lost_at", -1), (42, "both", 0), (2049, "created_at", None)]:
    f = edge.copy()
    if column == "value":
        f.loc[row, "value"] = bad
    elif column == "both":
        f.loc[row, "won_at"] = f.loc[row, "lost_at"] = f.loc[row, "created_at"]
    elif column == "created_at":
        f.loc[row, "created_at"] = pd.NaT
    else:
        other = {"won_at": "lost_at", "lost_at": "won_at"}.get(column)
        if other:
            f.loc[row, other] = pd.NaT
        f.loc[row, column] = f.loc[row, "created_at"] - pd.Timedelta(1, "us")
    try:
        leadmetrics.kpis(f, by="source")
        errors.append(None)
    except ValueError as e:
        errors.append(str(e))
out["errors"] = errors
print(json.dumps(out, sort_keys=True))
"""


def _folder() -> Path:
    return Path(os.environ.get("LEADMETRICS_NATIVE_VARIANTS") or ROOT / "python" / "leadmetrics" / "native")


def _baseline() -> Path:
    return Path(os.environ.get("LEADMETRICS_NATIVE") or _folder() / "LeadMetrics.Native.so")


def _run(library: Path) -> dict:
    env = {**os.environ, "LEADMETRICS_NATIVE": str(library), "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("LEADMETRICS_NATIVE_VARIANT", None)
    p = subprocess.run([sys.executable, "-c", SCRIPT, str(ROOT / "python"), str(SAMPLE)], capture_output=True, text=True,
                       env=env, check=False, timeout=900)
    assert p.returncode == 0, f"{library.name}: exit {p.returncode}\n{p.stderr[-4000:]}"
    return json.loads(p.stdout)


_baseline_result = {}


def baseline_result() -> dict:
    if "r" not in _baseline_result:
        _baseline_result["r"] = _run(_baseline())
    return _baseline_result["r"]


def diff(a, b, path=""):
    """The first place two JSON values differ."""
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b)):
            d = diff(a.get(k, "<missing>"), b.get(k, "<missing>"), f"{path}.{k}")
            if d:
                return d
        return None
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return f"{path}: {len(a)} items against {len(b)}"
        for i, (x, y) in enumerate(zip(a, b)):
            d = diff(x, y, f"{path}[{i}]")
            if d:
                return d
        return None
    return None if a == b else f"{path}: {a!r} against {b!r}"


@pytest.mark.parametrize("variant", ["x86-64-v3", "x86-64-v4"])
def test_variant_gives_the_baselines_results(variant):
    library = _folder() / _native.VARIANTS[variant][0]
    if not library.exists():
        message = f"{library} is missing (python/build.sh publishes it; the .NET tests set LEADMETRICS_NATIVE_VARIANTS)"
        if os.environ.get("LEADMETRICS_CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    if variant not in _native.supported_variants(_native._read_cpuinfo()):
        pytest.skip(f"this CPU lacks the flags of {variant}: loading {library.name} would stop the process")
    expected = dict(baseline_result())
    actual = _run(library)
    assert expected.pop("library") == "LEADMETRICS_NATIVE" and actual.pop("library") == "LEADMETRICS_NATIVE"
    assert set(expected) == {"paths", "frames", "block", "edges", "errors"}
    assert all(expected["errors"]), expected["errors"]
    assert actual == expected, f"{variant} differs from the baseline: {diff(actual, expected)}"
    assert json.dumps(actual, sort_keys=True) == json.dumps(expected, sort_keys=True)


def test_package_loads_the_best_shipped_build():
    """Without LEADMETRICS_NATIVE, from the source tree's native folder: the file the loader chooses for this CPU."""
    folder = ROOT / "python" / "leadmetrics" / "native"
    if not (folder / "LeadMetrics.Native.so").exists():
        pytest.skip(f"{folder} has no build (python/build.sh)")
    env = {k: v for k, v in os.environ.items() if k not in ("LEADMETRICS_NATIVE", "LEADMETRICS_NATIVE_VARIANT")}
    code = f"import sys; sys.path.insert(0, {str(ROOT / 'python')!r}); import leadmetrics; print(*leadmetrics.native_library())"
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False)
    assert p.returncode == 0, p.stderr
    path, variant = p.stdout.split()
    best = next(v for v in _native.supported_variants(_native._read_cpuinfo()) if (folder / _native.VARIANTS[v][0]).exists())
    assert (Path(path), variant) == (folder / _native.VARIANTS[best][0], best)
    forced = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env={**env, "LEADMETRICS_NATIVE_VARIANT": "baseline"}, check=False)
    assert forced.returncode == 0, forced.stderr
    assert forced.stdout.split() == [str(folder / "LeadMetrics.Native.so"), "baseline"]
