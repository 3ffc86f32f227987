"""leadmetrics: exact lead KPIs for pandas, computed by the LeadMetrics SDK's native library (NativeAOT, ctypes).

Every number comes from the same library kernels as the ``leadmetrics`` command; the columns carry the names of its
JSON contract (docs/cli.md). See docs/python.md for the API, the C ABI and the rounding rules.
"""
from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import pandas as pd

from . import _columns, _native
from ._native import KpiSet, NativeError

__version__ = "0.1.0"
__all__ = [
    "KpiSet", "NativeError", "Report", "DataSet", "report", "kpis", "funnel", "response_histogram",
    "time_in_stage", "reps", "read_csv", "score", "abi_version", "native_library",
    "read_parquet", "converted_within", "conversion_curve",
    "peak_hours", "PeakHours", "comparisons", "Comparisons", "score_quality", "ScoreQuality",
]

_KEY_ORDER = ("source", "owner", "campaign", "period")


def _key_order(names):
    """The key columns: source, owner, campaign, then a lead attribute, then period."""
    fixed = [k for k in _KEY_ORDER if k in names and k != "period"]
    return fixed + [k for k in names if k not in _KEY_ORDER] + (["period"] if "period" in names else [])


def abi_version() -> int:
    """The C ABI version of the loaded native library."""
    return _native.lib().lm_abi_version()


def native_library() -> tuple:
    """``(path, variant)`` of the native library the package loaded (loading it if needed): the build for the best
    instruction set this CPU supports, ``"x86-64-v4"`` (AVX-512), ``"x86-64-v3"`` (AVX2) or ``"baseline"``, or
    ``"LEADMETRICS_NATIVE"`` when that variable names the file. ``LEADMETRICS_NATIVE_VARIANT=baseline`` (set before
    the first call) forces the baseline build (docs/python.md, "Which library is loaded")."""
    return _native.native_library()


def _options(by, period, zone, currency, response_targets, pipeline, stage_names) -> dict:
    if isinstance(by, str):
        by = [by]
    options = {"by": list(by or []), "period": period, "zone": zone, "currency": currency,
               "response_targets": [int(t) for t in response_targets]}
    if pipeline is not None:
        options["pipeline"] = [p if isinstance(p, dict) else {"name": p[0], "kind": p[1]} for p in pipeline]
    if stage_names:
        options["stage_names"] = dict(stage_names)
    return options


def _flatten(kpis: dict, prefix: str = "", out: dict | None = None) -> dict:
    """A KPI object of the JSON contract as flat columns named by their JSON path (response_time_seconds.p50);
    lists (funnel, histograms, time in stage) are left to their own frames, except [lower, upper] intervals."""
    out = {} if out is None else out
    for name, value in kpis.items():
        if name == "key":
            continue
        path = prefix + name
        if isinstance(value, dict):
            _flatten(value, path + ".", out)
        elif isinstance(value, list):
            if name.endswith("_ci"):
                out[path + ".lower"], out[path + ".upper"] = value if value else (None, None)
        else:
            out[path] = value
    return out


