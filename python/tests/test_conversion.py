"""The package's column conversion takes shortcuts that must give what the plain way gives: a categorical column's
codes remapped instead of ``pandas.factorize`` (the same codes and labels), and float64 deal values rounded by the
native library (ABI revision 5) instead of numpy (the same minor units, so the same snapshot, bit for bit)."""
import ctypes

import numpy as np
import pandas as pd
import pytest

import leadmetrics
from leadmetrics import _columns, _native

CATEGORIES = ["website", "facebook", "google_ads", "linkedin", "partner", "webinar", "conference", "email", "unused"]


def same_factorize(s):
    expected_codes, expected_uniques = pd.factorize(s, sort=False)
    codes, uniques = _columns.factorize(s)
    assert codes.dtype == np.int32
    assert np.array_equal(codes, expected_codes.astype(np.int32))
    assert list(uniques) == list(expected_uniques)
    assert type(uniques) is type(expected_uniques)


@pytest.mark.parametrize("n", [0, 1, 7, 1000, 70_000, 200_000])
@pytest.mark.parametrize("late", [False, True])
def test_categorical_codes_equal_factorize(n, late):
    rng = np.random.default_rng(n)
    codes = rng.integers(0, 8, n)
    if late and n > _columns._PREFIX:
        codes[:_columns._PREFIX] %= 3  # five categories first seen after the rows read first: the whole column is read
    s = pd.Series(pd.Categorical.from_codes(codes, CATEGORIES))
    if n > 10:
        s.iloc[[3, n - 1]] = np.nan
    same_factorize(s)


@pytest.mark.parametrize("s", [
    pd.Series(pd.Categorical([np.nan] * 10, categories=["a"])),
    pd.Series(pd.Categorical([3, 1, 2, 1], categories=[1, 2, 3])),
    pd.Series(pd.Categorical(["b", "a", None, "b"], categories=["a", "b"], ordered=True)),
    pd.Series(pd.Categorical.from_codes(np.arange(100_000) % 300, [f"c{i}" for i in range(300)])),
])
def test_categorical_edge_cases_equal_factorize(s):
    same_factorize(s)


def frame(n, seed=1):
    rng = np.random.default_rng(seed)
    created = pd.Timestamp("2024-01-01", tz="UTC") + pd.to_timedelta(rng.integers(0, 365 * 86400, n), unit="s")
    won = rng.random(n) < 0.3
    # Amounts with ties at the cent (x.xx5: numpy.rint and the library round half to even), whole, tiny and large ones.
    value = np.round(rng.integers(0, 10_000_000, n) / 1000, 3) + np.where(rng.random(n) < 0.3, 0.005, 0.0)
    value[rng.random(n) < 0.2] = np.nan
    special = [0.005, 0.015, 2.675, 1e12 + 0.125, 0.0, 1234.5678]
    value[:min(n, 6)] = special[:min(n, 6)]
    return pd.DataFrame({
        "created_at": created,
        "source": pd.Categorical.from_codes(rng.integers(0, 8, n), CATEGORIES),
        "won_at": pd.Series(created + pd.Timedelta(days=3)).where(won),
        "value": value,
    })


def snapshot(leads, as_units):
    keep = []
    block = _columns.lead_block(leads, None, "UTC", 2, keep)
    if as_units:
        # The numpy rounding: value as int64 minor units (money()), no float column.
        units = _columns.money(leads, "value", 2, "leads")
        keep.append(units)
        block.value = _columns.ptr(units, ctypes.c_int64)
        block.value_amounts = None
    else:
        assert block.value_amounts is not None, "the native library has no lm_kpis_add_block_amounts: rebuild it"
    with _native.KpiSet({"by": ["source"]}) as s:
        s.add_block(block)
        return s.snapshot()


@pytest.mark.parametrize("n", [50, 300_000])  # one worker; a block split over the cores
def test_native_rounding_of_float_amounts_equals_numpy(n):
    leads = frame(n)
    assert snapshot(leads, as_units=False) == snapshot(leads, as_units=True)


def test_native_rounding_on_the_checking_path_equals_numpy():
    leads = frame(200).assign(lead_id=lambda f: [f"l{i}" for i in range(len(f))])
    stages = pd.DataFrame({"lead_id": leads["lead_id"][:50], "stage": "Working",
                           "at": leads["created_at"][:50] + pd.Timedelta(hours=1)})
    results = []
    for as_units in (False, True):
        keep = []
        block = _columns.lead_block(leads, stages, "UTC", 2, keep)
        if as_units:
            units = _columns.money(leads, "value", 2, "leads")
            keep.append(units)
            block.value = _columns.ptr(units, ctypes.c_int64)
            block.value_amounts = None
        with _native.KpiSet({"by": ["source"]}) as s:
            s.add_block(block)
            results.append(s.snapshot())
    assert results[0] == results[1]


@pytest.mark.parametrize("bad", [np.inf, -np.inf, 1e300])
@pytest.mark.parametrize("n", [10, 300_000])
def test_a_float_amount_that_does_not_fit_names_column_and_row(bad, n):
    leads = frame(n)
    leads.loc[3, "value"] = bad
    with pytest.raises(ValueError) as e:
        leadmetrics.kpis(leads)
    message = str(e.value)
    assert "'value'" in message and "row 3" in message and "not a finite amount" in message, message
