"""The CLI report's peak hours (response_time_by_hour / _by_weekday), comparisons (rates and Mann-Whitney durations)
and score quality (--scoring) from the package (ABI revision 4: the set options peak_hours and comparisons, lm_score's
quality), equal to the CLI's JSON on the sample data: from pandas frames and from paths, and bad input raising
ValueError naming column and row."""
import pandas as pd
import pytest

import leadmetrics
from conftest import ROOT, SAMPLE, same

LEADS = str(SAMPLE / "leads.csv")
STAGES = str(SAMPLE / "stages.csv")
MODEL = ROOT / "samples" / "scoring-model.json"


@pytest.fixture(scope="module")
def frames():
    return pd.read_csv(LEADS), pd.read_csv(STAGES)


def same_rows(expected: list, actual: list, where: str):
    assert len(actual) == len(expected), f"{where}: {len(actual)} rows, the CLI has {len(expected)}"
    for i, (e, a) in enumerate(zip(expected, actual)):
        e, a = leadmetrics._flatten(e), leadmetrics._flatten(a)
        diffs = [f"{k}: cli={e[k]!r} python={a.get(k, '<missing>')!r}" for k in e if not same(e[k], a.get(k))]
        assert not diffs, f"{where} row {i}: " + "; ".join(diffs[:8])


def records(frame: pd.DataFrame) -> list:
    return [{k: (None if isinstance(v, float) and v != v else v) for k, v in r.items()} for r in frame.to_dict("records")]


@pytest.mark.parametrize("zone", ["UTC", "America/New_York"])
@pytest.mark.parametrize("source", ["frames", "paths"])
def test_peak_hours_equal_cli(cli, frames, zone, source):
    expected = cli("--leads", LEADS, "--stages", STAGES, "--by", "source", "--zone", zone)
    leads, stages = frames if source == "frames" else (LEADS, STAGES)
    peak = leadmetrics.peak_hours(leads, stages, by="source", zone=zone)
    same_rows(expected["response_time_by_hour"], records(peak.by_hour), "by hour")
    same_rows(expected["response_time_by_weekday"], records(peak.by_weekday), "by weekday")
    assert list(peak.by_hour.columns[:7]) == ["hour", "leads", "answered", "unanswered", "mean", "p50", "p90"]
    assert "within_target_share.300" in peak.by_hour.columns


@pytest.mark.parametrize("by,period,zone", [
    ("source", None, "UTC"),
    ("source,owner,campaign", None, "UTC"),
    ("owner", "month", "America/New_York"),
    ("", "quarter", "UTC"),
    ("industry", None, "UTC"),
])
def test_comparisons_equal_cli(cli, frames, by, period, zone):
    args = ["--leads", LEADS, "--stages", STAGES, "--zone", zone]
    if by:
        args += ["--by", by]
    if period:
        args += ["--period", period]
    expected = cli(*args)["comparisons"]
    # a lead attribute groups DataFrames only (the ingest layer keeps no attributes)
    for leads, stages in (frames,) if by == "industry" else (frames, (LEADS, STAGES)):
        c = leadmetrics.comparisons(leads, stages, by=by.split(",") if by else [], period=period, zone=zone)
        assert same(c.significance, expected["significance"]) and c.correction == expected["correction"]
        same_rows(expected["rates"], records(c.rates), f"rates by {by!r} {period}")
        same_rows(expected["durations"], records(c.durations), f"durations by {by!r} {period}")
        assert len(c.rates) > 0 and len(c.durations) > 0


def test_report_sections_off_by_default(frames):
    rep = leadmetrics.report(*frames, by="source")
    assert rep.raw["response_time_by_hour"] is None and rep.raw["comparisons"] is None
    with pytest.raises(ValueError, match="peak_hours=True"):
        rep.response_time_by_hour
    with pytest.raises(ValueError, match="comparisons=True"):
        rep.rate_comparisons
    on = leadmetrics.report(*frames, by="source", peak_hours=True, comparisons=True)
    # the other sections are the same with them on
    assert on.raw["groups"] == rep.raw["groups"] and on.raw["trend"] == rep.raw["trend"] and on.raw["reps"] == rep.raw["reps"]


def test_comparisons_merge_equals_one_pass(frames):
    leads, stages = frames
    whole = leadmetrics.report(leads, stages, by="source", comparisons=True, peak_hours=True).raw
    options = {"by": ["source"], "comparisons": True, "peak_hours": True}
    from leadmetrics import _columns, _native
    with _native.KpiSet(options) as first:
        with first.empty_like() as second:
            for part, into in ((leads.iloc[:1500], first), (leads.iloc[1500:], second)):
                keep = []
                st = stages[stages["lead_id"].isin(part["lead_id"])]
                into.add_block(_columns.lead_block(part.reset_index(drop=True), st.reset_index(drop=True), "UTC", 2, keep))
            first.merge(second)
        merged = first.snapshot()
    for name in ("response_time_by_hour", "response_time_by_weekday"):
        same_rows(whole[name], merged[name], name)
    same_rows(whole["comparisons"]["rates"], merged["comparisons"]["rates"], "rates")
    same_rows(whole["comparisons"]["durations"], merged["comparisons"]["durations"], "durations")


def test_score_quality_equals_cli(cli, frames):
    expected = cli("--leads", LEADS, "--stages", STAGES, "--scoring", str(MODEL), "--by", "source")["score_quality"]
    q = leadmetrics.score_quality(frames[0], MODEL)
    for k in ("auc", "gini", "won", "lost", "open", "base_rate"):
        assert same(getattr(q, k), expected[k]), k
    same_rows(expected["by_grade"], records(q.by_grade), "by grade")
    assert list(q.by_grade["grade"]) == ["Hot", "Warm", "Cold"]


def test_bad_input_names_column_and_row(frames):
    leads = pd.DataFrame({
        "lead_id": ["a", "b", "c"],
        "created_at": ["2024-01-01T09:00Z", "2024-01-02T09:00Z", "2024-01-03T09:00Z"],
        "won_at": [None, "2024-01-05T09:00Z", None],
        "lost_at": [None, "2024-01-06T09:00Z", None],
    })
    with pytest.raises(ValueError, match=r"row 1"):
        leadmetrics.score_quality(leads, MODEL)
    bad = leads.drop(columns=["lost_at"]).assign(created_at=["2024-01-01T09:00Z", "2024-01-02T09:00Z", "yesterday"])
    for call in (leadmetrics.peak_hours, leadmetrics.comparisons):
        with pytest.raises(ValueError, match=r"created_at.*row 2|row 2.*created_at"):
            call(bad)
    with pytest.raises(ValueError, match=r"won_at.*row 0|row 0.*won_at"):
        leadmetrics.score_quality(leads.drop(columns=["lost_at"]).assign(won_at=["soon", None, None]), MODEL)
    with pytest.raises(ValueError, match="peak_hours"):
        leadmetrics.KpiSet({"peak_hours": "yes"}).close()
    with pytest.raises(ValueError, match="comparisons"):
        leadmetrics.KpiSet({"comparisons": 1}).close()
