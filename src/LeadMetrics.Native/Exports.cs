using System.Runtime.InteropServices;
using System.Text.Json;
using LeadMetrics.Data;

namespace LeadMetrics.Native;

/// <summary>
/// The C ABI of the native library (docs/python.md): every function returns a status (<see cref="Ok"/> or an error
/// code) and never lets a managed exception cross the boundary; the message of the last error on the calling thread
/// (naming the table, column and row of a bad value) is read with <c>lm_last_error</c>. Results are UTF-8 JSON in
/// memory the caller frees with <c>lm_free</c>; a KPI set is a handle freed with <c>lm_kpis_free</c>.
/// </summary>
internal static unsafe class Exports
{
    /// <summary>The ABI version; a change of any signature or struct raises it.</summary>
    public const int Version = 1;

    /// <summary>The revision of version 1: entries added without changing an existing one (see <c>lm_abi_revision</c>).</summary>
    public const int Revision = 5;

    /// <summary>Success.</summary>
    public const int Ok = 0;

    /// <summary>A bad argument or bad input value (the message names column and row).</summary>
    public const int BadInput = 1;

    /// <summary>A data set could not be read (missing file or column, bad row with on_bad_row fail).</summary>
    public const int DataSetError = 2;

    /// <summary>A null or freed handle, or a null required pointer.</summary>
    public const int BadHandle = 3;

    /// <summary>An unexpected error (a bug): the message says what.</summary>
    public const int Internal = 4;

    [ThreadStatic]
    private static byte[]? _lastError;

    /// <summary>The ABI version (<see cref="Version"/>).</summary>
    /// <returns>The version.</returns>
    [UnmanagedCallersOnly(EntryPoint = "lm_abi_version")]
    public static int AbiVersion() => Version;

    /// <summary>Copies the last error message of this thread (UTF-8, NUL-terminated, truncated to <paramref name="capacity"/>).</summary>
    /// <param name="buffer">The caller's buffer, or null to ask for the length.</param>
    /// <param name="capacity">The buffer's size in bytes.</param>
    /// <returns>The message's length in bytes without the NUL (0 when the last call succeeded).</returns>
    [UnmanagedCallersOnly(EntryPoint = "lm_last_error")]
    public static nint LastError(byte* buffer, nint capacity)
    {
        var message = _lastError ?? [];
        if (buffer != null && capacity > 0)
        {
            var n = (int)Math.Min(message.Length, capacity - 1);
            message.AsSpan(0, n).CopyTo(new Span<byte>(buffer, n));
            buffer[n] = 0;
        }

        return message.Length;
    }

    /// <summary>The minor-unit digits of an ISO 4217 currency (2 for USD, 0 for JPY), the scale of money in a <see cref="LeadBlock"/>.</summary>
    /// <param name="code">The currency code, UTF-8, NUL-terminated.</param>
    /// <returns>The digits, or -1 for an unknown code (lm_last_error says why).</returns>
    [UnmanagedCallersOnly(EntryPoint = "lm_currency_digits")]
    public static int CurrencyDigits(byte* code)
    {
        var text = Text(code)?.Trim().ToUpperInvariant();
        if (Currency.TryFromCode(text, out var currency))
        {
            _lastError = null;
            return currency.MinorUnitDigits;
        }

        _lastError = System.Text.Encoding.UTF8.GetBytes($"currency: '{text}' is not an ISO 4217 currency code.");
        return -1;
    }

    /// <summary>Creates a KPI set from JSON options (see <see cref="NativeOptions"/>; null or "" = defaults).</summary>
    /// <param name="optionsJson">UTF-8 JSON, NUL-terminated, or null.</param>
    /// <param name="handle">Receives the handle.</param>
    /// <returns>A status.</returns>
    [UnmanagedCallersOnly(EntryPoint = "lm_kpis_create")]
    public static int KpisCreate(byte* optionsJson, nint* handle) => Run(() =>
    {
        Require(handle != null, "handle");
        *handle = GCHandle.ToIntPtr(GCHandle.Alloc(new KpiSession(NativeOptions.Parse(Text(optionsJson)))));
    });