@dataclass(frozen=True)
class Report:
    """The result of one run: the raw JSON and its frames."""

    raw: dict
    """The snapshot, in the CLI's JSON contract (total, groups, trend, reps)."""

    def _scopes(self):
        yield "total", {}, self.raw["total"]
        for g in self.raw["groups"]:
            yield "group", g.get("key", {}), g
        for g in self.raw["trend"]:
            yield "trend", g.get("key", {}), g

    def _keys(self, scope_rows):
        return _key_order(list(dict.fromkeys(k for _, key, _ in scope_rows for k in key)))

    def _frame(self, rows: list[dict], keys: list[str]) -> pd.DataFrame:
        frame = pd.DataFrame(rows)
        first = [c for c in ["scope", *keys] if c in frame.columns]
        return frame[first + [c for c in frame.columns if c not in first]] if len(frame) else frame

    @property
    def total(self) -> pd.Series:
        """The total's KPIs as flat columns."""
        return pd.Series(_flatten(self.raw["total"]))

    @property
    def groups(self) -> pd.DataFrame:
        """One row per group (and period): the key columns, then the flat KPI columns."""
        keys = _key_order(list(dict.fromkeys(k for g in self.raw["groups"] for k in g["key"])))
        rows = [{**{k: g["key"].get(k) for k in keys}, **_flatten(g)} for g in self.raw["groups"]]
        return self._frame(rows, keys)

    @property
    def trend(self) -> pd.DataFrame:
        """One row per period of the trend (the period option, else months)."""
        rows = [{"period": g["key"]["period"], **_flatten(g)} for g in self.raw["trend"]]
        return self._frame(rows, ["period"])

    def _nested(self, pick) -> pd.DataFrame:
        scopes = list(self._scopes())
        keys = self._keys(scopes)
        rows = []
        for scope, key, kpis in scopes:
            for item in pick(kpis) or []:
                rows.append({"scope": scope, **{k: key.get(k) for k in keys}, **item})
        return self._frame(rows, keys)

    @property
    def funnel(self) -> pd.DataFrame:
        """The funnel of the total, every group and every trend period: one row per scope and stage."""
        return self._nested(lambda k: k.get("funnel"))

    @property
    def response_histogram(self) -> pd.DataFrame:
        """The response-time histogram (bins of answered leads) per scope."""
        return self._nested(lambda k: (k.get("response_time_seconds") or {}).get("histogram"))

    @property
    def conversion_histogram(self) -> pd.DataFrame:
        """The time-to-conversion histogram per scope."""
        return self._nested(lambda k: (k.get("time_to_conversion_seconds") or {}).get("histogram"))

    @property
    def time_in_stage(self) -> pd.DataFrame:
        """Time spent in each stage (count, mean, p50, p90 seconds) per scope."""
        return self._nested(lambda k: (k.get("time_to_conversion_seconds") or {}).get("time_in_stage"))

    @property
    def converted_within(self) -> pd.DataFrame:
        """Conversion with open leads (report(..., survival=True)): per scope and time (7, 30, 90 days), the share of
        leads converted within it (Kaplan-Meier, as of the last instant observed), its interval and whether the cell is
        mature; share None where the scope is too young to say."""
        def pick(k):
            cells = k.get("converted_within")
            if cells is None:
                return None
            return [{"days": int(d), "share": (c or {}).get("share"), "ci.lower": ((c or {}).get("ci") or [None, None])[0],
                     "ci.upper": ((c or {}).get("ci") or [None, None])[1], "mature": (c or {}).get("mature")} for d, c in cells.items()]
        self._need_survival()
        return self._nested(pick)

    @property
    def conversion_curve(self) -> pd.DataFrame:
        """The conversion curve (report(..., survival=True)): per scope and day while observed, the share converted, its
        interval and whether the point is mature."""
        def pick(k):
            return [{"days": p["days"], "converted": p["converted"], "ci.lower": (p.get("ci") or [None, None])[0],
                     "ci.upper": (p.get("ci") or [None, None])[1], "mature": p["mature"]} for p in k.get("conversion_curve") or []]
        self._need_survival()
        return self._nested(pick)

    def _need_survival(self):
        if "converted_within" not in self.raw["total"]:
            raise ValueError("this report was computed without survival=True: conversion with open leads is off by default (it keeps ~40 bytes per lead).")

    def _need_capacity(self):
        if self.raw.get("capacity") is None:
            raise ValueError("this report was computed without capacity=: pass capacity=40 (leads per rep and ISO week) or '40,dana=30'.")
        return self.raw["capacity"]

    @property
    def capacity_reps(self) -> pd.DataFrame:
        """Capacity per rep (report(..., capacity=...), the CLI's capacity.reps): weeks, weeks over capacity, assigned
        leads, capacity, utilization, dead leads (not answered within the response target) and their share."""
        return pd.DataFrame(self._need_capacity()["reps"])

    @property
    def capacity_weeks(self) -> pd.DataFrame:
        """Team capacity per ISO week (the CLI's capacity.weeks): leads, unassigned, capacity, utilization, dead leads,
        reps and reps over capacity."""
        return pd.DataFrame(self._need_capacity()["weeks"])

    def _peak(self, name):
        if self.raw.get(name) is None:
            raise ValueError("this report was computed without peak_hours=True: response time by hour and weekday is off by default.")
        return pd.DataFrame([_flatten(r) for r in self.raw[name]],
                            columns=None if self.raw[name] else [name.rsplit("_", 1)[1], "leads", "answered", "unanswered", "mean", "p50", "p90"])

    @property
    def response_time_by_hour(self) -> pd.DataFrame:
        """Response time by the local hour of arrival (report(..., peak_hours=True), the CLI's response_time_by_hour):
        hour ("00" to "23"; hours with leads only), leads, answered, unanswered, mean, p50, p90 (seconds),
        within_target_share.<seconds>."""
        return self._peak("response_time_by_hour")

    @property
    def response_time_by_weekday(self) -> pd.DataFrame:
        """Response time by the ISO weekday of arrival ("Mon" to "Sun"), columns as ``response_time_by_hour``."""
        return self._peak("response_time_by_weekday")

    def _need_comparisons(self):
        if self.raw.get("comparisons") is None:
            raise ValueError("this report was computed without comparisons=True: the statistics comparisons are off by default.")
        return self.raw["comparisons"]

    @property
    def rate_comparisons(self) -> pd.DataFrame:
        """The CLI's comparisons.rates (report(..., comparisons=True)): conversion_rate and win_rate of each group against
        the rest of its dimension (without ``period``) and of each trend period against the previous one: family, scope,
        against, kpi, successes, trials, other_successes, other_trials, rate, other_rate, p_value, method (z or
        fisher), p_adjusted (Benjamini-Hochberg per family), significant, immature."""
        return pd.DataFrame(self._need_comparisons()["rates"], columns=_RATE_COMPARISON)

    @property
    def duration_comparisons(self) -> pd.DataFrame:
        """The CLI's comparisons.durations: response_time_seconds and time_to_conversion_seconds compared by
        Mann-Whitney (family, scope, against, kpi, method, count, other_count, p50, other_p50, probability_longer, z,
        p_value, p_adjusted, significant, immature)."""
        return pd.DataFrame(self._need_comparisons()["durations"], columns=_DURATION_COMPARISON)

    @property
    def reps(self) -> pd.DataFrame:
        """Reps compared fairly: win rates adjusted for each rep's lead mix by source (the library's RepComparisonCalculator)."""
        if self.raw.get("reps") is None:
            raise ValueError("this report was computed with reps=False: the rep comparison was not computed.")
        return pd.DataFrame(self.raw["reps"]["reps"])


