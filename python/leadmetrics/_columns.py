"""Columns of pandas frames to native buffers, without a per-row Python loop (docs/python.md, "Columns")."""
from __future__ import annotations

import ctypes
import decimal
import json
import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pandas as pd

from . import _native

MISSING = np.iinfo(np.int64).min  # pandas' NaT as int64: a missing instant or amount
# pandas 2 parses mixed ISO 8601 shapes only with format="ISO8601"; pandas 1.x infers them without a format.
_ISO = {"format": "ISO8601"} if int(pd.__version__.split(".")[0]) >= 2 else {}


def _first_bad(mask: np.ndarray) -> int:
    return int(np.flatnonzero(mask)[0])


def _bad(table: str, column: str, row: int, value, why: str) -> ValueError:
    return ValueError(f"{table}: column '{column}', row {row}: value {value!r} rejected: {why}.")


def instants(frame: pd.DataFrame, column: str, zone: str, table: str) -> np.ndarray | None:
    """int64 ns since the epoch (UTC), MISSING for NaT; naive values are local times in ``zone``."""
    if column not in frame.columns:
        return None
    s = frame[column]
    # Fast paths, no copy beyond one contiguous int64 view: a tz-aware column holds UTC nanoseconds already; a naive
    # one in UTC is its own UTC time. (pandas 1.x keeps nanoseconds; other units go the general way below.)
    if isinstance(s.dtype, pd.DatetimeTZDtype) and str(getattr(s.dtype, "unit", "ns")) == "ns":
        return np.ascontiguousarray(s.array.asi8)
    if s.dtype == np.dtype("datetime64[ns]") and str(zone).upper() == "UTC":
        return np.ascontiguousarray(s.to_numpy().view(np.int64))
    if not pd.api.types.is_datetime64_any_dtype(s):
        original = s
        try:
            s = pd.to_datetime(original, errors="coerce", **_ISO)
        except (ValueError, TypeError):
            s = pd.to_datetime(original, errors="coerce", **_ISO, utc=True)
        if s.dtype == object:  # mixed offsets
            s = pd.to_datetime(original, errors="coerce", **_ISO, utc=True)
        bad = s.isna().to_numpy() & original.notna().to_numpy() & (original.astype(str).str.strip() != "").to_numpy()
        if bad.any():
            row = _first_bad(bad)
            raise _bad(table, column, row, original.iloc[row], "not an ISO 8601 timestamp, local date-time or date")
    if getattr(s.dt, "tz", None) is None:
        # A local time in a DST gap moves forward by the gap (1 h in most zones), an ambiguous one takes the earlier
        # offset: NodaTime's lenient resolver, as the CLI reads local times.
        s = s.dt.tz_localize(zone, ambiguous=np.ones(len(s), dtype=bool), nonexistent=pd.Timedelta(hours=1))
    s = s.dt.tz_convert("UTC").dt.tz_localize(None).astype("datetime64[ns]")
    return np.ascontiguousarray(s.to_numpy().view(np.int64))


def attribute_label(value) -> str:
    """An attribute value as the CLI labels it: numbers without trailing zeros (2433, not 2433.0), true/false."""
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    if isinstance(value, (float, np.floating)):
        return np.format_float_positional(float(value), trim="-")
    return str(value)


def factorize(s: pd.Series):
    """(int32 codes, uniques) by ``pandas.factorize(s, sort=False)``: labels in order of first appearance, -1 = missing
    (a categorical column is factorized through its codes, without hashing its labels)."""
    if isinstance(s.dtype, pd.CategoricalDtype):
        return _factorize_categorical(s)
    codes, uniques = pd.factorize(s, sort=False)
    return codes.astype(np.int32, copy=False), uniques


# Rows read for a categorical column's order of first appearance before the whole column is (see below).
_PREFIX = 65_536


def _factorize_categorical(s: pd.Series):
    """``pandas.factorize`` of a categorical column from its codes, the same codes and uniques (the categories present,
    in order of first appearance): the order is read from the first rows, and the codes are remapped by one gather from
    a table of the categories; a category absent from those rows maps to -2, and then (one minimum tells) the order is
    read from the whole column. Measured on 10M rows of 8 categories: 0.03 CPU s against factorize's 0.12."""
    raw = s.cat.codes.to_numpy()
    categories = s.cat.categories
    k = len(categories)
    for rows in (_PREFIX, len(raw)):
        order = pd.unique(raw[:rows])
        order = order[order >= 0].astype(np.intp)
        # remap[k] is -1: a missing value's code (-1) indexes the table's last entry.
        remap = np.full(k + 1, -2, dtype=np.int32)
        remap[k] = -1
        remap[order] = np.arange(len(order), dtype=np.int32)
        codes = remap[raw]
        if rows >= len(raw) or len(codes) == 0 or codes.min() >= -1:
            break
    return codes, pd.CategoricalIndex(categories[order], categories=categories, ordered=s.cat.ordered)


