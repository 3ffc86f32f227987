"""kpis() equals the CLI's JSON on the bundled sample data (samples/data, leads and stages): from pandas frames
(columns through the C ABI) and from the CSV paths (the SDK's ingest layer), by source, owner and campaign, with and
without a period, in UTC and in another zone."""
import pandas as pd
import pytest

import leadmetrics
from conftest import FUNNEL_CLI_ONLY, REP_CLI_ONLY, SAMPLE, assert_same_kpis, same

LEADS = str(SAMPLE / "leads.csv")
STAGES = str(SAMPLE / "stages.csv")


@pytest.fixture(scope="module")
def frames():
    return pd.read_csv(LEADS), pd.read_csv(STAGES)


def check_report(cli_json, rep: leadmetrics.Report):
    assert_same_kpis(cli_json["total"], leadmetrics._flatten(rep.raw["total"]), "total")
    groups = rep.groups
    assert len(groups) == len(cli_json["groups"])
    for i, g in enumerate(cli_json["groups"]):
        row = groups.iloc[i].to_dict()
        for k, v in g["key"].items():
            assert row[k] == v, f"group {i}: key {k}"
        assert_same_kpis(g, row, f"group {g['key']}")
    trend = rep.trend
    assert list(trend["period"]) == [t["key"]["period"] for t in cli_json["trend"]]
    for i, t in enumerate(cli_json["trend"]):
        assert_same_kpis(t, trend.iloc[i].to_dict(), f"trend {t['key']}")
    # nested results: the funnel and the histograms of every scope, and the reps
    for scope, kpis in [("total", cli_json["total"])] + [("group", g) for g in cli_json["groups"]]:
        key = kpis.get("key", {})
        f = rep.funnel
        f = f[f["scope"] == scope]
        for k, v in key.items():
            f = f[f[k] == v]
        assert [r["stage"] for r in kpis["funnel"]] == list(f["stage"])
        for exp, (_, act) in zip(kpis["funnel"], f.iterrows()):
            assert all(same(exp[c], act[c]) for c in exp if c not in FUNNEL_CLI_ONLY), (scope, key, exp)
    assert len(rep.reps) == len(cli_json["reps"]["reps"])
    for exp, (_, act) in zip(cli_json["reps"]["reps"], rep.reps.iterrows()):
        assert all(same(exp[c], act[c]) for c in exp if c not in REP_CLI_ONLY), exp


@pytest.mark.parametrize("by,period,zone", [
    ("source", None, "UTC"),
    ("source,owner,campaign", None, "UTC"),
    ("owner", "month", "America/New_York"),
    ("", "quarter", "UTC"),
])
def test_frames_equal_cli(cli, frames, by, period, zone):
    args = ["--leads", LEADS, "--stages", STAGES, "--zone", zone]
    if by:
        args += ["--by", by]
    if period:
        args += ["--period", period]
    expected = cli(*args)
    leads, stages = frames
    rep = leadmetrics.report(leads, stages, by=[b for b in by.split(",") if b], period=period, zone=zone)
    check_report(expected, rep)


def test_paths_equal_cli(cli):
    expected = cli("--leads", LEADS, "--stages", STAGES, "--by", "source,owner")
    rep = leadmetrics.report(LEADS, STAGES, by=["source", "owner"])
    check_report(expected, rep)


def test_kpis_frame_is_tidy(cli, frames):
    leads, stages = frames
    frame = leadmetrics.kpis(leads, stages, by=["source"])
    expected = cli("--leads", LEADS, "--stages", STAGES, "--by", "source")
    assert list(frame["source"]) == [g["key"]["source"] for g in expected["groups"]]
    for name in ("leads", "won", "conversion_rate", "response_time_seconds.p50", "response_time_seconds.within_target_share.300",
                 "time_to_conversion_seconds.p90", "sales_cycle_seconds.won.mean", "won_value", "conversion_rate_ci.lower"):
        assert name in frame.columns, name
    assert frame["leads"].sum() == expected["total"]["leads"]


def test_read_csv_round_trip(cli):
    """read_csv (the ingest layer) then kpis() on its frames gives the CLI's numbers."""
    data = leadmetrics.read_csv(LEADS, STAGES)
    assert data.data_quality["rows_read"] == data.data_quality["rows_accepted"]
    leads = data.leads.rename(columns={"lead_key": "lead_id"})
    stages = data.stages.rename(columns={"lead_key": "lead_id"})
    expected = cli("--leads", LEADS, "--stages", STAGES, "--by", "source")
    check_report(expected, leadmetrics.report(leads, stages, by=["source"]))


def test_merge_equals_one_pass(frames):
    leads, stages = frames
    half = len(leads) // 2
    one = leadmetrics.report(leads, stages, by=["source"]).raw
    a_leads, b_leads = leads.iloc[:half], leads.iloc[half:]
    from leadmetrics import _columns, _native
    with _native.KpiSet({"by": ["source"]}) as a:
        with a.empty_like() as b:
            for kset, part in ((a, a_leads), (b, b_leads)):
                keep = []
                st = stages[stages["lead_id"].isin(part["lead_id"])]
                kset.add_block(_columns.lead_block(part.reset_index(drop=True), st.reset_index(drop=True), "UTC", 2, keep))
            a.merge(b)
        merged = a.snapshot()
    assert merged["total"] == one["total"]
    assert merged["groups"] == one["groups"]


@pytest.mark.parametrize("by", ["source,industry", "budget"])
def test_attribute_groups_equal_cli(cli, frames, by):
    """A lead attribute as a grouping (one per call), labelled as the CLI labels attribute values (numbers without
    trailing zeros); the CLI computes these groups on its row path."""
    leads, stages = frames
    expected = cli("--leads", LEADS, "--stages", STAGES, "--by", by)
    rep = leadmetrics.report(leads, stages, by=by.split(","))
    check_report(expected, rep)


def test_one_attribute_per_call(frames):
    leads, stages = frames
    with pytest.raises(ValueError, match="one lead attribute per set"):
        leadmetrics.kpis(leads, stages, by=["industry", "role"])
    with pytest.raises(ValueError, match="column 'colour' \\(by\\) is not a column"):
        leadmetrics.kpis(leads, stages, by=["colour"])