    /// <summary>Creates an empty KPI set with the options and label encoding of another (so it can be merged into it).</summary>
    /// <param name="like">The set to copy.</param>
    /// <param name="handle">Receives the handle.</param>
    /// <returns>A status.</returns>
    [UnmanagedCallersOnly(EntryPoint = "lm_kpis_create_like")]
    public static int KpisCreateLike(nint like, nint* handle) => Run(() =>
    {
        Require(handle != null, "handle");
        *handle = GCHandle.ToIntPtr(GCHandle.Alloc(Session(like).CreateLike()));
    });

    /// <summary>Adds a block of leads and stage rows from caller-owned buffers (read during the call only).</summary>
    /// <param name="handle">The set.</param>
    /// <param name="block">The block (<see cref="LeadBlock"/>).</param>
    /// <returns>A status; on an error the set is as it was.</returns>
    [UnmanagedCallersOnly(EntryPoint = "lm_kpis_add_leads")]
    public static int KpisAddLeads(nint handle, LeadBlock* block) => Run(() =>
    {
        var s = Session(handle);
        Require(block != null, "block");
        s.Add(*block);
    });

    /// <summary>
    /// Adds a block of leads with its touchpoint, revenue and cost rows (ABI 1, revision 1: <c>lm_kpis_add_leads</c> with
    /// a <see cref="MoneyBlock"/>; null <paramref name="money"/> is <c>lm_kpis_add_leads</c>). Touchpoints give the first
    /// response of leads without one; revenue and costs need a set created with options <c>revenue</c> / <c>costs</c>.
    /// </summary>
    /// <param name="handle">The set.</param>
    /// <param name="block">The leads and stage rows.</param>
    /// <param name="money">The touchpoints, revenue and costs, or null.</param>
    /// <returns>A status; on an error the set is as it was.</returns>
    [UnmanagedCallersOnly(EntryPoint = "lm_kpis_add_block")]
    public static int KpisAddBlock(nint handle, LeadBlock* block, MoneyBlock* money) => Run(() =>
    {
        var s = Session(handle);
        Require(block != null, "block");
        s.Add(*block, money);
    });

    /// <summary>
    /// Adds a block of leads with its touchpoint, revenue and cost rows whose amounts may be in other currencies (ABI 1,
    /// revision 3): <c>lm_kpis_add_block</c> with a <see cref="CurrencyBlock"/> (each revenue and cost row's currency and
    /// the rates that convert them, as the command's <c>--rates</c>); a null <paramref name="currencies"/> is
    /// <c>lm_kpis_add_block</c>.
    /// </summary>
    /// <param name="handle">The set.</param>
    /// <param name="block">The leads and stage rows.</param>
    /// <param name="money">The touchpoints, revenue and costs.</param>
    /// <param name="currencies">The currencies of the revenue and cost rows and the rates, or null.</param>
    /// <returns>A status; on an error the set is as it was.</returns>
    [UnmanagedCallersOnly(EntryPoint = "lm_kpis_add_block_currencies")]
    public static int KpisAddBlockCurrencies(nint handle, LeadBlock* block, MoneyBlock* money, CurrencyBlock* currencies) => Run(() =>
    {
        var s = Session(handle);
        Require(block != null && money != null, "block/money");
        s.Add(*block, money, currencies);
    });