def _revision() -> int:
    """lm_abi_revision() of the loaded library (0 before revision 1)."""
    l = _native.lib()
    return l.lm_abi_revision() if hasattr(l, "lm_abi_revision") else 0


def _is_path(x) -> bool:
    return isinstance(x, (str, os.PathLike))


def _rates(rates):
    """The CSV option ``rates``: a rates file's path, or {code: rate as exact decimal text}."""
    if _is_path(rates):
        return str(rates)
    if not isinstance(rates, dict):
        raise TypeError("rates must be a dict of ISO 4217 code to rate or the path of a rates file (currency,rate).")
    out = {}
    for code, rate in rates.items():
        if isinstance(rate, bool) or not isinstance(rate, (str, int, float, __import__("decimal").Decimal)):
            raise ValueError(f"rates: the rate of {code!r} must be a number or a numeric string; was {rate!r}.")
        out[str(code)] = str(rate) if not isinstance(rate, float) else repr(rate)
    return out


def _margin(margin):
    """The set option ``margin``: a string (exact decimal text, or a percentage), or a float's shortest repr."""
    import decimal
    if isinstance(margin, bool) or not isinstance(margin, (str, int, float, decimal.Decimal)):
        raise ValueError(f"margin must be a fraction from 0 to 1 (0.35) or a percentage from 0% to 100% ('35%'); was {margin!r}.")
    return repr(margin) if isinstance(margin, float) else str(margin)


def _capacity(capacity):
    """The set option ``capacity``: a whole number, the CLI's text "40,dana=30", or {"default": 40, "reps": {...}}."""
    if isinstance(capacity, bool):
        raise ValueError(f"capacity must be leads per rep and week (40, '40,dana=30' or a dict); was {capacity!r}.")
    if isinstance(capacity, dict):
        return {k: (dict(v) if isinstance(v, dict) else int(v)) for k, v in capacity.items()}
    if isinstance(capacity, str):
        return capacity
    try:
        import numpy as np
        if isinstance(capacity, (int, np.integer)):
            return int(capacity)
    except ImportError:  # pragma: no cover - numpy comes with pandas
        pass
    raise ValueError(f"capacity must be leads per rep and week (40, '40,dana=30' or a dict); was {capacity!r}.")


