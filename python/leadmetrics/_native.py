"""ctypes binding of the native library (LeadMetrics.Native, NativeAOT): the C ABI of docs/python.md."""
from __future__ import annotations

import ctypes
import json
import os
import platform
from pathlib import Path

ABI_VERSION = 1

OK, BAD_INPUT, DATA_SET_ERROR, BAD_HANDLE, INTERNAL = 0, 1, 2, 3, 4

_i64p = ctypes.POINTER(ctypes.c_int64)
_i32p = ctypes.POINTER(ctypes.c_int32)


class LeadBlock(ctypes.Structure):
    """lm_lead_block: one columnar block of leads and stage rows in caller-owned buffers (read during the call only)."""

    _fields_ = [
        ("count", ctypes.c_int64),
        ("row_offset", ctypes.c_int64),
        ("created", _i64p),
        ("response", _i64p),
        ("won", _i64p),
        ("lost", _i64p),
        ("value", _i64p),
        ("source_codes", _i32p),
        ("source_labels", ctypes.c_char_p),
        ("campaign_codes", _i32p),
        ("campaign_labels", ctypes.c_char_p),
        ("owner_codes", _i32p),
        ("owner_labels", ctypes.c_char_p),
        ("stage_count", ctypes.c_int64),
        ("stage_row_offset", ctypes.c_int64),
        ("stage_lead", _i32p),
        ("stage_codes", _i32p),
        ("stage_labels", ctypes.c_char_p),
        ("stage_at", _i64p),
        ("segment_codes", _i32p),
        ("segment_labels", ctypes.c_char_p),
    ]


class MoneyBlock(ctypes.Structure):
    """lm_money_block (ABI 1, revision 1): the touchpoint, revenue and cost rows that go with a LeadBlock (read during the call only)."""

    HAS_TOUCHPOINTS, HAS_COSTS, HAS_REVENUE = 1, 2, 4
    _fields_ = [
        ("flags", ctypes.c_int64),
        ("touch_count", ctypes.c_int64),
        ("touch_row_offset", ctypes.c_int64),
        ("touch_lead", _i32p),
        ("touch_at", _i64p),
        ("touch_kind_codes", _i32p),
        ("touch_kind_labels", ctypes.c_char_p),
        ("touch_direction_codes", _i32p),
        ("touch_direction_labels", ctypes.c_char_p),
        ("revenue_count", ctypes.c_int64),
        ("revenue_row_offset", ctypes.c_int64),
        ("revenue_lead", _i32p),
        ("revenue_at", _i64p),
        ("revenue_amount", _i64p),
        ("cost_count", ctypes.c_int64),
        ("cost_row_offset", ctypes.c_int64),
        ("cost_from", _i32p),
        ("cost_to", _i32p),
        ("cost_source_codes", _i32p),
        ("cost_source_labels", ctypes.c_char_p),
        ("cost_campaign_codes", _i32p),
        ("cost_campaign_labels", ctypes.c_char_p),
        ("cost_amount", _i64p),
        ("cost_category_codes", _i32p),
        ("cost_category_labels", ctypes.c_char_p),
    ]


class CurrencyBlock(ctypes.Structure):
    """lm_currency_block (ABI 1 revision 3): the currency of each revenue and cost row of a MoneyBlock and the rates
    (UTF-8 JSON: {"EUR": "1.08"} or a rates file's path) that convert them; amounts at each row's currency scale."""

    _fields_ = [
        ("rates", ctypes.c_char_p),
        ("revenue_currency_codes", _i32p),
        ("revenue_currency_labels", ctypes.c_char_p),
        ("cost_currency_codes", _i32p),
        ("cost_currency_labels", ctypes.c_char_p),
    ]


class NativeError(RuntimeError):
    """An unexpected error inside the native library (status 3 or 4)."""