    /// <summary>
    /// Adds a block whose deal values are float64 currency units (ABI 1, revision 5): <c>lm_kpis_add_block_currencies</c>
    /// (money and currencies may be null: then <c>lm_kpis_add_block</c>, <c>lm_kpis_add_leads</c>) with the lead block's
    /// <c>value</c> column given as <paramref name="valueAmounts"/> (NaN = missing; used when the block's <c>value</c> is
    /// null), each scaled by 10^digits of the set's currency and rounded to the nearest integer, ties to even (numpy.rint's
    /// rule: the package's rounding before, bit for bit, without its five passes over the column).
    /// </summary>
    /// <param name="handle">The set.</param>
    /// <param name="block">The leads and stage rows.</param>
    /// <param name="money">The touchpoints, revenue and costs, or null.</param>
    /// <param name="currencies">The currencies of the money rows, or null (only with money).</param>
    /// <param name="valueAmounts">Count float64 deal values, or null.</param>
    /// <returns>A status; on an error the set is as it was.</returns>
    [UnmanagedCallersOnly(EntryPoint = "lm_kpis_add_block_amounts")]
    public static int KpisAddBlockAmounts(nint handle, LeadBlock* block, MoneyBlock* money, CurrencyBlock* currencies, double* valueAmounts) => Run(() =>
    {
        var s = Session(handle);
        Require(block != null && (currencies == null || money != null), "block/money");
        s.Add(*block, money, currencies, valueAmounts);
    });

    /// <summary>The revision of ABI version 1: 1 adds <c>lm_kpis_add_block</c> and the set options costs, revenue, lifetime_value_months, response_kinds; 2 adds the CSV options touchpoints, costs, revenue and rates (<c>lm_kpis_add_csv</c> then feeds a set with costs / revenue; version 1 callers are unaffected); 3 adds <c>lm_kpis_add_block_currencies</c> (<see cref="CurrencyBlock"/>), the set options trend, maturity, reps, margin and capacity, and the snapshot's margin, gross_profit, roi_on_margin and capacity (trend_period and reps null when off); 4 the set options peak_hours and comparisons; 5 adds <c>lm_kpis_add_block_amounts</c> (deal values as float64 currency units).</summary>
    /// <returns>The revision.</returns>
    [UnmanagedCallersOnly(EntryPoint = "lm_abi_revision")]
    public static int AbiRevision() => Revision;

    /// <summary>Adds the leads of a data set read through LeadMetrics.Data (CSV options JSON, see <see cref="CsvOptions"/>; zone and currency are the set's).</summary>
    /// <param name="handle">The set.</param>
    /// <param name="csvJson">UTF-8 JSON.</param>
    /// <returns>A status.</returns>
    [UnmanagedCallersOnly(EntryPoint = "lm_kpis_add_csv")]
    public static int KpisAddCsv(nint handle, byte* csvJson) => Run(() =>
    {
        var s = Session(handle);
        s.AddDataSet(CsvOptions.Parse(Text(csvJson), s.Options.Zone, s.Options.Currency));
    });

    /// <summary>Merges <paramref name="other"/> into <paramref name="into"/> (created with <c>lm_kpis_create_like</c>); <paramref name="other"/> is unchanged.</summary>
    /// <param name="into">The receiving set.</param>
    /// <param name="other">The set merged in.</param>
    /// <returns>A status.</returns>
    [UnmanagedCallersOnly(EntryPoint = "lm_kpis_merge")]
    public static int KpisMerge(nint into, nint other) => Run(() => Session(into).Merge(Session(other)));

    /// <summary>The set's KPIs as JSON (names of the CLI's JSON contract).</summary>
    /// <param name="handle">The set.</param>
    /// <param name="json">Receives the UTF-8 JSON (free with lm_free).</param>
    /// <param name="length">Receives its length in bytes (without the NUL).</param>
    /// <returns>A status.</returns>
    [UnmanagedCallersOnly(EntryPoint = "lm_kpis_snapshot")]
    public static int KpisSnapshot(nint handle, byte** json, nint* length) => Run(() => Output(ResultJson.Snapshot(Session(handle)), json, length));

    /// <summary>Frees a KPI set (0 is ignored).</summary>
    /// <param name="handle">The set.</param>
    /// <returns>A status.</returns>
    [UnmanagedCallersOnly(EntryPoint = "lm_kpis_free")]
    public static int KpisFree(nint handle) => Run(() =>
    {
        if (handle != 0)
        {
            var h = GCHandle.FromIntPtr(handle);
            h.Free();
        }
    });