def fold_key(label: str) -> str:
    """The key under which labels that differ only in case are one (.NET's OrdinalIgnoreCase: each character
    upper-cased on its own, a character whose upper case is longer, like ß, kept)."""
    return "".join(u if len(u := c.upper()) == 1 else c for c in label)


def labels(frame: pd.DataFrame, column: str, format=str, fold: dict | None = None):  # noqa: A002 - mirrors str
    """(int32 codes, UTF-8 JSON labels) by pandas.factorize; missing values are -1.

    With ``fold`` (a dict shared by the frames of one call: fold key -> spelling), labels that differ only in case are
    one label, spelled as first seen (the CLI's --fold-case): the codes are remapped on the labels, not per row."""
    if column not in frame.columns:
        return None, None
    codes, uniques = factorize(frame[column])
    names = [format(u) for u in uniques]
    if fold is not None and names:
        spelled, remap = {}, np.empty(len(names), dtype=np.int32)
        for i, name in enumerate(names):
            spelling = fold.setdefault(fold_key(name), name)
            remap[i] = spelled.setdefault(spelling, len(spelled))
        if len(spelled) < len(names) or any(s != n for s, n in zip(spelled, names)):
            codes = np.where(codes < 0, np.int32(-1), remap[np.maximum(codes, 0)]).astype(np.int32)
            names = list(spelled)
    text = json.dumps(names, ensure_ascii=False).encode("utf-8")
    return np.ascontiguousarray(codes), text


def row_currencies(frame: pd.DataFrame, digits: int):
    """(int32 codes, UTF-8 JSON labels, int array of each row's amount scale) of a ``currency`` column: a row in another
    currency has its amount at that currency's minor digits (lm_currency_digits); empty, missing or unknown codes
    keep the set's ``digits`` (the native library refuses an unknown code when the row is read)."""
    codes, uniques = factorize(frame["currency"])
    names = ["" if u is None else str(u).strip() for u in uniques]
    scale = np.array([_digits_of(n, digits) for n in names] + [digits], dtype=np.int64)
    per_row = scale[np.where(codes < 0, len(names), codes)]
    return np.ascontiguousarray(codes), json.dumps(names, ensure_ascii=False).encode("utf-8"), per_row


def _digits_of(code: str, default: int) -> int:
    if not code:
        return default
    found = _native.lib().lm_currency_digits(code.encode("utf-8"))
    return default if found < 0 else found


def check_currency(frame, table: str, amount: str, currency: str, has_rates: bool) -> None:
    """A ``currency`` column naming another currency than the set's, on a row with an amount, raises ValueError naming
    table, column and row: the block ABI carries amounts as integer minor units at the set's currency scale, so an
    amount converted at a rate (10.01 EUR x 1.0837 = 10.847837 USD) cannot cross it exactly; never summed as the set's
    currency (the command rejects such a row as currency_mismatch)."""
    if frame is None or "currency" not in frame.columns or amount not in frame.columns:
        return  # no amount, nothing to convert (the command checks the currency of a row with an amount)
    s = frame["currency"]
    text = s.astype(object).where(s.notna(), "").astype(str).str.strip().str.upper()
    bad = ((text != "") & (text != str(currency).strip().upper()) & frame[amount].notna()).to_numpy()
    if bad.any():
        row = _first_bad(bad)
        code = text.iloc[row]
        why = (f"the {amount} is in {code}, the set is in {str(currency).upper()}: with DataFrames rates= converts the "
               "amounts of costs and revenue, not the deal values of leads (a converted value does not fit the block's "
               "integer minor units); convert the column first, or pass the tables as file paths (the ingest layer "
               "converts every amount, as the command's --rates)"
               if has_rates else
               f"the {amount} is in {code}, the set is in {str(currency).upper()}: amounts are never summed across "
               "currencies (the command rejects the row as currency_mismatch); convert the column first, or pass the "
               "tables as file paths with rates=")
        raise _bad(table, "currency", row, s.iloc[row], why)


