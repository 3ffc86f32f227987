"""Touchpoints, costs and revenue as DataFrames (lm_kpis_add_block): the money KPIs (revenue, cost, cost per lead,
acquisition cost, ROI, ROAS, lifetime value and its detail, spend-based acquisition cost per period), the groups with
cost but no lead and the responses inferred from touchpoints equal the CLI's JSON on the bundled sample data."""
import pandas as pd
import pytest

import leadmetrics
from conftest import SAMPLE
from test_sample_vs_cli import check_report

FILES = {name: str(SAMPLE / f"{name}.csv") for name in ("leads", "stages", "touchpoints", "costs", "revenue")}


@pytest.fixture(scope="module")
def frames():
    return {name: pd.read_csv(path) for name, path in FILES.items()}


def cli_args(*names):
    args = []
    for n in names:
        args += [f"--{n}", FILES[n]]
    return args


@pytest.mark.parametrize("by,period", [
    ("source", None),
    ("source,owner,campaign", None),
    ("campaign", "quarter"),
    ("", "month"),
    ("industry", None),
])
def test_all_files_equal_cli(cli, frames, by, period):
    args = cli_args("leads", "stages", "touchpoints", "costs", "revenue")
    if by:
        args += ["--by", by]
    if period:
        args += ["--period", period]
    expected = cli(*args)
    f = frames
    rep = leadmetrics.report(f["leads"], f["stages"], f["touchpoints"], f["costs"], f["revenue"],
                             by=[b for b in by.split(",") if b], period=period)
    assert rep.raw["revenue_basis"] == expected["revenue_basis"] == "realized"
    assert rep.raw["total"]["cost"] is not None and rep.raw["total"]["lifetime_value"] is not None
    check_report(expected, rep)
    assert rep.raw["total"]["lifetime_value_detail"] == expected["total"]["lifetime_value_detail"]


@pytest.mark.parametrize("files", [("costs",), ("revenue",), ("touchpoints",), ("costs", "revenue")])
def test_each_file_alone_equals_cli(cli, frames, files):
    expected = cli(*cli_args("leads", "stages", *files), "--by", "source")
    f = frames
    rep = leadmetrics.report(f["leads"], f["stages"], **{n: f[n] for n in files}, by=["source"])
    check_report(expected, rep)


def test_touchpoints_infer_the_first_response(cli, frames, tmp_path):
    """Leads without first_response_at are answered by their earliest outbound call, email or chat (the CLI's rule)."""
    f = frames
    leads = f["leads"].copy()
    leads.loc[leads.index % 3 == 0, "first_response_at"] = None
    path = tmp_path / "leads_no_response.csv"
    leads.to_csv(path, index=False)
    expected = cli("--leads", str(path), "--stages", FILES["stages"], "--touchpoints", FILES["touchpoints"], "--by", "source")
    without = leadmetrics.report(leads, f["stages"], by=["source"]).raw["total"]["response_time_seconds"]["count"]
    rep = leadmetrics.report(leads, f["stages"], f["touchpoints"], by=["source"])
    assert rep.raw["total"]["response_time_seconds"]["count"] > without
    check_report(expected, rep)


def test_money_bad_input_names_column_and_row(frames):
    f = frames
    costs = f["costs"].copy()
    costs.loc[5, "amount"] = -1
    with pytest.raises(ValueError, match=r"costs: column 'amount', row 5: .*cannot be negative"):
        leadmetrics.kpis(f["leads"], costs=costs)
    costs = f["costs"].copy()
    costs.loc[2, "category"] = "bribes"
    with pytest.raises(ValueError, match=r"costs: column 'category', row 2: value 'bribes'"):
        leadmetrics.kpis(f["leads"], costs=costs)
    revenue = f["revenue"].copy()
    revenue.loc[3, "lead_id"] = "nobody"
    with pytest.raises(ValueError, match=r"revenue: column 'lead_id', row 3: value 'nobody'"):
        leadmetrics.kpis(f["leads"], revenue=revenue)
    touch = f["touchpoints"].copy()
    touch.loc[4, "direction"] = "sideways"
    with pytest.raises(ValueError, match=r"touchpoints: column 'direction', row 4: value 'sideways'"):
        leadmetrics.kpis(f["leads"], touchpoints=touch)
    touch = f["touchpoints"].copy()
    touch.loc[0, "at"] = "2020-01-01T00:00:00Z"
    with pytest.raises(ValueError, match=r"touchpoints: column 'at', row 0: .*cannot be before"):
        leadmetrics.kpis(f["leads"], touchpoints=touch)
