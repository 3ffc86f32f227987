"""The bulk entry: one large block (filled on several threads inside the library, a partial per chunk, merged) gives
the same snapshot as the same leads added in small blocks (each filled on one thread), and the fast column paths
(tz-aware and naive UTC datetimes) give the same buffers as the general path."""
import numpy as np
import pandas as pd

from leadmetrics import _columns, _native

N = 300_000  # above the library's threshold for splitting a block (2 chunks of 131,072 leads)


def frame(n: int) -> pd.DataFrame:
    rng = np.random.default_rng(7)
    start = np.datetime64("2024-01-01T00:00:00", "ns").astype(np.int64)
    created = start + rng.integers(0, 365 * 86400, n, dtype=np.int64) * 1_000_000_000
    response = created + (rng.lognormal(7.5, 1.5, n) * 1e9).astype(np.int64)
    response[rng.random(n) < 0.1] = _columns.MISSING
    u = rng.random(n)
    close = created + (rng.lognormal(14.5, 0.8, n) * 1e9).astype(np.int64)
    won = np.where(u < 0.15, close, _columns.MISSING)
    lost = np.where((u >= 0.15) & (u < 0.65), close, _columns.MISSING)
    value = np.where(u < 0.15, rng.integers(50_000, 2_000_000, n), -1)
    dt = lambda a: pd.to_datetime(a.view("datetime64[ns]"), utc=True)  # noqa: E731
    return pd.DataFrame({
        "created_at": dt(created),
        "source": pd.Categorical.from_codes(rng.integers(0, 8, n), [f"s{i}" for i in range(8)]),
        "owner": pd.Categorical.from_codes(rng.integers(0, 6, n), [f"o{i}" for i in range(6)]),
        "first_response_at": dt(response),
        "won_at": dt(won),
        "lost_at": dt(lost),
        "value": np.where(value < 0, np.nan, value / 100),
    })


def snapshot(df: pd.DataFrame, parts: int) -> dict:
    with _native.KpiSet({"by": ["source", "owner"], "period": "month"}) as s:
        # The labels of the first block fix the ids; every block carries its own codes and labels.
        for chunk in np.array_split(np.arange(len(df)), parts):
            keep = []
            s.add_block(_columns.lead_block(df.iloc[chunk].reset_index(drop=True), None, "UTC", 2, keep))
        return s.snapshot()


def test_one_large_block_equals_small_blocks():
    df = frame(N)
    one = snapshot(df, 1)
    small = snapshot(df, 6)  # 50,000 leads a block: each on one thread
    assert one["total"]["leads"] == N
    for key in ("total", "groups", "trend", "reps", "as_of"):
        assert one[key] == small[key], key


def test_fast_datetime_paths_equal_general_path():
    df = frame(1000)
    aware = _columns.instants(df, "won_at", "UTC", "leads")
    naive = _columns.instants(df.assign(won_at=df["won_at"].dt.tz_localize(None)), "won_at", "UTC", "leads")
    text = _columns.instants(df.assign(won_at=df["won_at"].dt.strftime("%Y-%m-%dT%H:%M:%S.%fZ")), "won_at", "UTC", "leads")
    assert (aware == naive).all()
    # text keeps microseconds: the general path's parse of the same instants, to the microsecond
    assert ((aware == text) | ((aware // 1000) == (text // 1000))).all()
    other = _columns.instants(df.assign(won_at=df["won_at"].dt.tz_convert("Asia/Tokyo")), "won_at", "UTC", "leads")
    assert (aware == other).all()