def report(leads, stages=None, touchpoints=None, costs=None, revenue=None, by=("source",), period=None,
           zone="UTC", currency="USD", response_targets=(300, 3600), pipeline=None, stage_names=None,
           csv_options: dict | None = None, lifetime_value_months=6, response_kinds=None, fold_case=False,
           survival=False, rates=None, trend=True, maturity=True, reps=True, margin=None, capacity=None,
           peak_hours=False, comparisons=False) -> Report:
    """Computes the KPIs of leads (a DataFrame, or a leads.csv path read by the SDK's ingest layer) and returns a Report.

    ``leads`` columns: created_at (required), lead_id (required with stages), source, campaign, owner,
    first_response_at, won_at, lost_at, value. ``stages`` columns: lead_id, stage, at. Datetimes may be
    datetime64 (naive = local time in ``zone``, or tz-aware) or ISO 8601 strings; value is money in ``currency``.
    ``touchpoints`` (lead_id, at, channel, kind, direction): the first response of a lead without first_response_at
    is its earliest outbound touchpoint of a ``response_kinds`` kind (call, email, chat). ``costs`` (date, or from and
    to; source, campaign, amount, category) and ``revenue`` (lead_id, at, amount) give the money KPIs as the command:
    cost, cost per lead, acquisition cost, ROI, ROAS (costs clipped to the quarters the data spans), realized revenue
    and lifetime value over ``lifetime_value_months``.
    ``fold_case`` (the CLI's --fold-case): source, campaign and owner labels of leads and costs that differ only in case
    are one label, spelled as first seen in leads, else in costs. ``survival``: also conversion with open leads
    (converted_within, conversion_curve; the CLI's Kaplan-Meier as of the last instant observed).
    With ``leads`` as a file path, ``stages``, ``touchpoints``, ``costs`` and ``revenue`` are read by the ingest layer as
    the CLI reads ``--stages`` ... ``--revenue``: file paths, or DataFrames, which are written to a temporary CSV first
    (datetimes as ISO 8601 to the nanosecond, naive ones as local date-times in ``zone``; numbers as their shortest
    repr, so an amount counts exactly as it prints, not rounded to cents as on the DataFrame route; a bad row raises
    ValueError naming "<table> DataFrame, row N").
    ``rates`` (the CLI's --rates): a dict {"EUR": "1.08"} (units of ``currency`` per unit; strings or Decimals are
    exact, a float is read from its shortest repr) or the path of a rates file (currency,rate). Amounts whose
    ``currency`` column names a currency of the table are multiplied by its rate exactly; another currency is a bad row
    (currency_mismatch; with DataFrames a ValueError naming table, column 'currency' and row, with the CLI's message).
    With DataFrames, costs and revenue amounts are converted (each row's amount is rounded at its own currency's
    scale first, as any amount); a ``value`` of leads in another currency raises ValueError (a converted deal value
    does not fit the block's integer minor units: convert the column first, or pass file paths). Without rates a
    ``currency`` column naming another currency raises ValueError.
    ``trend``, ``maturity``, ``reps`` (all True by default, the CLI's report): the KPIs per trend period (``period``, else
    months) with their cohort maturity, and the rep comparison. Each costs a pass over the leads: pass False for what
    you do not read (``kpis(frame, by="source", trend=False, reps=False)`` computes the groups and the total only, about
    half the work). Off, ``Report.trend`` is empty, maturity is None and ``Report.reps`` raises ValueError.
    ``margin`` (the CLI's --margin): the gross margin of revenue, a fraction (0.35, "0.35", Decimal) or a percentage
    ("35%"): every scope gets gross_profit (revenue x margin) and, with costs, roi_on_margin ((gross profit - cost) /
    cost). ``capacity`` (the CLI's --capacity): leads per rep and ISO week, 40, "40,dana=30" or
    {"default": 40, "reps": {"dana": 30}} (named reps are the roster): ``Report.capacity_reps`` and
    ``Report.capacity_weeks`` (utilization and dead leads: not answered within an hour).
    ``peak_hours`` (the CLI's response_time_by_hour / _by_weekday): ``Report.response_time_by_hour`` and
    ``Report.response_time_by_weekday``. ``comparisons`` (the CLI's comparisons section): ``Report.rate_comparisons``
    and ``Report.duration_comparisons`` (each group against the rest of its dimension without ``period``, each trend
    period against the previous one; trend comparisons need ``trend=True``).
    Raises ValueError naming the table, column and row of the first bad value.
    """
    extra = touchpoints is not None or costs is not None or revenue is not None
    options = _options(by, period, zone, currency, response_targets, pipeline, stage_names)
    if costs is not None:
        options["costs"] = True
    if revenue is not None:
        options["revenue"] = True
        options["lifetime_value_months"] = int(lifetime_value_months)
    if survival:
        options["survival"] = True
    for name, on in (("trend", trend), ("maturity", maturity), ("reps", reps)):
        if not on:
            options[name] = False
    if margin is not None:
        options["margin"] = _margin(margin)
    if capacity is not None:
        options["capacity"] = _capacity(capacity)
    for name, on in (("peak_hours", peak_hours), ("comparisons", comparisons)):
        if on:
            if _revision() < 4:
                raise ValueError(f"{name}=True needs the native library's ABI revision 4 (rebuild it: python/build.sh).")
            options[name] = True
    if response_kinds is not None:
        options["response_kinds"] = [response_kinds] if isinstance(response_kinds, str) else list(response_kinds)
    if _is_path(leads):
        # DataFrames with leads as a file path: written as CSV for the ingest layer, which joins them by lead_id and
        # reads them with the command's rules (rates included); a bad row is named by its DataFrame row.
        frames = {}
        for name, frame in (("stages", stages), ("touchpoints", touchpoints), ("costs", costs), ("revenue", revenue)):
            if frame is not None and not _is_path(frame):
                if not isinstance(frame, pd.DataFrame):
                    raise TypeError(f"{name} must be a pandas DataFrame or a file path.")
                frames[name] = frame
        if frames:
            import tempfile
            with tempfile.TemporaryDirectory(prefix="leadmetrics-") as tmp:
                paths = {}
                for name, frame in frames.items():
                    paths[name] = str(Path(tmp) / f"{name}.csv")
                    _columns.write_csv(frame, name, paths[name])
                given = {"stages": stages, "touchpoints": touchpoints, "costs": costs, "revenue": revenue, **paths}
                try:
                    return report(leads, given["stages"], given["touchpoints"], given["costs"], given["revenue"], by=by,
                                  period=period, zone=zone, currency=currency, response_targets=response_targets,
                                  pipeline=pipeline, stage_names=stage_names, csv_options=csv_options,
                                  lifetime_value_months=lifetime_value_months, response_kinds=response_kinds,
                                  fold_case=fold_case, survival=survival, rates=rates, trend=trend, maturity=maturity,
                                  reps=reps, margin=margin, capacity=capacity, peak_hours=peak_hours,
                                  comparisons=comparisons)
                except ValueError as e:
                    message = str(e)
                    for name, path in paths.items():
                        message = re.sub(re.escape(path) + r", line (\d+)",
                                         lambda m, name=name: f"{name} DataFrame, row {int(m.group(1)) - 2}", message)
                        message = message.replace(path, f"{name} DataFrame")
                    raise ValueError(message) from None
    elif rates is not None and not isinstance(rates, (dict, str, os.PathLike)):
        raise TypeError("rates must be a dict of ISO 4217 code to rate or the path of a rates file (currency,rate).")
    with KpiSet(options) as kset:
        if _is_path(leads):
            csv = {"leads": str(leads), **({"fold_case": True} if fold_case else {}), **(csv_options or {})}
            for name, path in (("stages", stages), ("touchpoints", touchpoints), ("costs", costs), ("revenue", revenue)):
                if path is not None:
                    csv[name] = str(path)
            if rates is not None:
                csv["rates"] = _rates(rates)
            if stage_names:
                csv.setdefault("stage_names", dict(stage_names))
            if extra or rates is not None:
                kset.add_money_csv(csv)
            else:
                kset.add_csv(csv)
        else:
            if not isinstance(leads, pd.DataFrame):
                raise TypeError("leads must be a pandas DataFrame or a path to leads.csv.")
            if stages is not None and not isinstance(stages, pd.DataFrame):
                raise TypeError("stages must be a pandas DataFrame when leads is one.")
            keep: list = []  # the buffers stay alive (and unmoved) for the call only
            attributes = [b for b in options["by"] if b.strip().lower() not in ("source", "owner", "rep", "campaign")]
            digits = _native.currency_digits(currency)
            folds = {} if fold_case else None
            block = _columns.lead_block(leads, stages, zone, digits, keep, attributes[0].strip() if attributes else None, folds)
            for name, frame in (("touchpoints", touchpoints), ("costs", costs), ("revenue", revenue)):
                if frame is not None and not isinstance(frame, pd.DataFrame):
                    raise TypeError(f"{name} must be a pandas DataFrame when leads is one (or pass every table as a file path).")
            # With rates, costs and revenue in other currencies are converted by the native library (the command's
            # conversion and messages); deal values of leads in another currency are refused here.
            checked = (("leads", leads, "value"),) if rates is not None else (("leads", leads, "value"), ("costs", costs, "amount"), ("revenue", revenue, "amount"))
            for name, frame, amount in checked:
                _columns.check_currency(frame, name, amount, currency, rates is not None)
            currencies = None
            if rates is not None:
                currencies = _native.CurrencyBlock()
                currencies.rates = json.dumps(_rates(rates)).encode("utf-8")
                keep.append(currencies.rates)
            money = _columns.money_block(leads, touchpoints, costs, revenue, zone, digits, keep, folds, currencies) if extra else None
            kset.add_block(block, money, currencies if money is not None else None)
            del keep
        return Report(kset.snapshot())


