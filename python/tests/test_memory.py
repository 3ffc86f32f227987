"""1,000 calls leak no memory: the resident set after 1,000 more kpis() (half of them with touchpoints, costs and
revenue) and read_csv() calls stays within a bound of
what it was after a warm-up (native results are freed with lm_free, KPI sets with lm_kpis_free)."""
import gc

import pandas as pd

import leadmetrics
from conftest import SAMPLE


def rss_bytes() -> int:
    with open("/proc/self/statm") as f:
        pages = int(f.read().split()[1])
    import os
    return pages * os.sysconf("SC_PAGE_SIZE")


def test_thousand_calls_do_not_leak():
    leads = pd.read_csv(SAMPLE / "leads.csv").head(300)
    stages = pd.read_csv(SAMPLE / "stages.csv")
    stages = stages[stages["lead_id"].isin(leads["lead_id"])]
    money = {name: pd.read_csv(SAMPLE / f"{name}.csv") for name in ("touchpoints", "revenue")}
    money = {name: frame[frame["lead_id"].isin(leads["lead_id"])] for name, frame in money.items()}
    money["costs"] = pd.read_csv(SAMPLE / "costs.csv").head(100)

    def call(i):
        if i % 2:
            leadmetrics.kpis(leads, stages, by=["source", "owner"])
        else:  # touchpoints, costs and revenue too (lm_kpis_add_block)
            leadmetrics.kpis(leads, stages, **money, by=["source", "owner"])
        if i % 100 == 0:
            leadmetrics.read_csv(SAMPLE / "leads.csv", SAMPLE / "stages.csv")

    # The managed heap and the allocator grow and shrink by tens of MB between collections (a read_csv result is large),
    # so the resident set is sampled every 25 calls and the floor (the smallest sample) is compared: a leak raises the
    # floor, noise does not.
    def floor(calls, last):
        samples = []
        for i in range(calls):
            call(i)
            if i >= calls - last and i % 25 == 24:
                gc.collect()
                samples.append(rss_bytes())
        return min(samples)

    before = floor(300, 100)  # warm-up, the same mix: the managed heap and pandas caches reach their working size
    grown = floor(1000, 200) - before
    # A leak of one 300-lead result per call would raise the floor by > 1,000 x 60 KB = 60 MB; allow 25 MB of noise.
    assert grown < 25 * 1024 * 1024, f"RSS floor grew by {grown / 1e6:.1f} MB over 1,000 calls"