    /// <summary>Reads a data set through LeadMetrics.Data and returns its leads and stage visits as JSON columns.</summary>
    /// <param name="csvJson">UTF-8 JSON CSV options (<see cref="CsvOptions"/>, with "zone" and "currency").</param>
    /// <param name="json">Receives the UTF-8 JSON (free with lm_free).</param>
    /// <param name="length">Receives its length in bytes.</param>
    /// <returns>A status.</returns>
    [UnmanagedCallersOnly(EntryPoint = "lm_read_csv")]
    public static int ReadCsv(byte* csvJson, byte** json, nint* length) => Run(() =>
        Output(ResultJson.DataSet(LeadDataSet.Open(CsvOptions.Parse(Text(csvJson), null, null))), json, length));

    /// <summary>Scores leads with a JSON scoring model (docs/scoring.md).</summary>
    /// <param name="modelJson">The model, UTF-8 JSON.</param>
    /// <param name="leadsJson">The leads: {"created_at": [ns...], "attributes": {"name": [values...]}, ...} (see docs/python.md).</param>
    /// <param name="json">Receives the scores as JSON columns (free with lm_free).</param>
    /// <param name="length">Receives its length in bytes.</param>
    /// <returns>A status.</returns>
    [UnmanagedCallersOnly(EntryPoint = "lm_score")]
    public static int Score(byte* modelJson, byte* leadsJson, byte** json, nint* length) => Run(() =>
        Output(Scoring.Score(Text(modelJson) ?? string.Empty, Text(leadsJson) ?? string.Empty), json, length));

    /// <summary>Frees memory returned by this library (null is ignored).</summary>
    /// <param name="pointer">The pointer.</param>
    [UnmanagedCallersOnly(EntryPoint = "lm_free")]
    public static void Free(byte* pointer) => NativeMemory.Free(pointer);

    // Runs a call: the status, and the message of any exception for lm_last_error (never thrown to the caller).
    private static int Run(Action body)
    {
        try
        {
            body();
            _lastError = null;
            return Ok;
        }
        catch (Exception e)
        {
            var (status, message) = e switch
            {
                HandleException => (BadHandle, e.Message),
                DataSetException or BadRowException or IOException or UnauthorizedAccessException => (DataSetError, e.Message),
                JsonException => (BadInput, "invalid JSON: " + e.Message),
                ArgumentException or FormatException or OverflowException or InvalidOperationException or KeyNotFoundException => (BadInput, e.Message),
                _ => (Internal, e.GetType().Name + ": " + e.Message),
            };
            _lastError = System.Text.Encoding.UTF8.GetBytes(message);
            return status;
        }
    }

    private static void Output(byte[] bytes, byte** json, nint* length)
    {
        Require(json != null && length != null, "json/length");
        var p = (byte*)NativeMemory.Alloc((nuint)bytes.Length + 1);
        bytes.AsSpan().CopyTo(new Span<byte>(p, bytes.Length));
        p[bytes.Length] = 0;
        *json = p;
        *length = bytes.Length;
    }

    private static KpiSession Session(nint handle)
    {
        if (handle == 0)
        {
            throw new HandleException("the KPI set handle is null.");
        }

        return GCHandle.FromIntPtr(handle).Target as KpiSession ?? throw new HandleException("the handle is not a KPI set (freed?).");
    }

    private static void Require(bool ok, string what)
    {
        if (!ok)
        {
            throw new HandleException($"{what} must not be null.");
        }
    }

    private static string? Text(byte* utf8) => utf8 == null ? null : Marshal.PtrToStringUTF8((nint)utf8);

    private sealed class HandleException(string message) : Exception(message);
}