def kpis(leads, stages=None, touchpoints=None, costs=None, revenue=None, by=("source",), period=None,
         zone="UTC", currency="USD", **options) -> pd.DataFrame:
    """One tidy row per group (and period) with flat columns named by the CLI's JSON paths (leads, won,
    conversion_rate, response_time_seconds.p50, ...). Without ``by`` and ``period``: one row, the total.

    The frame has the groups only, so the trend and the rep comparison, which it does not show, are not computed
    (``trend`` and ``reps`` default to False here; the groups are the same either way, maturity of groups by period
    alone included). Use ``report()`` for everything at once."""
    options.setdefault("trend", False)
    options.setdefault("reps", False)
    r = report(leads, stages, touchpoints, costs, revenue, by=by, period=period, zone=zone, currency=currency, **options)
    if r.raw["groups"]:
        return r.groups
    return pd.DataFrame([_flatten(r.raw["total"])])


def funnel(leads, stages=None, **options) -> pd.DataFrame:
    """The funnel per scope (total, each group, each trend period): stage, reached, conversion_from_previous, lost_here, open_here."""
    return report(leads, stages, **options).funnel


def response_histogram(leads, stages=None, **options) -> pd.DataFrame:
    """The response-time histogram per scope."""
    return report(leads, stages, **options).response_histogram


