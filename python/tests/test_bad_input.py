"""Bad input raises ValueError naming the table, column and row (0-based position in the frame); a rejected call
leaves nothing behind (the native set checks a block whole before adding it)."""
import numpy as np
import pandas as pd
import pytest

import leadmetrics


def leads(**override):
    frame = pd.DataFrame({
        "lead_id": ["a", "b", "c"],
        "created_at": pd.to_datetime(["2024-01-01T09:00Z", "2024-01-02T09:00Z", "2024-01-03T09:00Z"]),
        "source": ["web", None, "ads"],
        "won_at": pd.to_datetime([None, "2024-01-05T09:00Z", None], utc=True),
        "value": [None, 100.0, None],
    })
    for k, v in override.items():
        frame[k] = v
    return frame


def test_good_input_works():
    frame = leadmetrics.kpis(leads(), by=["source"])
    assert list(frame["source"]) == ["(none)", "ads", "web"]
    assert frame["leads"].sum() == 3


@pytest.mark.parametrize("column,values,row,text", [
    ("created_at", ["2024-01-01", "not-a-date", "2024-01-03"], 1, "not an ISO 8601"),
    ("created_at", pd.to_datetime(["2024-01-01", None, "2024-01-03"]), 1, "created_at is required"),
    ("won_at", pd.to_datetime(["2023-12-01", None, None], utc=True), 0, "before created_at"),
    ("lost_at", pd.to_datetime([None, "2024-01-06", None], utc=True), 1, "both won and lost"),
    ("first_response_at", pd.to_datetime([None, None, "2024-01-02"], utc=True), 2, "before created_at"),
    ("value", [None, -5.0, None], 1, "cannot be negative"),
    ("value", [None, "12,5", None], 1, "not a number"),
])
def test_leads_errors_name_column_and_row(column, values, row, text):
    with pytest.raises(ValueError) as e:
        leadmetrics.kpis(leads(**{column: values}))
    message = str(e.value)
    assert f"column '{column}'" in message and f"row {row}" in message and text in message, message


def test_stage_errors_name_column_and_row():
    stages = pd.DataFrame({"lead_id": ["a", "b", "zz"], "stage": ["New", "New", "New"],
                           "at": pd.to_datetime(["2024-01-01T10:00Z", "2024-01-02T10:00Z", "2024-01-01T10:00Z"])})
    with pytest.raises(ValueError, match=r"stages: column 'lead_id', row 2: value 'zz'"):
        leadmetrics.kpis(leads(), stages)
    stages = pd.DataFrame({"lead_id": ["a", "b"], "stage": ["New", "Negotiation"],
                           "at": pd.to_datetime(["2024-01-01T10:00Z", "2024-01-02T10:00Z"])})
    with pytest.raises(ValueError, match=r"stages: column 'stage', row 1: value 'Negotiation' rejected: not a stage"):
        leadmetrics.kpis(leads(), stages)
    stages = pd.DataFrame({"lead_id": ["a", "c"], "stage": ["New", "Working"],
                           "at": pd.to_datetime(["2024-01-01T10:00Z", "2024-01-02T10:00Z"])})
    with pytest.raises(ValueError, match=r"stages: column 'at', row 1: .*cannot be entered before"):
        leadmetrics.kpis(leads(), stages)
    stages = pd.DataFrame({"lead_id": ["b", "b"], "stage": ["ClosedLost", "Working"],
                           "at": pd.to_datetime(["2024-01-02T10:00Z", "2024-01-02T11:00Z"])})
    with pytest.raises(ValueError, match=r"stages: column 'stage', row 0: value 'ClosedLost' rejected: the lead row says won"):
        leadmetrics.kpis(leads(), stages)


def test_options_and_paths_errors():
    with pytest.raises(ValueError, match="zone: 'Mars/Base'"):
        leadmetrics.kpis(leads(), zone="Mars/Base")
    with pytest.raises(ValueError, match="currency"):
        leadmetrics.kpis(leads(), currency="XYZ")
    with pytest.raises(ValueError, match="column 'colour' \\(by\\) is not a column of leads"):
        leadmetrics.kpis(leads(), by=["colour"])
    with pytest.raises(ValueError, match="missing.csv"):
        leadmetrics.read_csv("/nonexistent/missing.csv")


def test_bad_csv_row_names_file_line_column(tmp_path):
    path = tmp_path / "leads.csv"
    path.write_text("lead_id,created_at\nL1,2024-01-01T00:00:00Z\nL2,not-a-date\n")
    with pytest.raises(ValueError) as e:
        leadmetrics.read_csv(path)
    assert "line 3" in str(e.value) and "created_at" in str(e.value) and "not-a-date" in str(e.value)
    data = leadmetrics.read_csv(path, on_bad_row="skip")
    assert data.data_quality["rejected"] == {"unparseable_date": 1} and len(data.leads) == 1


def test_money_rounding_is_documented():
    """Floats are scaled to minor units and rounded half to even (numpy.rint); integers and Decimals are exact."""
    from leadmetrics import _columns
    frame = pd.DataFrame({"value": [0.125, 0.135, 10.0, None]})
    assert list(_columns.money(frame, "value", 2, "leads")[:3]) == [12, 14, 1000]
    assert _columns.money(frame, "value", 2, "leads")[3] == _columns.MISSING
    import decimal
    frame = pd.DataFrame({"value": [decimal.Decimal("0.125"), decimal.Decimal("0.135"), "7.005"]})
    assert list(_columns.money(frame, "value", 2, "leads")) == [12, 14, 700]
    frame = pd.DataFrame({"value": np.array([5, 7], dtype=np.int64)})
    assert list(_columns.money(frame, "value", 0, "leads")) == [5, 7]


def test_first_bad_row_is_named_in_a_large_block():
    """The native checks run over whole columns and name the first bad row in row order (a later row of an earlier
    column does not win); a block above the parallel split (262,144 rows) included; a deal value beyond 10^18 units is
    refused like the command's amount_out_of_range."""
    n = 300_000
    created = pd.Series(pd.to_datetime(np.full(n, np.datetime64("2024-01-01T00:00", "ns")), utc=True))
    frame = pd.DataFrame({"created_at": created, "won_at": pd.Series(pd.NaT, index=range(n), dtype="datetime64[ns, UTC]"),
                          "value": np.full(n, np.nan)})
    frame.loc[250_000, "value"] = -1.0
    frame.loc[200_000, "won_at"] = pd.Timestamp("2023-06-01", tz="UTC")
    with pytest.raises(ValueError, match=r"leads: column 'won_at', row 200000"):
        leadmetrics.kpis(frame, by=[])
    frame.loc[200_000, "won_at"] = pd.NaT
    with pytest.raises(ValueError, match=r"leads: column 'value', row 250000: .*cannot be negative"):
        leadmetrics.kpis(frame, by=[])
    frame.loc[250_000, "value"] = np.nan
    frame.loc[299_999, "value"] = 2e18
    frame.loc[299_999, "won_at"] = pd.Timestamp("2024-02-01", tz="UTC")
    with pytest.raises(ValueError, match=r"leads: column 'value', row 299999: .*10\^18"):
        leadmetrics.kpis(frame, by=[], currency="JPY")  # yen have no minor unit: 2e18 fits int64, not the exact sums
    frame.loc[299_999, "value"] = 1e15
    assert leadmetrics.kpis(frame, by=[])["leads"].iloc[0] == n