# The builds of the native library that python/build.sh ships (the same code published with NativeAOT for the x86-64
# baseline and with -p:IlcInstructionSet=x86-64-v3 / x86-64-v4), best first, with the /proc/cpuinfo flags each needs.
# A NativeAOT library compiled for an instruction set the CPU lacks stops the process when it is loaded, so a variant is
# loaded only when every flag of its level is present. v3: the x86-64-v2 flags (cx16, lahf_lm, popcnt, sse4_1, sse4_2,
# ssse3) and avx, avx2, bmi1, bmi2, f16c, fma, movbe and LZCNT (Linux names it abm); v4 adds avx512f, avx512bw,
# avx512cd, avx512dq and avx512vl. The kernel lists avx* only when it saves the AVX state (XSAVE), so the flags say what
# the CPU and the operating system both support.
BASELINE = "baseline"
_V2 = frozenset({"cx16", "lahf_lm", "popcnt", "sse4_1", "sse4_2", "ssse3"})
_V3 = _V2 | {"avx", "avx2", "bmi1", "bmi2", "f16c", "fma", "movbe"}
_V4 = _V3 | {"avx512f", "avx512bw", "avx512cd", "avx512dq", "avx512vl"}
VARIANTS = {  # name: (file name, flags needed), best first
    "x86-64-v4": ("LeadMetrics.Native.x86-64-v4.so", _V4),
    "x86-64-v3": ("LeadMetrics.Native.x86-64-v3.so", _V3),
    BASELINE: ("LeadMetrics.Native.so", frozenset()),
}


def cpu_flags(cpuinfo: str) -> frozenset:
    """The flags of the first processor in a /proc/cpuinfo text (the "flags" line; empty when there is none)."""
    for line in cpuinfo.splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip() == "flags":
            return frozenset(value.split())
    return frozenset()


def _has(flags: frozenset, needed: frozenset) -> bool:
    # LZCNT: /proc/cpuinfo says abm (Intel and AMD); accept lzcnt too, as other tools print it.
    return needed <= flags and (not needed or "abm" in flags or "lzcnt" in flags)


def supported_variants(cpuinfo: str | None) -> list:
    """The variants a CPU can run, best first, from its /proc/cpuinfo text (None: unknown CPU, the baseline only)."""
    flags = cpu_flags(cpuinfo or "")
    return [name for name, (_, needed) in VARIANTS.items() if _has(flags, needed)]


def _read_cpuinfo(path: str = "/proc/cpuinfo") -> str | None:
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.read()
    except OSError:
        return None


def choose_library(folder: Path, env=None, cpuinfo: str | None = None, machine: str | None = None) -> tuple:
    """(path, variant) of the library to load: LEADMETRICS_NATIVE (a file) wins; LEADMETRICS_NATIVE_VARIANT=baseline
    (or x86-64-v3, x86-64-v4) forces a shipped file, refused when the CPU lacks its flags; otherwise the best variant
    the CPU supports whose file is in ``folder``, else the baseline. Only x86-64 Linux reads the flags."""
    env = os.environ if env is None else env
    override = env.get("LEADMETRICS_NATIVE")
    if override:
        return Path(override), "LEADMETRICS_NATIVE"
    machine = platform.machine() if machine is None else machine
    if machine.lower() not in ("x86_64", "amd64"):
        return folder / VARIANTS[BASELINE][0], BASELINE
    supported = supported_variants(cpuinfo)
    forced = (env.get("LEADMETRICS_NATIVE_VARIANT") or "").strip()
    if forced:
        if forced not in VARIANTS:
            raise ImportError(f"leadmetrics: LEADMETRICS_NATIVE_VARIANT={forced!r} is not one of {', '.join(VARIANTS)}.")
        if forced not in supported:
            missing = sorted(VARIANTS[forced][1] - cpu_flags(cpuinfo or ""))
            raise ImportError(f"leadmetrics: LEADMETRICS_NATIVE_VARIANT={forced} needs CPU flags this machine lacks "
                              f"({', '.join(missing) or 'abm/lzcnt'}); loading it would stop the process.")
        return folder / VARIANTS[forced][0], forced
    for name in supported:
        path = folder / VARIANTS[name][0]
        if path.exists():
            return path, name
    return folder / VARIANTS[BASELINE][0], BASELINE


def _library_path() -> Path:
    global _chosen
    path, variant = choose_library(Path(__file__).resolve().parent / "native", cpuinfo=_read_cpuinfo())
    _chosen = (path, variant)
    return path


