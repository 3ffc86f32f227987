"""Touchpoints, costs and revenue with leads as a FILE path (issue 19): the ingest layer (LeadMetrics.Data, the CLI's
columnar reader) reads all five files and the native set applies the command's money rules, so the money KPIs equal
the CLI's JSON on the sample data and on a second data set written by the CLI's `generate`; `rates=` (a dict or a
rates file) converts amounts of a `currency` column exactly as `--rates`, and a currency without a rate is a bad row
(currency_mismatch): ValueError naming file, line and column, or counted with on_bad_row skip."""
import subprocess

import pandas as pd
import pytest

import leadmetrics
from conftest import SAMPLE, cli_dll
from test_sample_vs_cli import check_report

NAMES = ("leads", "stages", "touchpoints", "costs", "revenue")
FILES = {name: str(SAMPLE / f"{name}.csv") for name in NAMES}


def cli_args(files, *names):
    args = []
    for n in names:
        args += [f"--{n}", files[n]]
    return args


def check_money(expected, rep):
    check_report(expected, rep)
    assert rep.raw["revenue_basis"] == expected["revenue_basis"]
    for name in ("lifetime_value_detail", "cost", "revenue", "customer_revenue", "roi", "roas"):
        assert rep.raw["total"].get(name) == pytest.approx(expected["total"].get(name)) or \
            rep.raw["total"].get(name) == expected["total"].get(name), name


@pytest.mark.parametrize("by,period,zone", [
    ("source", None, "UTC"),
    ("source,owner,campaign", None, "UTC"),
    ("campaign", "quarter", "America/New_York"),
    ("", "month", "UTC"),
])
def test_sample_paths_equal_cli(cli, by, period, zone):
    args = cli_args(FILES, *NAMES) + ["--zone", zone]
    if by:
        args += ["--by", by]
    if period:
        args += ["--period", period]
    expected = cli(*args)
    rep = leadmetrics.report(FILES["leads"], FILES["stages"], FILES["touchpoints"], FILES["costs"], FILES["revenue"],
                             by=[b for b in by.split(",") if b], period=period, zone=zone)
    assert rep.raw["revenue_basis"] == "realized" and rep.raw["total"]["cost"] is not None
    check_money(expected, rep)


@pytest.mark.parametrize("files", [("costs",), ("revenue",), ("touchpoints",), ("costs", "revenue")])
def test_each_file_alone_equals_cli(cli, files):
    expected = cli(*cli_args(FILES, "leads", "stages", *files), "--by", "source")
    rep = leadmetrics.report(FILES["leads"], FILES["stages"], **{n: FILES[n] for n in files}, by=["source"])
    check_money(expected, rep)


def test_paths_equal_frames():
    """The same five files as DataFrames (lm_kpis_add_block) and as paths (the ingest layer) give the same report."""
    frames = {n: pd.read_csv(p) for n, p in FILES.items()}
    a = leadmetrics.kpis(**FILES, by=["source"], period="quarter")
    b = leadmetrics.kpis(**frames, by=["source"], period="quarter")
    pd.testing.assert_frame_equal(a, b, check_dtype=False)