def money(frame: pd.DataFrame, column: str, digits, table: str) -> np.ndarray | None:
    """int64 minor units at the currency's scale (MISSING for NaN/None); ``digits`` is the scale, or an int array of
    each row's scale (amounts in several currencies, each at its own).

    Integers are exact; floats are scaled by 10**digits and rounded to the nearest integer, ties to even
    (numpy.rint); Decimal or numeric strings (object columns) are rounded exactly, ties to even, one value at a time.
    """
    if column not in frame.columns:
        return None
    s = frame[column]
    per_row = isinstance(digits, np.ndarray)
    scale = np.power(np.int64(10), digits.astype(np.int64)) if per_row else 10 ** digits
    if pd.api.types.is_integer_dtype(s) and not s.isna().any():
        v = s.to_numpy(dtype=np.int64)
        if (np.abs(v) > np.iinfo(np.int64).max // scale).any():
            row = _first_bad(np.abs(v) > np.iinfo(np.int64).max // scale)
            raise _bad(table, column, row, v[row], "too large for int64 minor units")
        return np.ascontiguousarray(v * scale)
    if pd.api.types.is_float_dtype(s) or (pd.api.types.is_integer_dtype(s)):
        # Whole-column passes only: scale and round in place, one check, NaN -> MISSING.
        f = s.to_numpy() if s.dtype == np.float64 else s.to_numpy(dtype=np.float64, na_value=np.nan)
        scaled = np.multiply(f, scale)
        np.rint(scaled, out=scaled)
        nan = np.isnan(scaled)
        any_nan = bool(nan.any())
        # The range in two reductions that skip NaN (no temporary column); only an out-of-range column is searched for
        # its first bad row. Infinities and amounts beyond int64 fail.
        if not (any_nan and nan.all()) and len(scaled):
            low, high = np.fmin.reduce(scaled), np.fmax.reduce(scaled)
            if not (-(2.0 ** 63) < low and high < 2.0 ** 63):
                fits = np.abs(scaled) < 2.0 ** 63  # NaN compares false
                row = _first_bad(~(fits | nan))
                raise _bad(table, column, row, f[row], "not a finite amount that fits int64 minor units")
        if any_nan:
            np.copyto(scaled, 0.0, where=nan)
        out = scaled.astype(np.int64)
        if any_nan:
            np.copyto(out, MISSING, where=nan)
        return np.ascontiguousarray(out)
    # object: Decimal, str or mixed; exact decimal rounding (a Python loop: use numbers for large frames)
    out = np.empty(len(s), dtype=np.int64)
    row_digits = digits.tolist() if per_row else None
    for i, x in enumerate(s.tolist()):
        if x is None or (isinstance(x, float) and np.isnan(x)) or (isinstance(x, str) and not x.strip()):
            out[i] = MISSING
            continue
        try:
            d = decimal.Decimal(str(x).strip() if isinstance(x, str) else x)
            places = row_digits[i] if per_row else digits
            out[i] = int(d.quantize(decimal.Decimal(1).scaleb(-places), rounding=decimal.ROUND_HALF_EVEN).scaleb(places))
        except (decimal.InvalidOperation, ValueError, TypeError):
            raise _bad(table, column, i, x, "not a number") from None
    return out


def float_amounts(frame: pd.DataFrame, column: str) -> np.ndarray | None:
    """The column itself (no copy) when it is a contiguous float64 column and the native library rounds amounts
    (``lm_kpis_add_block_amounts``, ABI revision 5): it scales each by 10**digits and rounds to the nearest integer, ties
    to even, as money() does with numpy.rint, bit for bit; NaN is missing. Else None (money() converts it)."""
    if column not in frame.columns or frame[column].dtype != np.float64 or not hasattr(_native.lib(), "lm_kpis_add_block_amounts"):
        return None
    return np.ascontiguousarray(frame[column].to_numpy())


def ptr(array: np.ndarray | None, ctype):
    return None if array is None else array.ctypes.data_as(ctypes.POINTER(ctype))


# A frame of at least this many rows has its label columns converted on two threads (numpy's gather releases the GIL):
# the conversion runs before the native add, on one core otherwise.
_PARALLEL_ROWS = 262_144
_POOL: ThreadPoolExecutor | None = None


def _label_columns(leads: pd.DataFrame, dims, folds: dict | None) -> dict:
    """labels() of each of ``dims`` (dim -> (codes, text)); for a large frame without folding, all but the first on a
    worker thread while this thread does the first (the same values: each column is converted on its own)."""
    global _POOL
    if folds is not None or len(leads) < _PARALLEL_ROWS or (os.cpu_count() or 1) < 2:
        return {d: labels(leads, d, fold=None if folds is None else folds.setdefault(d, {})) for d in dims}
    if _POOL is None:
        _POOL = ThreadPoolExecutor(max_workers=1, thread_name_prefix="leadmetrics-columns")
    present = [d for d in dims if d in leads.columns]
    later = [(d, _POOL.submit(labels, leads, d)) for d in present[1:]]
    out = {d: (None, None) for d in dims}
    if present:
        out[present[0]] = labels(leads, present[0])
    for d, f in later:
        out[d] = f.result()
    return out


def lead_block(leads: pd.DataFrame, stages: pd.DataFrame | None, zone: str, digits: int, keep: list, attribute: str | None = None,
               folds: dict | None = None):
    """Builds an lm_lead_block over the frames' columns; ``keep`` holds every buffer until the call returns.
    ``folds`` (fold_case): one dict per label column (source, campaign, owner), shared with ``money_block``."""
    n = len(leads)
    if "created_at" not in leads.columns:
        raise ValueError(f"leads: column 'created_at' is required (columns: {', '.join(map(str, leads.columns))}).")
    created = instants(leads, "created_at", zone, "leads")
    if len(created) and created.min() == MISSING:  # MISSING is int64's least value: one reduction, no mask of n booleans
        row = _first_bad(created == MISSING)
        raise _bad("leads", "created_at", row, leads["created_at"].iloc[row], "created_at is required")
    b = _native.LeadBlock()
    b.count = n
    b.row_offset = 0
    amounts = float_amounts(leads, "value")
    arrays = {
        "created": created,
        "response": instants(leads, "first_response_at", zone, "leads"),
        "won": instants(leads, "won_at", zone, "leads"),
        "lost": instants(leads, "lost_at", zone, "leads"),
        "value": None if amounts is not None else money(leads, "value", digits, "leads"),
    }
    for name, a in arrays.items():
        keep.append(a)
        setattr(b, name, ptr(a, ctypes.c_int64))
    if amounts is not None:
        # float64 deal values go as they are: the native library scales and rounds them (ABI revision 5), the rule of
        # money(), without its passes over the column; value stays NULL. (Kept in keep at the end: the bench reads keep by position.)
        b.value_amounts = amounts
    converted = _label_columns(leads, ("source", "campaign", "owner"), folds)
    for dim in ("source", "campaign", "owner"):
        codes, text = converted[dim]
        keep += [codes, text]
        setattr(b, f"{dim}_codes", ptr(codes, ctypes.c_int32))
        setattr(b, f"{dim}_labels", text)
    if attribute is not None:
        if attribute not in leads.columns:
            raise ValueError(f"leads: column '{attribute}' (by) is not a column of leads (columns: {', '.join(map(str, leads.columns))}).")
        codes, text = labels(leads, attribute, attribute_label)
        keep += [codes, text]
        b.segment_codes = ptr(codes, ctypes.c_int32)
        b.segment_labels = text
    if stages is not None and len(stages) > 0:
        for c in ("lead_id", "stage", "at"):
            if c not in stages.columns:
                raise ValueError(f"stages: column '{c}' is required (columns: {', '.join(map(str, stages.columns))}).")
        if "lead_id" not in leads.columns:
            raise ValueError("leads: column 'lead_id' is required to join stages.")
        lead_rows = lead_rows_of(leads, stages, "stages")
        stage_codes, stage_text = labels(stages, "stage")
        at = instants(stages, "at", zone, "stages")
        keep += [lead_rows, stage_codes, stage_text, at]
        b.stage_count = len(stages)
        b.stage_row_offset = 0
        b.stage_lead = ptr(np.ascontiguousarray(lead_rows), ctypes.c_int32)
        b.stage_codes = ptr(stage_codes, ctypes.c_int32)
        b.stage_labels = stage_text
        b.stage_at = ptr(at, ctypes.c_int64)
    if amounts is not None:
        keep.append(amounts)
    return b


def lead_rows_of(leads: pd.DataFrame, rows: pd.DataFrame, table: str) -> np.ndarray:
    """int32 row in ``leads`` of each row's lead_id (leads.lead_id required and unique; an unknown id is an error)."""
    if "lead_id" not in leads.columns:
        raise ValueError(f"leads: column 'lead_id' is required to join {table}.")
    if "lead_id" not in rows.columns:
        raise ValueError(f"{table}: column 'lead_id' is required (columns: {', '.join(map(str, rows.columns))}).")
    ids = leads["lead_id"]
    if ids.isna().any():
        row = _first_bad(ids.isna().to_numpy())
        raise _bad("leads", "lead_id", row, None, "lead_id is required")
    dup = ids.duplicated().to_numpy()
    if dup.any():
        row = _first_bad(dup)
        raise _bad("leads", "lead_id", row, ids.iloc[row], "this lead_id appeared on an earlier row")
    lead_rows = pd.Index(ids).get_indexer(rows["lead_id"]).astype(np.int32)
    unknown = lead_rows < 0
    if unknown.any():
        row = _first_bad(unknown)
        raise _bad(table, "lead_id", row, rows["lead_id"].iloc[row], "no lead with this lead_id in the leads")
    return np.ascontiguousarray(lead_rows)


MISSING_DAY = np.iinfo(np.int32).min


def local_days(frame: pd.DataFrame, column: str, table: str) -> np.ndarray:
    """int32 days since 1970-01-01 of a column of local dates (MISSING_DAY when empty); a tz-aware value gives its own local date."""
    s = frame[column]
    if not pd.api.types.is_datetime64_any_dtype(s):
        original = s
        s = pd.to_datetime(original, errors="coerce", **_ISO)
        bad = s.isna().to_numpy() & original.notna().to_numpy() & (original.astype(str).str.strip() != "").to_numpy()
        if bad.any():
            row = _first_bad(bad)
            raise _bad(table, column, row, original.iloc[row], "not a date (ISO 8601)")
    if getattr(s.dt, "tz", None) is not None:
        s = s.dt.tz_localize(None)
    ns = s.to_numpy(dtype="datetime64[ns]").view(np.int64)
    days = np.floor_divide(ns, 86_400 * 10**9)
    return np.ascontiguousarray(np.where(ns == MISSING, MISSING_DAY, days).astype(np.int32))


def _required(frame: pd.DataFrame, table: str, columns) -> None:
    for c in columns:
        if c not in frame.columns:
            raise ValueError(f"{table}: column '{c}' is required (columns: {', '.join(map(str, frame.columns))}).")


def money_block(leads: pd.DataFrame, touchpoints, costs, revenue, zone: str, digits: int, keep: list, folds: dict | None = None,
                currencies=None):
    """Builds an lm_money_block over the frames' columns (any of them None); ``keep`` holds every buffer until the call returns.
    ``folds``: the label folding of ``lead_block`` (fold_case), so cost labels take the leads' spelling. ``currencies``
    (an lm_currency_block, with rates=): the ``currency`` columns of costs and revenue go into it, and each row's
    amount is at its own currency's scale."""
    m = _native.MoneyBlock()

    def amounts(frame, table, prefix):
        if currencies is None or "currency" not in frame.columns:
            return money(frame, "amount", digits, table)
        codes, text, scale = row_currencies(frame, digits)
        keep.extend([codes, text])
        setattr(currencies, f"{prefix}_currency_codes", ptr(codes, ctypes.c_int32))
        setattr(currencies, f"{prefix}_currency_labels", text)
        return money(frame, "amount", scale, table)

    def put(name, array, ctype):
        keep.append(array)
        setattr(m, name, ptr(array, ctype))

    def put_labels(prefix, frame, column):
        fold = folds.setdefault(column, {}) if folds is not None and column in ("source", "campaign") else None
        codes, text = labels(frame, column, fold=fold)
        if codes is not None:
            keep.extend([codes, text])
            setattr(m, f"{prefix}_codes", ptr(codes, ctypes.c_int32))
            setattr(m, f"{prefix}_labels", text)

    if touchpoints is not None:
        m.flags |= _native.MoneyBlock.HAS_TOUCHPOINTS
        if len(touchpoints):
            _required(touchpoints, "touchpoints", ("lead_id", "at", "channel"))
            channel = touchpoints["channel"]
            empty = (channel.isna() | (channel.astype(str).str.strip() == "")).to_numpy()
            if empty.any():
                row = _first_bad(empty)
                raise _bad("touchpoints", "channel", row, channel.iloc[row], "channel is required")
            m.touch_count = len(touchpoints)
            put("touch_lead", lead_rows_of(leads, touchpoints, "touchpoints"), ctypes.c_int32)
            put("touch_at", instants(touchpoints, "at", zone, "touchpoints"), ctypes.c_int64)
            put_labels("touch_kind", touchpoints, "kind")
            put_labels("touch_direction", touchpoints, "direction")
    if revenue is not None:
        m.flags |= _native.MoneyBlock.HAS_REVENUE
        if len(revenue):
            _required(revenue, "revenue", ("lead_id", "at", "amount"))
            m.revenue_count = len(revenue)
            put("revenue_lead", lead_rows_of(leads, revenue, "revenue"), ctypes.c_int32)
            put("revenue_at", instants(revenue, "at", zone, "revenue"), ctypes.c_int64)
            put("revenue_amount", amounts(revenue, "revenue", "revenue"), ctypes.c_int64)
    if costs is not None:
        m.flags |= _native.MoneyBlock.HAS_COSTS
        if len(costs):
            _required(costs, "costs", ("source", "amount"))
            has_date = "date" in costs.columns
            if not has_date and not ("from" in costs.columns and "to" in costs.columns):
                raise ValueError(f"costs: column 'date' (or 'from' and 'to') is required (columns: {', '.join(map(str, costs.columns))}).")
            day = local_days(costs, "date", "costs") if has_date else np.full(len(costs), MISSING_DAY, dtype=np.int32)
            start = local_days(costs, "from", "costs") if "from" in costs.columns else day
            end = local_days(costs, "to", "costs") if "to" in costs.columns else day
            # A row's date is its one day; else its from and to (inclusive).
            start = np.ascontiguousarray(np.where(day != MISSING_DAY, day, start).astype(np.int32))
            end = np.ascontiguousarray(np.where(day != MISSING_DAY, day, end).astype(np.int32))
            m.cost_count = len(costs)
            put("cost_from", start, ctypes.c_int32)
            put("cost_to", end, ctypes.c_int32)
            put_labels("cost_source", costs, "source")
            put_labels("cost_campaign", costs, "campaign")
            put_labels("cost_category", costs, "category")
            put("cost_amount", amounts(costs, "costs", "cost"), ctypes.c_int64)
    return m


def _instant_text(s: pd.Series, utc: bool) -> pd.Series:
    """ISO 8601 text of a datetime column to the nanosecond (the reader keeps 100 ns ticks): with Z for instants, without
    an offset for local date-times; empty for NaT."""
    ns = s.to_numpy(dtype="datetime64[ns]").view(np.int64)
    missing = ns == MISSING
    whole = np.where(missing, 0, np.floor_divide(ns, 10**9))
    frac = np.where(missing, 0, ns - whole * 10**9)
    base = pd.Series(pd.to_datetime(whole, unit="s")).dt.strftime("%Y-%m-%dT%H:%M:%S")
    text = base + "." + pd.Series(frac).astype(str).str.zfill(9) + ("Z" if utc else "")
    text[missing] = ""
    return text.set_axis(s.index)


def write_csv(frame: pd.DataFrame, table: str, path) -> None:
    """Writes a stages, touchpoints, costs or revenue DataFrame as the CSV the ingest layer reads (leads given as a
    file path): datetimes as ISO 8601 (tz-aware as UTC instants with Z, naive as local date-times read in the report's
    zone, as the DataFrame route reads them), the dates of costs as dates, numbers as their shortest repr (so an amount
    is read as the exact decimal it prints as), missing values empty. Other columns are written as they are."""
    out = pd.DataFrame(index=frame.index)
    for c in frame.columns:
        s = frame[c]
        if pd.api.types.is_datetime64_any_dtype(s):
            if table == "costs" and c in ("date", "from", "to"):
                local = s.dt.tz_localize(None) if getattr(s.dt, "tz", None) is not None else s
                out[c] = local.dt.strftime("%Y-%m-%d").fillna("")
            elif getattr(s.dt, "tz", None) is not None:
                out[c] = _instant_text(s.dt.tz_convert("UTC").dt.tz_localize(None), utc=True)
            else:
                out[c] = _instant_text(s, utc=False)
        else:
            out[c] = s
    out.to_csv(path, index=False, na_rep="")