_chosen = None


def native_library() -> tuple:
    """(path, variant) of the loaded native library (loads it): variant is "x86-64-v4", "x86-64-v3", "baseline" or
    "LEADMETRICS_NATIVE" (a file named by that variable)."""
    lib()
    return str(_chosen[0]), _chosen[1]


_lib = None


def lib():
    """The loaded native library (loaded once, on first use)."""
    global _lib
    if _lib is not None:
        return _lib
    path = _library_path()
    if not path.exists():
        raise ImportError(
            f"leadmetrics: the native library {path} is missing; build it with python/build.sh "
            "(dotnet publish src/LeadMetrics.Native -c Release -r linux-x64) or set LEADMETRICS_NATIVE.")
    l = ctypes.CDLL(str(path))
    l.lm_abi_version.restype = ctypes.c_int
    l.lm_abi_version.argtypes = []
    l.lm_last_error.restype = ctypes.c_ssize_t
    l.lm_last_error.argtypes = [ctypes.c_char_p, ctypes.c_ssize_t]
    l.lm_currency_digits.restype = ctypes.c_int
    l.lm_currency_digits.argtypes = [ctypes.c_char_p]
    handle_p = ctypes.POINTER(ctypes.c_void_p)
    out = [ctypes.POINTER(ctypes.c_void_p), ctypes.POINTER(ctypes.c_ssize_t)]
    for name, args in {
        "lm_kpis_create": [ctypes.c_char_p, handle_p],
        "lm_kpis_create_like": [ctypes.c_void_p, handle_p],
        "lm_kpis_add_leads": [ctypes.c_void_p, ctypes.POINTER(LeadBlock)],
        "lm_kpis_add_csv": [ctypes.c_void_p, ctypes.c_char_p],
        "lm_kpis_merge": [ctypes.c_void_p, ctypes.c_void_p],
        "lm_kpis_snapshot": [ctypes.c_void_p] + out,
        "lm_kpis_free": [ctypes.c_void_p],
        "lm_read_csv": [ctypes.c_char_p] + out,
        "lm_score": [ctypes.c_char_p, ctypes.c_char_p] + out,
    }.items():
        f = getattr(l, name)
        f.restype = ctypes.c_int
        f.argtypes = args
    if hasattr(l, "lm_kpis_add_block"):  # ABI 1 revision 1
        l.lm_kpis_add_block.restype = ctypes.c_int
        l.lm_kpis_add_block.argtypes = [ctypes.c_void_p, ctypes.POINTER(LeadBlock), ctypes.POINTER(MoneyBlock)]
    if hasattr(l, "lm_kpis_add_block_currencies"):  # ABI 1 revision 3
        l.lm_kpis_add_block_currencies.restype = ctypes.c_int
        l.lm_kpis_add_block_currencies.argtypes = [ctypes.c_void_p, ctypes.POINTER(LeadBlock), ctypes.POINTER(MoneyBlock),
                                                   ctypes.POINTER(CurrencyBlock)]
    if hasattr(l, "lm_kpis_add_block_amounts"):  # ABI 1 revision 5
        l.lm_kpis_add_block_amounts.restype = ctypes.c_int
        l.lm_kpis_add_block_amounts.argtypes = [ctypes.c_void_p, ctypes.POINTER(LeadBlock), ctypes.POINTER(MoneyBlock),
                                                ctypes.POINTER(CurrencyBlock), ctypes.POINTER(ctypes.c_double)]
    l.lm_free.restype = None
    l.lm_free.argtypes = [ctypes.c_void_p]
    version = l.lm_abi_version()
    if version != ABI_VERSION:
        raise ImportError(f"leadmetrics: native library {path} has ABI version {version}; this package needs {ABI_VERSION}.")
    _lib = l
    return l


def last_error() -> str:
    l = lib()
    n = l.lm_last_error(None, 0)
    buf = ctypes.create_string_buffer(n + 1)
    l.lm_last_error(buf, n + 1)
    return buf.value.decode("utf-8", "replace")