/// <summary>The CSV options of lm_read_csv and lm_kpis_add_csv: <c>{"leads": path, "stages": path, "touchpoints": path, "costs": path, "revenue": path, "rates": path or {"EUR": "1.08"}, "map": ["lead_id=mql_id"], "stage_names": {..}, "time_format": .., "fold_case": false, "on_bad_row": "fail", "zone": .., "currency": ..}</c>.</summary>
internal static class CsvOptions
{
    public static LeadDataSetOptions Parse(string? json, NodaTime.DateTimeZone? zone, Currency? currency)
    {
        using var doc = JsonDocument.Parse(string.IsNullOrWhiteSpace(json) ? "{}" : json);
        var root = doc.RootElement;
        string? leads = null, stages = null, timeFormat = null, touchpoints = null, costs = null, revenue = null;
        JsonElement? rates = null;
        var map = new List<string>();
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var foldCase = false;
        var policy = BadRowPolicy.Fail;
        foreach (var p in root.EnumerateObject())
        {
            switch (p.Name)
            {
                case "leads": leads = p.Value.GetString(); break;
                case "stages": stages = p.Value.ValueKind == JsonValueKind.Null ? null : p.Value.GetString(); break;
                case "touchpoints": touchpoints = p.Value.ValueKind == JsonValueKind.Null ? null : p.Value.GetString(); break;
                case "costs": costs = p.Value.ValueKind == JsonValueKind.Null ? null : p.Value.GetString(); break;
                case "revenue": revenue = p.Value.ValueKind == JsonValueKind.Null ? null : p.Value.GetString(); break;
                case "rates": rates = p.Value.ValueKind == JsonValueKind.Null ? null : p.Value.Clone(); break;
                case "time_format": timeFormat = p.Value.ValueKind == JsonValueKind.Null ? null : p.Value.GetString(); break;
                case "fold_case": foldCase = p.Value.GetBoolean(); break;
                case "on_bad_row":
                    policy = p.Value.GetString() switch
                    {
                        "fail" => BadRowPolicy.Fail,
                        "skip" => BadRowPolicy.Skip,
                        var other => throw new ArgumentException($"on_bad_row: '{other}' is not fail or skip."),
                    };
                    break;
                case "map":
                    if (p.Value.ValueKind == JsonValueKind.Object)
                    {
                        map.AddRange(p.Value.EnumerateObject().Select(e => $"{e.Name}={e.Value.GetString()}"));
                    }
                    else if (p.Value.ValueKind == JsonValueKind.Array)
                    {
                        map.AddRange(p.Value.EnumerateArray().Select(e => e.GetString() ?? string.Empty));
                    }

                    break;
                case "stage_names":
                    foreach (var n in p.Value.EnumerateObject())
                    {
                        names[n.Name.Trim()] = n.Value.GetString() ?? string.Empty;
                    }

                    break;
                case "zone":
                    if (zone is null)
                    {
                        zone = NativeOptions.ParseZone(p.Value.GetString());
                    }

                    break;
                case "currency":
                    if (currency is null)
                    {
                        var code = p.Value.GetString();
                        currency = Currency.TryFromCode(code?.Trim().ToUpperInvariant(), out var c) ? c : throw new ArgumentException($"currency: '{code}' is not an ISO 4217 currency code.");
                    }

                    break;
                default:
                    throw new ArgumentException($"csv options: unknown key '{p.Name}' (known: leads, stages, touchpoints, costs, revenue, rates, map, stage_names, time_format, fold_case, on_bad_row, zone, currency).");
            }
        }

        var report = currency ?? Currency.Usd;
        return new LeadDataSetOptions
        {
            LeadsPath = leads ?? throw new ArgumentException("csv options: 'leads' (the leads.csv path) is required."),
            StagesPath = stages,
            TouchpointsPath = touchpoints,
            CostsPath = costs,
            RevenuePath = revenue,
            Rates = rates is { } r ? RatesOption.Parse(r, report) : null,
            Zone = zone ?? NodaTime.DateTimeZone.Utc,
            Currency = report,
            Map = ColumnMap.Parse(map),
            StageNames = names,
            TimeFormat = timeFormat,
            FoldCase = foldCase,
            OnBadRow = policy,
        };
    }
}