@pytest.fixture(scope="module")
def generated(tmp_path_factory, cli):
    """A second data set: `leadmetrics generate` (deterministic for a seed), other size, seed and start."""
    out = tmp_path_factory.mktemp("generated")
    run = subprocess.run(["dotnet", str(cli_dll()), "generate", "--leads", "2500", "--seed", "11", "--out", str(out)],
                         capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    return {n: str(out / f"{n}.csv") for n in NAMES}


@pytest.mark.parametrize("by,period", [("source", None), ("owner,campaign", "month")])
def test_generated_paths_equal_cli(cli, generated, by, period):
    args = cli_args(generated, *NAMES) + ["--by", by, "--ltv-months", "3"]
    if period:
        args += ["--period", period]
    expected = cli(*args)
    rep = leadmetrics.report(generated["leads"], generated["stages"], generated["touchpoints"], generated["costs"],
                             generated["revenue"], by=by.split(","), period=period, lifetime_value_months=3)
    check_money(expected, rep)


@pytest.fixture(scope="module")
def multi_currency(tmp_path_factory):
    """The sample files with a currency column: some deal values in EUR, some costs in EUR and GBP, some payments in
    GBP (amounts unchanged: the rates make them differ from the single-currency report)."""
    out = tmp_path_factory.mktemp("currencies")
    files = dict(FILES)
    leads = pd.read_csv(FILES["leads"], dtype=str, keep_default_na=False)
    leads["currency"] = ["EUR" if i % 4 == 1 else ("usd" if i % 4 == 2 else "") for i in range(len(leads))]
    costs = pd.read_csv(FILES["costs"], dtype=str, keep_default_na=False)
    costs["currency"] = ["eur" if i % 3 == 0 else ("GBP" if i % 3 == 1 else "USD") for i in range(len(costs))]
    revenue = pd.read_csv(FILES["revenue"], dtype=str, keep_default_na=False)
    revenue["currency"] = ["GBP" if i % 2 else "" for i in range(len(revenue))]
    for name, frame in (("leads", leads), ("costs", costs), ("revenue", revenue)):
        files[name] = str(out / f"{name}.csv")
        frame.to_csv(files[name], index=False)
    files["rates"] = str(out / "rates.csv")
    (out / "rates.csv").write_text("currency,rate\nEUR,1.0837\ngbp,1.2705\n", encoding="utf-8")
    files["eur_only"] = str(out / "eur_only.csv")
    (out / "eur_only.csv").write_text("currency,rate\nEUR,1.0837\n", encoding="utf-8")
    return files


@pytest.mark.parametrize("rates_as", ["file", "dict"])
@pytest.mark.parametrize("by", ["source", "campaign"])
def test_rates_equal_cli(cli, multi_currency, rates_as, by):
    f = multi_currency
    expected = cli(*cli_args(f, *NAMES), "--rates", f["rates"], "--by", by)
    rates = f["rates"] if rates_as == "file" else {"EUR": "1.0837", "GBP": 1.2705}
    rep = leadmetrics.report(f["leads"], f["stages"], f["touchpoints"], f["costs"], f["revenue"], by=[by], rates=rates)
    check_money(expected, rep)
    plain = cli(*cli_args(FILES, *NAMES), "--by", by)
    assert rep.raw["total"]["cost"] != plain["total"]["cost"]  # the rates did convert


def test_rates_without_a_rate_is_a_bad_row(cli, multi_currency):
    f = multi_currency
    with pytest.raises(ValueError, match=r"costs\.csv.*(line|row) \d+.*currency.*GBP"):
        leadmetrics.report(f["leads"], costs=f["costs"], rates=f["eur_only"])
    with pytest.raises(ValueError, match=r"leads\.csv.*currency.*EUR"):
        leadmetrics.report(f["leads"], costs=f["costs"])
    expected = cli(*cli_args(f, *NAMES), "--rates", f["eur_only"], "--on-bad-row", "skip", "--by", "source")
    rep = leadmetrics.report(f["leads"], f["stages"], f["touchpoints"], f["costs"], f["revenue"], by=["source"],
                             rates=f["eur_only"], csv_options={"on_bad_row": "skip"})
    check_money(expected, rep)
    # read_csv counts the same rejections (currency_mismatch) as the command's data-quality report
    data = leadmetrics.read_csv(f["leads"], rates={"GBP": "1.27"}, on_bad_row="skip")
    assert "currency_mismatch" in str(data.data_quality)


def test_bad_rates_raise_value_error(multi_currency, tmp_path):
    f = multi_currency
    bad = tmp_path / "rates.csv"
    bad.write_text("currency,rate\nEUR,-1\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"rates file .*line 2: rate '-1' is not a positive number"):
        leadmetrics.kpis(f["leads"], costs=f["costs"], rates=str(bad))
    with pytest.raises(ValueError, match=r"rates: 'ABC' is not an ISO 4217"):
        leadmetrics.kpis(f["leads"], costs=f["costs"], rates={"ABC": "1"})
    with pytest.raises(ValueError, match=r"USD is the report currency"):
        leadmetrics.kpis(f["leads"], costs=f["costs"], rates={"usd": "1"})


def test_bad_money_file_names_file_line_and_column(tmp_path):
    costs = pd.read_csv(FILES["costs"], dtype=str, keep_default_na=False)
    costs.loc[4, "amount"] = "-3"
    path = tmp_path / "costs.csv"
    costs.to_csv(path, index=False)
    with pytest.raises(ValueError, match=r"costs\.csv.*line 6.*amount"):
        leadmetrics.kpis(FILES["leads"], costs=str(path))
    revenue = pd.read_csv(FILES["revenue"], dtype=str, keep_default_na=False)
    revenue.loc[2, "lead_id"] = "NOBODY"
    path = tmp_path / "revenue.csv"
    revenue.to_csv(path, index=False)
    with pytest.raises(ValueError, match=r"revenue\.csv.*line 4.*lead_id"):
        leadmetrics.kpis(FILES["leads"], revenue=str(path))


def test_paths_among_frames_raise_and_frames_among_paths_are_read():
    """A path among DataFrames is refused; DataFrames with leads as a path are read by the ingest layer (test_scope.py
    compares them with the CLI)."""
    with pytest.raises(TypeError, match=r"costs must be a pandas DataFrame when leads is one"):
        leadmetrics.kpis(pd.read_csv(FILES["leads"]), costs=FILES["costs"])
    a = leadmetrics.kpis(FILES["leads"], costs=pd.read_csv(FILES["costs"]), by=None)
    b = leadmetrics.kpis(FILES["leads"], costs=FILES["costs"], by=None)
    pd.testing.assert_frame_equal(a, b, check_dtype=False)  # a float column is written 100.0: the same value as 100


def test_frames_with_another_currency_raise_value_error(multi_currency):
    """Without rates=, a currency column naming another currency is refused on the DataFrame route (row named); with
    rates= costs and revenue are converted (test_scope.py), deal values of leads are not."""
    f = multi_currency
    leads = pd.read_csv(FILES["leads"])
    costs = pd.read_csv(f["costs"])
    with pytest.raises(ValueError, match=r"costs: column 'currency', row 0: value 'eur' rejected: the amount is in EUR, the set is in USD: amounts are never summed"):
        leadmetrics.kpis(leads, costs=costs)
    with pytest.raises(ValueError, match=r"leads: column 'currency', row \d+: .*rates= converts the amounts of costs and revenue, not the deal values of leads"):
        leadmetrics.kpis(pd.read_csv(f["leads"]), costs=costs, rates={"EUR": "1.0837", "GBP": "1.27"})
    # a currency column that names the set's currency (any case) or is empty is fine
    same = costs.assign(currency=["usd" if i % 2 else None for i in range(len(costs))])
    assert leadmetrics.kpis(leads, costs=same, by=None)["cost"].iloc[0] == leadmetrics.kpis(leads, costs=pd.read_csv(FILES["costs"]), by=None)["cost"].iloc[0]
