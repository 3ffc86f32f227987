"""What the package gives beyond the KPI set (issue 19, the missing scope), each compared with the CLI's JSON on the
sample data: margin= (the CLI's --margin: gross_profit, roi_on_margin), capacity= (--capacity), rates= with DataFrames
(costs and revenue in other currencies, converted as --rates converts them, with the same messages), DataFrame
stages/touchpoints/costs/revenue with leads as a file path, and the options that skip work (trend, maturity, reps)."""
import numpy as np
import pandas as pd
import pytest

import leadmetrics
from conftest import SAMPLE, same
from test_money_paths import FILES, NAMES, check_money, cli_args, multi_currency  # noqa: F401 - fixture
from test_sample_vs_cli import check_report


def frames():
    return {n: pd.read_csv(FILES[n]) for n in NAMES}


# --- margin= -------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("margin,cli_margin", [(0.35, "0.35"), ("35%", "35%"), ("0.125", "0.125")])
def test_margin_with_costs_and_revenue_equals_cli(cli, margin, cli_margin):
    expected = cli(*cli_args(FILES, *NAMES), "--by", "source", "--margin", cli_margin)
    rep = leadmetrics.report(FILES["leads"], FILES["stages"], FILES["touchpoints"], FILES["costs"], FILES["revenue"],
                             by=["source"], margin=margin)
    check_money(expected, rep)
    assert rep.raw["margin"] == pytest.approx(expected["margin"])
    assert rep.raw["total"]["gross_profit"] is not None and rep.raw["total"]["roi_on_margin"] is not None
    for g, e in zip(rep.raw["groups"], expected["groups"]):
        for name in ("gross_profit", "roi_on_margin"):
            assert same(g[name], e[name]), (g["key"], name)


def test_margin_on_frames_without_money_equals_cli(cli):
    """Without costs and revenue, gross profit is the won value x the margin (the CLI's rule); from DataFrames."""
    f = frames()
    expected = cli("--leads", FILES["leads"], "--stages", FILES["stages"], "--by", "owner", "--period", "quarter", "--margin", "40%")
    rep = leadmetrics.report(f["leads"], f["stages"], by=["owner"], period="quarter", margin="40%")
    check_report(expected, rep)
    assert rep.raw["total"]["gross_profit"] == pytest.approx(expected["total"]["gross_profit"])
    assert rep.raw["total"]["roi_on_margin"] is None


def test_bad_margin_raises_value_error():
    f = frames()
    for bad in ("1.5", "-0.1", "110%", "abc", True):
        with pytest.raises(ValueError, match="margin must be a fraction from 0 to 1"):
            leadmetrics.kpis(f["leads"], margin=bad)


# --- capacity= -----------------------------------------------------------------------------------------------------

def same_json(a, b, where=""):
    if isinstance(a, dict):
        assert isinstance(b, dict) and set(a) == set(b), (where, a, b)
        for k in a:
            same_json(a[k], b[k], f"{where}.{k}")
    elif isinstance(a, list):
        assert isinstance(b, list) and len(a) == len(b), (where, a, b)
        for i, (x, y) in enumerate(zip(a, b)):
            same_json(x, y, f"{where}[{i}]")
    else:
        assert same(a, b), (where, a, b)


@pytest.mark.parametrize("capacity,cli_capacity", [
    (40, "40"),
    ("12,dana=30,eli=0", "12,dana=30,eli=0"),
    ({"default": 25, "reps": {"omer": 10, "nobody": 5}}, "25,omer=10,nobody=5"),
])
def test_capacity_equals_cli(cli, capacity, cli_capacity):
    expected = cli("--leads", FILES["leads"], "--stages", FILES["stages"], "--by", "source", "--capacity", cli_capacity)
    f = frames()
    for leads, stages in ((f["leads"], f["stages"]), (FILES["leads"], FILES["stages"])):
        rep = leadmetrics.report(leads, stages, by=["source"], capacity=capacity)
        same_json(expected["capacity"], rep.raw["capacity"], "capacity")
        assert list(rep.capacity_reps["rep"]) == [r["rep"] for r in expected["capacity"]["reps"]]
        assert list(rep.capacity_weeks["week"]) == [w["week"] for w in expected["capacity"]["weeks"]]


def test_capacity_on_several_cores_equals_small_blocks():
    """A block large enough to be split over the cores (partials merged) gives the capacity of the same leads added in
    small blocks, each on one thread."""
    from leadmetrics import _columns, _native
    leads = pd.concat([frames()["leads"]] * 150, ignore_index=True)  # 300,000 rows: over two parallel chunks
    options = {"by": ["source"], "capacity": "30,dana=20"}
    keep = []
    with _native.KpiSet(options) as one:
        one.add_block(_columns.lead_block(leads, None, "UTC", 2, keep))
        whole = one.snapshot()
    with _native.KpiSet(options) as many:
        for start in range(0, len(leads), 20_000):
            many.add_block(_columns.lead_block(leads.iloc[start:start + 20_000].reset_index(drop=True), None, "UTC", 2, keep))
        blocks = many.snapshot()
    assert whole["capacity"] == blocks["capacity"]
    assert sum(w["leads"] for w in whole["capacity"]["weeks"]) == len(leads)


