"""kpis() against pandas groupby on the same synthetic leads (issue 19's benchmark).

    python/build.sh --no-wheel
    python3 benchmarks/python/bench_kpis.py --rows 1000000 --repeat 3 [--dump /tmp/leads.bin]

Generates N leads with numpy (seed 1): created_at over 2024, 8 sources, 6 owners, a first response for 90% of the leads
(log-normal delay), 15% won and 50% lost after a log-normal delay, a deal value in cents for won leads. Then, in the
same process, best of --repeat runs of:
  kpis         leadmetrics.kpis(frame, by="source"): column conversion + the native library + the result frame
  native call  the native library only (lm_kpis_add_leads + lm_kpis_snapshot on buffers already converted, with
               kpis()'s set options: trend and reps off)
  native full  the same with the set options' defaults (the monthly trend, its cohort maturity, the rep comparison)
  pandas       groupby("source") computing the same headline numbers: leads, won, lost, conversion and win rate,
               response count, mean, p50, p90 (seconds), time to conversion mean, p50, p90, won value
and checks that counts, rates, means and won value agree (quantiles: the library's sketch is within 1%). Each row has
wall seconds and CPU seconds (time.process_time: every thread of the process; on a shared machine the work done, whatever
the load). It also prints
where kpis()'s time goes (best of --repeat for each part): the Python-side conversion (datetimes to int64 ns, label
codes; float64 deal values go as they are, the library rounds them: ABI revision 5), the native add (checks, LeadColumnsBuilder batches, the library's calculators, on every core for
a large block), the snapshot (JSON written and parsed) and the result frame.
--dump writes the columns as raw int64/int32 arrays for benchmarks/python/InProcess.cs (the C# in-process run).
"""
import argparse
import ctypes
import json
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "python"))
import leadmetrics  # noqa: E402
from leadmetrics import _columns, _native  # noqa: E402

SOURCES = ["website", "facebook", "google_ads", "linkedin", "partner", "webinar", "conference", "email"]
OWNERS = ["ana", "ben", "dana", "eli", "omer", "zoe"]


