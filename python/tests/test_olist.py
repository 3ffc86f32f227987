"""kpis() equals the CLI's JSON on the Olist marketing funnel (../shared/datasets, docs/cli.md): through the ingest
layer with the CLI's column map, and from pandas frames built by hand. The data set is CC BY-NC-SA 4.0 and is not
copied into this MIT repository, so the test skips when the folder is absent (a fresh clone, CI)."""
import pandas as pd
import pytest

import leadmetrics
from conftest import DATASETS
from test_sample_vs_cli import check_report

OLIST = DATASETS / "olist_marketing_funnel"
LEADS = OLIST / "olist_marketing_qualified_leads_dataset.csv"
DEALS = OLIST / "olist_closed_deals_dataset.csv"
MAP = "lead_id=mql_id,created_at=first_contact_date,source=origin,stages.at=won_date,stages.stage='ClosedWon'"

pytestmark = pytest.mark.skipif(not LEADS.exists(), reason=f"the Olist data set is not here ({OLIST}); it is not in the repository (CC BY-NC-SA 4.0)")


def cli_args():
    return ("--leads", str(LEADS), "--stages", str(DEALS), "--map", MAP, "--zone", "America/Sao_Paulo",
            "--currency", "BRL", "--on-bad-row", "skip", "--by", "source")


def test_olist_paths_equal_cli(cli):
    expected = cli(*cli_args())
    rep = leadmetrics.report(str(LEADS), str(DEALS), by=["source"], zone="America/Sao_Paulo", currency="BRL",
                             csv_options={"map": MAP.split(","), "on_bad_row": "skip"})
    check_report(expected, rep)
    assert rep.raw["total"]["leads"] == 8000 and rep.raw["total"]["won"] == 841


def test_olist_frames_equal_cli(cli):
    """The same numbers from pandas: the deals as ClosedWon stage rows, local times in São Paulo. The one deal won
    before its lead's first contact (which the CLI skips as stage_before_created) raises ValueError naming its row;
    without it the frames give the CLI's report."""
    expected = cli(*cli_args())
    leads = pd.read_csv(LEADS).rename(columns={"mql_id": "lead_id", "first_contact_date": "created_at", "origin": "source"})
    deals = pd.read_csv(DEALS)
    stages = pd.DataFrame({"lead_id": deals["mql_id"], "stage": "ClosedWon", "at": deals["won_date"]})
    with pytest.raises(ValueError, match=r"stages: column 'at', row 667: .*cannot be entered before"):
        leadmetrics.report(leads, stages, by=["source"], zone="America/Sao_Paulo", currency="BRL")
    rep = leadmetrics.report(leads, stages.drop(index=667), by=["source"], zone="America/Sao_Paulo", currency="BRL")
    check_report(expected, rep)