def check(status: int) -> None:
    """Raises ValueError for bad input (the message names column and row), NativeError for anything else."""
    if status == OK:
        return
    message = last_error()
    if status in (BAD_INPUT, DATA_SET_ERROR):
        raise ValueError(message)
    raise NativeError(f"leadmetrics native error {status}: {message}")


def call_json(fn, *args):
    """Calls a function that returns UTF-8 JSON in native memory; copies it out, frees it and parses it."""
    l = lib()
    ptr = ctypes.c_void_p()
    length = ctypes.c_ssize_t()
    check(fn(*args, ctypes.byref(ptr), ctypes.byref(length)))
    try:
        data = ctypes.string_at(ptr, length.value)
    finally:
        l.lm_free(ptr)
    return json.loads(data)


def currency_digits(code: str) -> int:
    digits = lib().lm_currency_digits(code.encode("utf-8"))
    if digits < 0:
        raise ValueError(last_error())
    return digits


class KpiSet:
    """A native KPI set (lm_kpis_*): add blocks and data sets, merge, snapshot. Free it with close() or a with block."""

    def __init__(self, options: dict | None = None, _like: "KpiSet | None" = None):
        l = lib()
        h = ctypes.c_void_p()
        if _like is not None:
            check(l.lm_kpis_create_like(_like._h, ctypes.byref(h)))
            self.options = _like.options
        else:
            self.options = dict(options or {})
            check(l.lm_kpis_create(json.dumps(self.options).encode("utf-8"), ctypes.byref(h)))
        self._h = h

    def empty_like(self) -> "KpiSet":
        """An empty set with the same options and labels, which can be merged into this one."""
        return KpiSet(_like=self)

    def add_money_csv(self, csv_options: dict) -> None:
        """lm_kpis_add_csv with touchpoints, costs, revenue or rates (ABI 1 revision 2)."""
        l = lib()
        if not hasattr(l, "lm_abi_revision") or l.lm_abi_revision() < 2:
            raise NativeError("the native library predates ABI revision 2 (touchpoints, costs, revenue and rates with file paths): rebuild it with python/build.sh.")
        self.add_csv(csv_options)

    def add_block(self, block: LeadBlock, money: "MoneyBlock | None" = None, currencies: "CurrencyBlock | None" = None) -> None:
        amounts = getattr(block, "value_amounts", None)
        if amounts is not None:
            # The deal values as float64 currency units (lead_block sets this only when the library has the entry).
            check(lib().lm_kpis_add_block_amounts(self._h, ctypes.byref(block), None if money is None else ctypes.byref(money),
                                                  None if currencies is None else ctypes.byref(currencies),
                                                  amounts.ctypes.data_as(ctypes.POINTER(ctypes.c_double))))
            return
        if currencies is not None:
            if not hasattr(lib(), "lm_kpis_add_block_currencies"):
                raise NativeError("the native library predates ABI revision 3 (rates= with DataFrames): rebuild it with python/build.sh.")
            check(lib().lm_kpis_add_block_currencies(self._h, ctypes.byref(block), ctypes.byref(money or MoneyBlock()),
                                                     ctypes.byref(currencies)))
            return
        if money is None:
            check(lib().lm_kpis_add_leads(self._h, ctypes.byref(block)))
            return
        if not hasattr(lib(), "lm_kpis_add_block"):
            raise NativeError("the native library predates lm_kpis_add_block (touchpoints, costs, revenue): rebuild it with python/build.sh.")
        check(lib().lm_kpis_add_block(self._h, ctypes.byref(block), ctypes.byref(money)))

    def add_csv(self, csv_options: dict) -> None:
        check(lib().lm_kpis_add_csv(self._h, json.dumps(csv_options).encode("utf-8")))

    def merge(self, other: "KpiSet") -> None:
        check(lib().lm_kpis_merge(self._h, other._h))

    def snapshot(self) -> dict:
        return call_json(lib().lm_kpis_snapshot, self._h)

    def close(self) -> None:
        if self._h:
            check(lib().lm_kpis_free(self._h))
            self._h = ctypes.c_void_p()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        try:
            self.close()
        except Exception:  # noqa: BLE001 - never raise from a finalizer
            pass