def generate(n: int, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    start = np.datetime64("2024-01-01T00:00:00", "ns").astype(np.int64)
    created = start + rng.integers(0, 365 * 86400, n, dtype=np.int64) * 1_000_000_000
    response = created + (rng.lognormal(7.5, 1.5, n) * 1e9).astype(np.int64)
    response[rng.random(n) < 0.1] = _columns.MISSING
    u = rng.random(n)
    close = created + (rng.lognormal(14.5, 0.8, n) * 1e9).astype(np.int64)
    won = np.where(u < 0.15, close, _columns.MISSING)
    lost = np.where((u >= 0.15) & (u < 0.65), close, _columns.MISSING)
    value = np.where(u < 0.15, rng.integers(50_000, 2_000_000, n), _columns.MISSING)
    to_dt = lambda a: pd.to_datetime(np.where(a == _columns.MISSING, np.datetime64("NaT").astype(np.int64), a).view("datetime64[ns]"), utc=True)  # noqa: E731
    return pd.DataFrame({
        "created_at": to_dt(created),
        "source": pd.Categorical.from_codes(rng.integers(0, len(SOURCES), n), SOURCES),
        "owner": pd.Categorical.from_codes(rng.integers(0, len(OWNERS), n), OWNERS),
        "first_response_at": to_dt(response),
        "won_at": to_dt(won),
        "lost_at": to_dt(lost),
        "value": pd.array(np.where(value == _columns.MISSING, pd.NA, value / 100), dtype="Float64").to_numpy(dtype=np.float64, na_value=np.nan),
    })


def pandas_headline(df: pd.DataFrame) -> pd.DataFrame:
    response = (df["first_response_at"] - df["created_at"]).dt.total_seconds()
    conversion = (df["won_at"] - df["created_at"]).dt.total_seconds()
    work = pd.DataFrame({"source": df["source"], "won": df["won_at"].notna(), "lost": df["lost_at"].notna(),
                         "response": response, "conversion": conversion,
                         "won_value": df["value"].where(df["won_at"].notna())})
    g = work.groupby("source", observed=True, sort=True)
    out = g.agg(leads=("won", "size"), won=("won", "sum"), lost=("lost", "sum"),
                response_count=("response", "count"), response_mean=("response", "mean"),
                conversion_mean=("conversion", "mean"), won_value=("won_value", "sum"))
    q = g[["response", "conversion"]].quantile([0.5, 0.9]).unstack()
    out["response_p50"], out["response_p90"] = q[("response", 0.5)], q[("response", 0.9)]
    out["conversion_p50"], out["conversion_p90"] = q[("conversion", 0.5)], q[("conversion", 0.9)]
    out["conversion_rate"] = out["won"] / out["leads"]
    out["win_rate"] = out["won"] / (out["won"] + out["lost"])
    return out


CPU = {}  # name -> least CPU seconds of the process (every thread) over the runs: the work, whatever the machine's load


def best(fn, repeat, name=None):
    times, cpus, result = [], [], None
    for _ in range(repeat):
        c = time.process_time()
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
        cpus.append(time.process_time() - c)
    if name:
        CPU[name] = min(cpus)
    return min(times), result


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--dump")
    a = ap.parse_args()
    t = time.perf_counter()
    df = generate(a.rows)
    print(f"generated {a.rows:,} leads in {time.perf_counter() - t:.1f} s", flush=True)

    leadmetrics.kpis(df.head(1000), by="source")  # load the library
    t_kpis, ours = best(lambda: leadmetrics.kpis(df, by="source"), a.repeat, "kpis")
    keep = []
    block = _columns.lead_block(df, None, "UTC", 2, keep)

    # The same set options as kpis(): the groups only (its trend and rep comparison are off).
    lean = {"by": ["source"], "trend": False, "reps": False}

    def native_only():
        with _native.KpiSet(lean) as s:
            s.add_block(block)
            return s.snapshot()
    t_native, _ = best(native_only, a.repeat, "native")

    def native_full():
        with _native.KpiSet({"by": ["source"]}) as s:
            s.add_block(block)
            return s.snapshot()
    t_full, _ = best(native_full, a.repeat, "full")

    # Where kpis()'s time goes: the Python-side conversion (datetimes to int64 ns, factorize, money to minor units),
    # the native add (checks, the library's builder and calculators), the snapshot (JSON out and parsed), the frame.
    parts = {"convert": [], "add": [], "snapshot": [], "frame": []}
    for _ in range(a.repeat):
        t0 = time.perf_counter()
        k = []
        b = _columns.lead_block(df, None, "UTC", 2, k)
        t1 = time.perf_counter()
        with _native.KpiSet(lean) as s:
            s.add_block(b)
            t2 = time.perf_counter()
            raw = s.snapshot()
        t3 = time.perf_counter()
        leadmetrics.Report(raw).groups
        t4 = time.perf_counter()
        for name, v in zip(parts, (t1 - t0, t2 - t1, t3 - t2, t4 - t3)):
            parts[name].append(v)
    t_pandas, theirs = best(lambda: pandas_headline(df), a.repeat, "pandas")

    ours = ours.set_index("source")
    for src in theirs.index:
        o, p = ours.loc[src], theirs.loc[src]
        assert o["leads"] == p["leads"] and o["won"] == p["won"] and o["lost"] == p["lost"], src
        assert abs(o["response_time_seconds.mean"] - p["response_mean"]) < 1e-6 * p["response_mean"] + 1e-3, src
        assert abs(o["time_to_conversion_seconds.mean"] - p["conversion_mean"]) < 1e-6 * p["conversion_mean"] + 1e-3, src
        assert abs(float(o["won_value"]) - p["won_value"]) < 0.01, src
        for ok, pk in (("response_time_seconds.p50", "response_p50"), ("response_time_seconds.p90", "response_p90"),
                       ("time_to_conversion_seconds.p50", "conversion_p50")):
            assert abs(o[ok] / p[pk] - 1) < 0.03, (src, ok, o[ok], p[pk])
    print("results agree (counts, rates, means, won value exact; quantiles within 3%)")
    n = a.rows
    rows = [("leadmetrics.kpis() (conversion + native)", t_kpis, "kpis"), ("native call only (add + snapshot)", t_native, "native"),
            ("native call, trend + maturity + reps too", t_full, "full"), ("pandas groupby (same headline numbers)", t_pandas, "pandas")]
    print(json.dumps({"rows": n, **{name: {"seconds": round(s, 3), "cpu_seconds": round(CPU[k], 3), "leads_per_second": round(n / s)}
                                    for name, s, k in rows}}, indent=1))
    print(f"kpis() vs pandas: {t_pandas / t_kpis:.1f}x faster (wall), {CPU['pandas'] / CPU['kpis']:.1f}x (CPU seconds)")
    print("kpis() parts (best of each, seconds): " + ", ".join(f"{k} {min(v):.3f}" for k, v in parts.items()))

    if a.dump:
        d = Path(a.dump)
        d.mkdir(parents=True, exist_ok=True)
        value = keep[4] if keep[4] is not None else _columns.money(df, "value", 2, "leads")  # float values go to the library as they are
        for name, arr in [("created", keep[0]), ("response", keep[1]), ("won", keep[2]), ("lost", keep[3]), ("value", value),
                          ("source", keep[5])]:
            np.ascontiguousarray(arr).tofile(d / f"{name}.bin")
        (d / "source_labels.json").write_bytes(keep[6])
        print(f"columns written to {d}")


if __name__ == "__main__":
    main()