def time_in_stage(leads, stages=None, **options) -> pd.DataFrame:
    """The time in each stage per scope."""
    return report(leads, stages, **options).time_in_stage


def converted_within(leads, stages=None, **options) -> pd.DataFrame:
    """Conversion with open leads per scope: the share converted within 7, 30 and 90 days (Kaplan-Meier, as the CLI's
    converted_within), with interval and maturity."""
    return report(leads, stages, survival=True, **options).converted_within


def conversion_curve(leads, stages=None, **options) -> pd.DataFrame:
    """The conversion curve per scope (the CLI's conversion_curve): share converted by day 1, 2, 3, 5, ... 365 while observed."""
    return report(leads, stages, survival=True, **options).conversion_curve


def reps(leads, stages=None, **options) -> pd.DataFrame:
    """Reps compared fairly (win rate adjusted for the lead mix by source)."""
    return report(leads, stages, **options).reps


@dataclass(frozen=True)
class PeakHours:
    """Response time by the local hour and the ISO weekday in which leads arrived (the CLI's response_time_by_hour and
    response_time_by_weekday, in ``zone``)."""

    by_hour: pd.DataFrame
    by_weekday: pd.DataFrame


def peak_hours(leads, stages=None, **options) -> PeakHours:
    """Response time by the local hour and weekday of arrival, as the CLI's peak-hours sections (the report's own
    PeakHours calculator in the native library): ``PeakHours(by_hour, by_weekday)``, one row per hour / weekday with
    leads: leads, answered, unanswered, mean, p50, p90 (seconds), within_target_share.<seconds>. The trend and the rep
    comparison are not computed (pass ``trend``/``reps`` to change that)."""
    options.setdefault("trend", False)
    options.setdefault("reps", False)
    r = report(leads, stages, peak_hours=True, **options)
    return PeakHours(r.response_time_by_hour, r.response_time_by_weekday)


@dataclass(frozen=True)
class Comparisons:
    """The CLI's comparisons section: the significance level, the multiple-testing correction, and the rate and
    duration comparisons as frames (``Report.rate_comparisons``, ``Report.duration_comparisons``)."""

    significance: float
    correction: str
    rates: pd.DataFrame
    durations: pd.DataFrame


