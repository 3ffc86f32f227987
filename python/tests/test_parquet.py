"""read_parquet reads Parquet through the same native reader as read_csv (issue 19, issue 14): the same data set as
CSV and as Parquet (written by the CLI's `generate --format parquet`; Debian has no pyarrow) gives the same frames and
counts, and a bad file raises ValueError."""
import subprocess

import pandas as pd
import pytest

import leadmetrics
from conftest import cli_dll


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    dll = cli_dll()
    if not dll.exists():
        pytest.skip(f"the CLI is not built: {dll} (dotnet build src/LeadMetrics.Cli -c Release)")
    root = tmp_path_factory.mktemp("generated")
    for fmt in ("csv", "parquet"):
        out = subprocess.run(["dotnet", str(dll), "generate", "--leads", "1500", "--seed", "9", "--format", fmt,
                              "--out", str(root / fmt)], capture_output=True, text=True, check=False)
        assert out.returncode == 0, out.stderr
    return root


def test_parquet_reads_as_the_same_csv(generated):
    csv = leadmetrics.read_csv(generated / "csv" / "leads.csv", generated / "csv" / "stages.csv", zone="Europe/Berlin")
    pq = leadmetrics.read_parquet(generated / "parquet" / "leads.parquet", generated / "parquet" / "stages.parquet",
                                  zone="Europe/Berlin")
    assert len(pq.leads) == 1500
    pd.testing.assert_frame_equal(csv.leads, pq.leads)
    pd.testing.assert_frame_equal(csv.stages, pq.stages)
    assert csv.data_quality == pq.data_quality
    assert pq.data_quality["rows_read"] == pq.data_quality["rows_accepted"] + sum(pq.data_quality["rejected"].values())


def test_map_and_bad_input_raise_value_error(generated, tmp_path):
    leads = generated / "parquet" / "leads.parquet"
    with pytest.raises(ValueError, match="the column 'budget' is DOUBLE, which cannot be leads.created_at"):
        leadmetrics.read_parquet(leads, map={"created_at": "budget"})
    bad = tmp_path / "broken.parquet"
    bad.write_bytes(leads.read_bytes()[:500])
    with pytest.raises(ValueError, match="not a readable Parquet file"):
        leadmetrics.read_parquet(bad)
    with pytest.raises(ValueError, match=r"\.parquet"):
        leadmetrics.read_parquet(generated / "csv" / "leads.csv")