def test_without_capacity_the_frames_raise():
    rep = leadmetrics.report(frames()["leads"], by=["source"])
    assert rep.raw["capacity"] is None
    with pytest.raises(ValueError, match="without capacity="):
        rep.capacity_reps
    with pytest.raises(ValueError, match="options.capacity: 'x=3z' is not rep=leads"):
        leadmetrics.kpis(frames()["leads"], capacity="40,x=3z")
    with pytest.raises(ValueError, match="options.capacity names rep 'x' twice"):
        leadmetrics.kpis(frames()["leads"], capacity="40,x=3,x=4")


# --- rates= with DataFrames ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("rates_as", ["file", "dict"])
def test_rates_with_frames_equal_cli(cli, multi_currency, rates_as):  # noqa: F811 - fixture
    """Costs in EUR, GBP and USD and payments in GBP as DataFrames: converted at the rates exactly as the CLI converts
    the same files (leads' deal values in the set's currency)."""
    f = multi_currency
    files = dict(f, leads=FILES["leads"])
    expected = cli(*cli_args(files, *NAMES), "--rates", f["rates"], "--by", "source")
    rates = f["rates"] if rates_as == "file" else {"EUR": "1.0837", "GBP": 1.2705}
    tables = {n: pd.read_csv(files[n]) for n in NAMES}
    rep = leadmetrics.report(tables["leads"], tables["stages"], tables["touchpoints"], tables["costs"], tables["revenue"],
                             by=["source"], rates=rates)
    check_money(expected, rep)
    plain = cli(*cli_args(FILES, *NAMES), "--by", "source")
    assert rep.raw["total"]["cost"] != plain["total"]["cost"]  # the rates did convert


def test_rates_with_frames_yen_scale(cli, tmp_path):
    """A currency with another scale (JPY, no minor unit): each row's amount is read at its own currency's scale."""
    costs = pd.read_csv(FILES["costs"])
    costs["currency"] = ["JPY" if i % 2 else "" for i in range(len(costs))]
    costs.loc[costs["currency"] == "JPY", "amount"] = (costs["amount"] * 150).round(0)
    path = tmp_path / "costs.csv"
    costs.to_csv(path, index=False)
    rates = {"JPY": "0.0066"}
    expected = cli("--leads", FILES["leads"], "--costs", str(path), "--rates", str(_rates_file(tmp_path, rates)), "--by", "source")
    rep = leadmetrics.report(pd.read_csv(FILES["leads"]), costs=costs, by=["source"], rates=rates)
    check_money(expected, rep)


def _rates_file(tmp_path, rates):
    p = tmp_path / "rates.csv"
    p.write_text("currency,rate\n" + "".join(f"{k},{v}\n" for k, v in rates.items()), encoding="utf-8")
    return p


def test_rates_with_frames_errors_name_table_column_and_row(multi_currency):  # noqa: F811 - fixture
    f = multi_currency
    leads = pd.read_csv(FILES["leads"])
    costs = pd.read_csv(f["costs"])
    with pytest.raises(ValueError, match=r"costs: column 'currency', row 1: value 'GBP' rejected: the amount is in GBP, "
                                         r"the report is in USD: give rates= with a GBP rate"):
        leadmetrics.kpis(leads, costs=costs, rates={"EUR": "1.0837"})
    bad = costs.assign(currency=["XYZ" if i == 4 else c for i, c in enumerate(costs["currency"])])
    with pytest.raises(ValueError, match=r"costs: column 'currency', row 4: value 'XYZ' rejected: currency 'XYZ' is not an ISO 4217 code"):
        leadmetrics.kpis(leads, costs=bad, rates={"EUR": "1.0837", "GBP": "1.27"})
    revenue = pd.read_csv(f["revenue"])
    with pytest.raises(ValueError, match=r"revenue: column 'currency', row 1: value 'GBP' rejected"):
        leadmetrics.kpis(leads, revenue=revenue, rates={"EUR": "1.0837"})
    with pytest.raises(ValueError, match=r"rates: 'ABC' is not an ISO 4217"):
        leadmetrics.kpis(leads, costs=costs, rates={"ABC": "1"})
    # deal values of leads in another currency stay refused on the DataFrame route (named row)
    eur_leads = pd.read_csv(f["leads"])
    with pytest.raises(ValueError, match=r"leads: column 'currency', row \d+: value 'EUR' rejected: the value is in EUR.*not the deal values of leads"):
        leadmetrics.kpis(eur_leads, costs=costs, rates={"EUR": "1.0837", "GBP": "1.27"})