def comparisons(leads, stages=None, **options) -> Comparisons:
    """Statistical comparisons as the CLI's report (its ComparisonEngine in the native library): conversion and win
    rate (z-test, Fisher's exact test for small counts) and response time and time to conversion (Mann-Whitney) of each
    group against the rest of its dimension (without ``period``) and of each trend period against the previous one,
    p-values adjusted by Benjamini-Hochberg per family; ``significant`` at 1 - the report's confidence (0.05)."""
    options.setdefault("reps", False)
    r = report(leads, stages, comparisons=True, **options)
    c = r.raw["comparisons"]
    return Comparisons(c["significance"], c["correction"], r.rate_comparisons, r.duration_comparisons)


_RATE_COMPARISON = ["family", "scope", "against", "kpi", "successes", "trials", "other_successes", "other_trials", "rate",
                    "other_rate", "p_value", "method", "p_adjusted", "significant", "immature"]
_DURATION_COMPARISON = ["family", "scope", "against", "kpi", "method", "count", "other_count", "p50", "other_p50",
                        "probability_longer", "z", "p_value", "p_adjusted", "significant", "immature"]


@dataclass(frozen=True)
class DataSet:
    """A data set read through the SDK's ingest layer (LeadMetrics.Data)."""

    leads: pd.DataFrame
    stages: pd.DataFrame
    data_quality: dict = field(default_factory=dict)


def read_csv(path, stages=None, map: dict | Iterable[str] | None = None, zone="UTC", currency="USD",  # noqa: A002 - the CLI's name
             stage_names: dict | None = None, time_format: str | None = None, fold_case=False,
             on_bad_row="fail", rates=None) -> DataSet:
    """Reads leads.csv (and stages.csv) with the CLI's reader: column mapping (map={"lead_id": "mql_id"} or
    ["lead_id=mql_id"]), delimiter detection, timestamps in ``zone``, stage names, bad rows (on_bad_row fail raises
    ValueError naming file, line, column and value; skip counts them in data_quality).

    The leads frame has lead_key (the dense key, in file order of accepted leads), created_at, source, campaign, owner,
    first_response_at, won_at, lost_at (UTC datetimes; outcomes from the stage history included) and value (Decimal);
    stages has lead_key, stage, at (the visits kept: time order, repeats dropped)."""
    options = {"leads": str(path), "zone": zone, "currency": currency, "fold_case": bool(fold_case), "on_bad_row": on_bad_row}
    if stages is not None:
        options["stages"] = str(stages)
    if map:
        options["map"] = dict(map) if isinstance(map, dict) else list(map)
    if stage_names:
        options["stage_names"] = dict(stage_names)
    if time_format:
        options["time_format"] = time_format
    if rates is not None:
        options["rates"] = _rates(rates)
    raw = _native.call_json(_native.lib().lm_read_csv, json.dumps(options).encode("utf-8"))
    leads = pd.DataFrame(raw["leads"])
    for c in ("created_at", "first_response_at", "won_at", "lost_at"):
        leads[c] = pd.to_datetime(leads[c].astype("Int64"), unit="ns", utc=True)
    import decimal
    leads["value"] = [None if v is None else decimal.Decimal(v) for v in raw["leads"]["value"]]
    st = pd.DataFrame(raw["stages"])
    if len(st):
        st["at"] = pd.to_datetime(st["at"], unit="ns", utc=True)
    else:
        st = pd.DataFrame({"lead_key": pd.Series([], dtype="int64"), "stage": pd.Series([], dtype=object),
                           "at": pd.Series([], dtype="datetime64[ns, UTC]")})
    return DataSet(leads, st, raw["data_quality"])


def read_parquet(path, stages=None, map: dict | Iterable[str] | None = None, zone="UTC", currency="USD",  # noqa: A002 - the CLI's name
                 stage_names: dict | None = None, time_format: str | None = None, fold_case=False,
                 on_bad_row="fail") -> DataSet:
    """Reads leads.parquet (and stages.parquet) with the CLI's reader, as ``read_csv`` reads CSV: the same column
    mapping, checks, bad-row reasons and frames (see ``read_csv``). Typed Parquet columns are read as docs/cli.md
    ("Parquet input") says: TIMESTAMP with isAdjustedToUTC (and INT96) are instants, without it local date-times in
    ``zone``; DATE is the start of that day in ``zone``; DECIMAL values are exact (a value a decimal cannot hold
    exactly is a bad row, never rounded); DOUBLE money is its shortest round-trip text (0.1 is 0.1). A column of a type
    its canonical column cannot be (a BOOLEAN created_at) raises ValueError naming column and type, as does a file
    that is not readable Parquet. The format is chosen by the file's extension (.parquet)."""
    for p in (path, stages):
        if p is not None and not str(p).lower().endswith(".parquet"):
            raise ValueError(f"read_parquet reads .parquet files (the format is chosen by the extension): {p}")
    return read_csv(path, stages, map=map, zone=zone, currency=currency, stage_names=stage_names,
                    time_format=time_format, fold_case=fold_case, on_bad_row=on_bad_row)


