"""score() scores each lead with the library's LeadScorer and a JSON model; the fit points equal the CLI's (its
mean_fit per source with --scoring samples/scoring-model.json; the CLI's engagement also reads touchpoints)."""
import pandas as pd
import pytest

import leadmetrics
from conftest import ROOT, SAMPLE, same

MODEL = ROOT / "samples" / "scoring-model.json"


def test_score_fit_equals_cli(cli):
    leads = pd.read_csv(SAMPLE / "leads.csv")
    attributes = leads.drop(columns=["first_response_at", "won_at", "lost_at", "value"])
    scores = leadmetrics.score(attributes, MODEL)
    assert list(scores.columns) == ["score", "fit", "engagement", "grade", "routing"]
    assert len(scores) == len(leads) and scores.index.equals(leads.index)
    expected = cli("--leads", str(SAMPLE / "leads.csv"), "--touchpoints", str(SAMPLE / "touchpoints.csv"),
                   "--scoring", str(MODEL), "--by", "source")
    assert same(round(float(scores["fit"].astype(float).mean()), 9), round(float(expected["total"]["score"]["mean_fit"]), 9))
    by_source = scores.assign(source=leads["source"].fillna("(none)")).groupby("source")["fit"].apply(lambda s: s.astype(float).mean())
    for g in expected["groups"]:
        assert same(round(by_source[g["key"]["source"]], 9), round(float(g["score"]["mean_fit"]), 9)), g["key"]


def test_score_bad_model_is_value_error():
    leads = pd.DataFrame({"created_at": pd.to_datetime(["2024-01-01T00:00Z"])})
    with pytest.raises(ValueError):
        leadmetrics.score(leads, {"name": "x"})