# --- DataFrames with leads as a file path ----------------------------------------------------------------------------

@pytest.mark.parametrize("as_frames", [("costs",), ("revenue",), ("costs", "revenue"), ("stages", "touchpoints", "costs", "revenue")])
def test_frames_with_leads_path_equal_cli(cli, as_frames):
    expected = cli(*cli_args(FILES, *NAMES), "--by", "source,campaign")
    given = {n: (pd.read_csv(FILES[n]) if n in as_frames else FILES[n]) for n in NAMES if n != "leads"}
    rep = leadmetrics.report(FILES["leads"], **given, by=["source", "campaign"])
    check_money(expected, rep)


def test_frames_with_datetimes_and_rates_with_leads_path_equal_cli(cli, multi_currency):  # noqa: F811 - fixture
    """Typed columns (tz-aware datetimes, dates) and a currency column with rates, as the CLI reads the files."""
    f = multi_currency
    expected = cli(*cli_args(f, *NAMES), "--rates", f["rates"], "--by", "source", "--zone", "Europe/Berlin")
    revenue = pd.read_csv(f["revenue"])
    revenue["at"] = pd.to_datetime(revenue["at"], utc=True)
    costs = pd.read_csv(f["costs"])
    costs["date"] = pd.to_datetime(costs["date"])
    touchpoints = pd.read_csv(f["touchpoints"])
    touchpoints["at"] = pd.to_datetime(touchpoints["at"], utc=True).dt.tz_convert("Asia/Tokyo")
    rep = leadmetrics.report(f["leads"], f["stages"], touchpoints, costs, revenue, by=["source"], zone="Europe/Berlin",
                             rates=f["rates"])
    check_money(expected, rep)


def test_bad_frame_with_leads_path_names_the_row():
    revenue = pd.read_csv(FILES["revenue"])
    revenue.loc[2, "lead_id"] = "NOBODY"
    with pytest.raises(ValueError, match=r"revenue DataFrame, row 2, column lead_id"):
        leadmetrics.kpis(FILES["leads"], revenue=revenue)
    costs = pd.read_csv(FILES["costs"])
    costs.loc[4, "amount"] = -3
    with pytest.raises(ValueError, match=r"costs DataFrame, row 4, column amount"):
        leadmetrics.kpis(FILES["leads"], costs=costs)


# --- options that skip work ------------------------------------------------------------------------------------------

def test_trend_and_reps_off_keep_the_groups(cli):
    f = frames()
    full = leadmetrics.report(f["leads"], f["stages"], by=["source"])
    lean = leadmetrics.report(f["leads"], f["stages"], by=["source"], trend=False, reps=False, maturity=False)
    assert lean.raw["groups"] == full.raw["groups"] and lean.raw["total"] == full.raw["total"]
    assert lean.raw["as_of"] == full.raw["as_of"]
    assert lean.raw["trend"] == [] and lean.raw["trend_period"] is None and lean.raw["reps"] is None
    with pytest.raises(ValueError, match="reps=False"):
        lean.reps
    # kpis() computes the groups only: the same frame as the full report's groups
    pd.testing.assert_frame_equal(leadmetrics.kpis(f["leads"], f["stages"], by=["source"]), full.groups)
    # groups by period alone keep their maturity (they are the trend's periods)
    expected = cli("--leads", FILES["leads"], "--stages", FILES["stages"], "--period", "month")
    check_report(expected, leadmetrics.report(f["leads"], f["stages"], by=[], period="month"))
    by_month = leadmetrics.kpis(f["leads"], f["stages"], by=[], period="month")
    assert list(by_month["maturity.mature"]) == [g["maturity"]["mature"] for g in expected["groups"]]


def test_large_bad_block_leaves_the_set_as_it_was():
    """A block split over the cores (checked while it is added) with a bad last row: ValueError naming the row, and the
    set unchanged (the chunks' calculators are dropped)."""
    from leadmetrics import _columns, _native
    leads = pd.concat([frames()["leads"]] * 150, ignore_index=True)
    good = leads.copy()
    bad = leads.copy()
    bad.loc[len(bad) - 1, "won_at"] = "2000-01-01T00:00:00Z"
    keep = []
    with _native.KpiSet({"by": ["source"]}) as s:
        with pytest.raises(ValueError, match=rf"leads: column 'won_at', row {len(bad) - 1}: .*before created_at"):
            s.add_block(_columns.lead_block(bad, None, "UTC", 2, keep))
        s.add_block(_columns.lead_block(good, None, "UTC", 2, keep))
        after = s.snapshot()
    with _native.KpiSet({"by": ["source"]}) as fresh:
        fresh.add_block(_columns.lead_block(good, None, "UTC", 2, keep))
        assert after == fresh.snapshot()