@dataclass(frozen=True)
class ScoreQuality:
    """Whether the day-one score predicts the outcome (the CLI's score_quality): ROC AUC and Gini over won and lost
    leads, the counts, the base rate, and ``by_grade`` (grade, score_range, leads, won, lost, open, conversion_rate,
    lift; best grade first). ``raw`` is the JSON object."""

    auc: float | None
    gini: float | None
    won: int
    lost: int
    open: int
    base_rate: float | None
    by_grade: pd.DataFrame
    raw: dict = field(default_factory=dict)


def score_quality(leads: pd.DataFrame, model) -> ScoreQuality:
    """Scores each lead as of its creation (as ``score()``; the CLI's day-one score) and measures how well the score
    predicts the outcome, with the report's own code (ScoreEngine, ScoreQualityModel: the CLI's ``--scoring``
    score_quality). The outcome is read from ``won_at`` / ``lost_at`` (a lead with neither is open; a lead with both
    raises ValueError naming the row): fill them from a stage history first (``read_csv`` does)."""
    return _score(leads, model, None, quality=True)


def score(leads: pd.DataFrame, model, as_of=None) -> pd.DataFrame:
    """Scores each lead with an ICP scoring model (the library's JSON format, docs/scoring.md: a dict, a JSON string or
    a path): score, fit, engagement (points, Decimal-exact as float), grade and routing, indexed like ``leads``.
    Leads are scored as of their creation (no touchpoints) unless ``as_of`` is given. Columns other than
    created_at/source/campaign/owner/lead_id are attributes (numbers, booleans, text)."""
    return _score(leads, model, as_of)


def _score(leads, model, as_of, quality=False):
    if isinstance(model, dict):
        model_text = json.dumps(model)
    elif _is_path(model) and Path(model).exists():
        model_text = Path(model).read_text(encoding="utf-8")
    else:
        model_text = str(model)
    created = _columns.instants(leads, "created_at", "UTC", "leads")
    if created is None:
        raise ValueError("leads: column 'created_at' is required.")
    reserved = {"created_at", "source", "campaign", "owner", "lead_id", "first_response_at", "won_at", "lost_at", "value"}
    attributes = {}
    for c in leads.columns:
        if c in reserved:
            continue
        s = leads[c]
        attributes[str(c)] = s.astype(object).where(s.notna(), None).tolist()
    payload = {"created_at": [None if v == _columns.MISSING else int(v) for v in created.tolist()],
               "attributes": attributes}
    for c in ("source", "campaign", "owner"):
        if c in leads.columns:
            payload[c] = leads[c].astype(object).where(leads[c].notna(), None).tolist()
    if quality:
        if _revision() < 4:
            raise ValueError("score_quality() needs the native library's ABI revision 4 (rebuild it: python/build.sh).")
        payload["quality"] = True
        for c in ("won_at", "lost_at"):
            column = _columns.instants(leads, c, "UTC", "leads")
            if column is not None:
                payload[c] = [None if v == _columns.MISSING else int(v) for v in column.tolist()]
    if as_of is not None:
        payload["as_of"] = int(pd.Timestamp(as_of).tz_localize("UTC").value if pd.Timestamp(as_of).tzinfo is None else pd.Timestamp(as_of).value)
    raw = _native.call_json(_native.lib().lm_score, model_text.encode("utf-8"), json.dumps(payload, default=_json_default).encode("utf-8"))
    if quality:
        q = raw["score_quality"]
        return ScoreQuality(q["auc"], q["gini"], q["won"], q["lost"], q["open"], q["base_rate"],
                            pd.DataFrame(q["by_grade"], columns=["grade", "score_range", "leads", "won", "lost", "open", "conversion_rate", "lift"]), q)
    return pd.DataFrame({k: raw[k] for k in ("score", "fit", "engagement", "grade", "routing")}, index=leads.index)


def _json_default(x):
    import numpy as np
    if isinstance(x, np.integer):
        return int(x)
    if isinstance(x, np.floating):
        return float(x)
    if isinstance(x, np.bool_):
        return bool(x)
    return str(x)
