"""Issue 19, scope: conversion with open leads (survival=True: converted_within, conversion_curve) and fold_case equal
the CLI's JSON on the bundled sample data; bad input still raises ValueError naming column and row."""
import numpy as np
import pandas as pd
import pytest

import leadmetrics
from conftest import SAMPLE, same
from test_sample_vs_cli import check_report

FILES = {name: str(SAMPLE / f"{name}.csv") for name in ("leads", "stages", "touchpoints", "costs", "revenue")}


@pytest.fixture(scope="module")
def frames():
    return {name: pd.read_csv(path) for name, path in FILES.items()}


def survival_of(kpis):
    return kpis.get("converted_within"), kpis.get("conversion_curve")


@pytest.mark.parametrize("by,period", [("source", None), ("owner", "month"), ("", "quarter"), ("industry", None)])
def test_survival_equals_cli(cli, frames, by, period):
    args = ["--leads", FILES["leads"], "--stages", FILES["stages"]]
    if by:
        args += ["--by", by]
    if period:
        args += ["--period", period]
    expected = cli(*args)
    rep = leadmetrics.report(frames["leads"], frames["stages"], by=[b for b in by.split(",") if b], period=period, survival=True)
    assert survival_of(rep.raw["total"]) == survival_of(expected["total"])
    assert [survival_of(g) for g in rep.raw["groups"]] == [survival_of(g) for g in expected["groups"]]
    assert [survival_of(t) for t in rep.raw["trend"]] == [survival_of(t) for t in expected["trend"]]
    check_report(expected, rep)


def test_survival_frames(frames):
    rep = leadmetrics.report(frames["leads"], frames["stages"], by="source", survival=True)
    within = rep.converted_within
    assert list(within.columns[:4]) == ["scope", "source", "period", "days"]
    total = within[within["scope"] == "total"]
    assert list(total["days"]) == [7, 30, 90]
    cells = rep.raw["total"]["converted_within"]
    for _, row in total.iterrows():
        cell = cells[str(row["days"])]
        assert same(row["share"], None if cell is None else cell["share"])
    curve = leadmetrics.conversion_curve(frames["leads"], frames["stages"], by="source")
    t = curve[curve["scope"] == "total"]
    assert list(t["days"]) == [p["days"] for p in rep.raw["total"]["conversion_curve"]]
    assert (np.diff(t["converted"].to_numpy()) >= 0).all()  # a cumulative share never falls
    assert len(leadmetrics.converted_within(frames["leads"], frames["stages"], by="owner")) > 0


def test_survival_off_by_default(frames):
    rep = leadmetrics.report(frames["leads"].head(50))
    assert "converted_within" not in rep.raw["total"]
    with pytest.raises(ValueError, match="survival=True"):
        rep.converted_within


def shouted(frame, columns):
    """Every other row's labels in upper case (the labels then differ only in case)."""
    f = frame.copy()
    for c in columns:
        s = f[c].astype(object)
        odd = (np.arange(len(f)) % 2 == 1) & s.notna().to_numpy()
        f[c] = s.where(~odd, s.astype(str).str.upper())
    return f


@pytest.fixture(scope="module")
def shouted_files(frames, tmp_path_factory):
    d = tmp_path_factory.mktemp("fold")
    leads = shouted(frames["leads"], ["source", "owner", "campaign"])
    costs = shouted(frames["costs"], ["source", "campaign"])
    leads.to_csv(d / "leads.csv", index=False)
    costs.to_csv(d / "costs.csv", index=False)
    return leads, costs, d


@pytest.mark.parametrize("by", ["source", "source,owner,campaign"])
def test_fold_case_equals_cli(cli, frames, shouted_files, by):
    leads, costs, d = shouted_files
    args = ["--leads", str(d / "leads.csv"), "--stages", FILES["stages"], "--costs", str(d / "costs.csv"), "--by", by]
    expected = cli(*args, "--fold-case")
    rep = leadmetrics.report(leads, frames["stages"], costs=costs, by=by.split(","), fold_case=True)
    check_report(expected, rep)
    # without folding the shouted labels are groups of their own, as the CLI says too
    plain = leadmetrics.report(leads, frames["stages"], costs=costs, by=by.split(","))
    assert len(plain.raw["groups"]) == len(cli(*args)["groups"]) > len(rep.raw["groups"])


def test_fold_case_spelling_first_seen_in_leads():
    leads = pd.DataFrame({"created_at": pd.to_datetime(["2024-01-01", "2024-01-02", "2024-01-03"], utc=True),
                          "source": ["Web", "WEB", "web"]})
    costs = pd.DataFrame({"date": ["2024-01-01", "2024-01-02"], "source": ["wEb", "Ads"], "amount": [10.0, 5.0]})
    rep = leadmetrics.report(leads, costs=costs, by="source", fold_case=True)
    assert [g["key"]["source"] for g in rep.raw["groups"]] == ["Ads", "Web"]
    web = next(g for g in rep.raw["groups"] if g["key"]["source"] == "Web")
    assert web["leads"] == 3 and web["cost"] == 10


def test_bad_input_with_new_options_names_column_and_row(frames):
    leads = frames["leads"].copy()
    leads.loc[5, "created_at"] = "not a time"
    with pytest.raises(ValueError, match=r"leads: column 'created_at', row 5"):
        leads_report = leadmetrics.report(leads, survival=True, fold_case=True)  # noqa: F841
    costs = frames["costs"].copy()
    costs["amount"] = costs["amount"].astype(object)
    costs.loc[3, "amount"] = "ten"
    with pytest.raises(ValueError, match=r"costs: column 'amount', row 3"):
        leadmetrics.report(frames["leads"], costs=costs, fold_case=True)


def test_survival_and_fold_case_from_paths_equal_cli(cli, shouted_files):
    """Through the ingest layer (a leads path): survival and fold_case as the command gives them."""
    expected = cli("--leads", FILES["leads"], "--stages", FILES["stages"], "--by", "source")
    rep = leadmetrics.report(FILES["leads"], FILES["stages"], by="source", survival=True)
    assert survival_of(rep.raw["total"]) == survival_of(expected["total"])
    assert [survival_of(g) for g in rep.raw["groups"]] == [survival_of(g) for g in expected["groups"]]
    assert [survival_of(t) for t in rep.raw["trend"]] == [survival_of(t) for t in expected["trend"]]
    _, _, d = shouted_files
    folded = cli("--leads", str(d / "leads.csv"), "--by", "source,owner", "--fold-case")
    rep = leadmetrics.report(str(d / "leads.csv"), by=["source", "owner"], fold_case=True)
    check_report(folded, rep)
