using System.Globalization;
using LeadMetrics.Data;
using NodaTime;

namespace LeadMetrics.Cli.Input;

/// <summary>
/// Reads the five input files into the validated domain model. Every row is checked; a bad row either stops
/// the load (<see cref="BadRowPolicy.Fail"/>) or is counted by reason (<see cref="BadRowPolicy.Skip"/>), so that
/// per file <c>rows_read = rows_accepted + rejected</c>.
/// </summary>
internal sealed class DataSetLoader
{
    private const NumberStyles NumberStyle = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent | NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite;

    private readonly LoadOptions _options;
    private readonly TimestampParser _time;
    private readonly DataQuality _quality;
    private readonly Dictionary<string, PendingLead> _leads = new(StringComparer.Ordinal);
    private readonly HashSet<string> _rejectedLeads = new(StringComparer.Ordinal);
    private readonly List<PendingLead> _leadOrder = [];
    private readonly List<FileColumns> _resolved = [];
    private readonly List<string> _attributeNames = [];
    private readonly List<string> _files = [];
    private readonly Dictionary<string, string> _sources = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> _campaigns = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> _owners = new(StringComparer.OrdinalIgnoreCase);

    private DataSetLoader(LoadOptions options)
    {
        _options = options;
        _time = new TimestampParser(options.Zone, options.TimeFormat);
        _quality = new DataQuality(options.OnBadRow, options.FoldCase, options.ResponseKinds);
    }

    public static LoadedData Load(LoadOptions options) => new DataSetLoader(options).Run();

    private LoadedData Run()
    {
        ReadLeads(_options.LeadsPath);
        if (_options.StagesPath is { } stages)
        {
            ReadStages(stages);
        }

        if (_options.TouchpointsPath is { } touchpoints)
        {
            ReadTouchpoints(touchpoints);
        }

        var leads = BuildLeads();
        var touchList = new List<Touchpoint>();
        foreach (var pending in _leadOrder)
        {
            if (pending.Lead is not null)
            {
                touchList.AddRange(pending.Touchpoints.Select(t => t.Touchpoint));
            }
        }

        var costs = _options.CostsPath is { } c ? ReadCosts(c) : [];
        CountUnmatchedLabels(leads, costs);
        var revenue = _options.RevenuePath is { } r ? ReadRevenue(r) : [];
        (costs, var clip) = RowCostClipping.Clip(costs, leads, revenue, _options.Zone, _options.Currency);
        _options.Map.CheckAllUsed(_resolved);
        return new LoadedData
        {
            Leads = leads,
            Touchpoints = touchList,
            Costs = costs,
            Revenue = revenue,
            AttributeNames = _attributeNames,
            Quality = _quality,
            Zone = _options.Zone,
            Currency = _options.Currency,
            Pipeline = _options.Pipeline,
            Files = _files,
            HasCosts = _options.CostsPath is not null,
            HasRevenue = _options.RevenuePath is not null,
            CostClip = clip,
        };
    }

    private CsvFile Open(InputKind kind, string path, out FileColumns columns, out FileQuality quality)
    {
        var display = _options.DisplayPath?.Invoke(path) ?? path;
        var file = CsvFile.Open(path, display);
        columns = _options.Map.Resolve(kind, display, file.Header);
        _resolved.Add(columns);
        quality = _quality.Add(kind, display);
        _files.Add(display);
        return file;
    }

    // Reads the next row, counts it as read and reports progress every 1,024 rows.
    // A row whose quoted field runs over lines holding the delimiter (a stray quote) is rejected here and skipped.
    private bool NextRow(CsvFile file, FileQuality q, ref long rows)
    {
        while (true)
        {
            if (!file.Read())
            {
                return false;
            }

            q.CountRead();
            if (_options.Progress is not null && (++rows & 0x3FF) == 0)
            {
                _options.Progress(file.Path, file.Position, file.Length);
            }

            if (file.StrayQuoteOf() is { } stray)
            {
                q.Reject(stray);
                continue;
            }

            return true;
        }
    }

    private void ReadLeads(string path)
    {
        using var file = Open(InputKind.Leads, path, out var cols, out var q);
        var idCol = cols["lead_id"] ?? throw new UsageException($"{path} has no lead_id column (columns: {string.Join(", ", file.Header)}); map one with --map lead_id=<column>.");
        var createdCol = cols["created_at"] ?? throw new UsageException($"{path} has no created_at column (columns: {string.Join(", ", file.Header)}); map one with --map created_at=<column>.");
        _attributeNames.AddRange(cols.Extra.Select(e => e.Name));
        long rows = 0;
        while (NextRow(file, q, ref rows))
        {
            var line = file.Line;
            var id = file.Get(idCol, out var idName);
            if (id is null)
            {
                q.Reject(new BadRow(path, line, idName, string.Empty, Reasons.MissingLeadId, "lead_id is required."));
                continue;
            }

            var createdText = file.Get(createdCol, out var createdName);
            if (createdText is null)
            {
                Reject(q, new BadRow(path, line, createdName, string.Empty, Reasons.MissingCreatedAt, "created_at is required."), id);
                continue;
            }

            if (!_time.TryParse(createdText, out var created))
            {
                Reject(q, new BadRow(path, line, createdName, createdText, Reasons.UnparseableDate, "not an ISO 8601 timestamp, local date-time or date."), id);
                continue;
            }

            if (created == NodaConstants.UnixEpoch)
            {
                Reject(q, new BadRow(path, line, createdName, createdText, Reasons.UnparseableDate, TimestampParser.EpochMessage), id);
                continue;
            }

            var earlier = _leads.GetValueOrDefault(id);
            if ((earlier is not null || _rejectedLeads.Contains(id)) && _options.OnDuplicate != DuplicateLeadPolicy.Last)
            {
                var duplicate = new BadRow(path, line, idName, id, Reasons.DuplicateLeadId, LeadDataSet.DuplicateMessage(earlier?.Line ?? 0, _options.OnDuplicate));
                if (_options.OnDuplicate == DuplicateLeadPolicy.Fail)
                {
                    throw new BadRowException(duplicate);
                }

                q.Reject(duplicate);
                continue;
            }

            if (!TryInstant(file, cols["first_response_at"], q, id, out var response)
                || !TryInstant(file, cols["won_at"], q, id, out var won)
                || !TryInstant(file, cols["lost_at"], q, id, out var lost))
            {
                continue;
            }

            if (OutcomeRule.Broken(created, won.GetValueOrDefault(), won.HasValue, lost.GetValueOrDefault(), lost.HasValue) is { } broken)
            {
                var at = cols[OutcomeRule.OnWon(broken) ? "won_at" : "lost_at"]!;
                Reject(q, new BadRow(path, line, at.Display, file.Get(at, out _)!, broken, OutcomeRule.Message(broken, createdText)), id);
                continue;
            }

            decimal? value = null;
            var valueText = file.Get(cols["value"], out var valueName);
            if (valueText is not null)
            {
                if (!decimal.TryParse(valueText, NumberStyle, CultureInfo.InvariantCulture, out var v))
                {
                    Reject(q, new BadRow(path, line, valueName, valueText, Reasons.UnparseableNumber, "value is not a number (use '.' for decimals, no thousands separators)."), id);
                    continue;
                }

                if (v < 0)
                {
                    Reject(q, new BadRow(path, line, valueName, valueText, Reasons.NegativeValue, "a deal value cannot be negative."), id);
                    continue;
                }

                if (v > Money.MaxFactAmount)
                {
                    Reject(q, new BadRow(path, line, valueName, valueText, Reasons.AmountOutOfRange, LeadDataSet.AmountOutOfRangeMessage), id);
                    continue;
                }

                if (file.Get(cols["currency"], out var currencyName) is { } currencyText
                    && CurrencyAmounts.TryConvert(currencyText, ref v, _options.Currency, _options.Rates, "value") is { } why)
                {
                    Reject(q, new BadRow(path, line, currencyName, currencyText, Reasons.CurrencyMismatch, why), id);
                    continue;
                }

                value = v;
            }

            var attributes = new List<KeyValuePair<string, AttributeValue>>(cols.Extra.Count);
            foreach (var (ordinal, name) in cols.Extra)
            {
                if (file.Get(ordinal) is { } text)
                {
                    attributes.Add(new(name, ParseAttribute(text)));
                }
            }

            if (response is { } resp && resp < created)
            {
                // Checked last, once the row is known to be accepted. The response is impossible, the lead is not: keep the lead as if first_response_at were empty (a
                // response may then be inferred from its touchpoints) and count the value left out.
                q.RejectValue(new BadRow(path, line, cols["first_response_at"]!.Display, file.Get(cols["first_response_at"], out _)!, Reasons.ResponseBeforeCreated,
                    $"first_response_at is before created_at {createdText}; the lead is kept without it."));
                response = null;
            }

            var pending = new PendingLead(id, line, created)
            {
                Source = Fold(_sources, file.Get(cols["source"], out _)),
                Campaign = Fold(_campaigns, file.Get(cols["campaign"], out _)),
                Owner = Fold(_owners, file.Get(cols["owner"], out _)),
                Response = response,
                Won = won,
                Lost = lost,
                Value = value,
                Attributes = attributes,
            };
            if (earlier is not null)
            {
                // --on-duplicate last: this accepted row takes the earlier one's place (as the columnar reader does); the earlier is counted as replaced.
                q.CountReplaced(new BadRow(path, earlier.Line, idName, id, Reasons.DuplicateLeadReplaced, $"replaced by line {line}, a later row of this lead_id (--on-duplicate last)."));
                pending.Order = earlier.Order;
                _leads[id] = pending;
                _leadOrder[earlier.Order] = pending;
                continue;
            }

            pending.Order = _leadOrder.Count;
            _leads.Add(id, pending);
            _leadOrder.Add(pending);
        }

        Finish(file);
    }

    private void ReadStages(string path)
    {
        using var file = Open(InputKind.Stages, path, out var cols, out var q);
        var idCol = Require(cols, "lead_id", file);
        var stageCol = Require(cols, "stage", file);
        var atCol = Require(cols, "at", file);
        long rows = 0;
        while (NextRow(file, q, ref rows))
        {
            var line = file.Line;
            if (!TryLead(file, idCol, q, out var lead))
            {
                continue;
            }

            var stageText = file.Get(stageCol, out var stageName);
            if (stageText is null)
            {
                q.Reject(new BadRow(path, line, stageName, string.Empty, Reasons.MissingStage, "stage is required."));
                continue;
            }

            if (!TryStage(stageText, out var stage))
            {
                q.Reject(new BadRow(path, line, stageName, stageText, Reasons.UnknownStage,
                    $"not a stage of the pipeline ({_options.Pipeline}); map other names with --stage-names <name>=<stage>."));
                continue;
            }

            if (!TryRequiredAt(file, atCol, q, out var at, out var atName, out var atText))
            {
                continue;
            }

            if (at < lead.Created)
            {
                q.Reject(new BadRow(path, line, atName, atText, Reasons.StageBeforeCreated, $"the lead was created at {lead.Created}; a stage cannot be entered before that."));
                continue;
            }

            lead.Stages.Add(new PendingStage(stage, at, line, atName, atText, q));
        }

        Finish(file);
    }

    private void ReadTouchpoints(string path)
    {
        using var file = Open(InputKind.Touchpoints, path, out var cols, out var q);
        var idCol = Require(cols, "lead_id", file);
        var atCol = Require(cols, "at", file);
        var channelCol = Require(cols, "channel", file);
        long rows = 0;
        while (NextRow(file, q, ref rows))
        {
            var line = file.Line;
            if (!TryLead(file, idCol, q, out var lead))
            {
                continue;
            }

            if (!TryRequiredAt(file, atCol, q, out var at, out var atName, out var atText))
            {
                continue;
            }

            if (at < lead.Created)
            {
                q.Reject(new BadRow(path, line, atName, atText, Reasons.TouchpointBeforeCreated, $"the lead was created at {lead.Created}."));
                continue;
            }

            var channel = file.Get(channelCol, out var channelName);
            if (channel is null)
            {
                q.Reject(new BadRow(path, line, channelName, string.Empty, Reasons.MissingChannel, "channel is required."));
                continue;
            }

            var kindText = file.Get(cols["kind"], out var kindName);
            var kind = TouchpointKind.Other;
            if (kindText is not null && !TryEnum(kindText, out kind))
            {
                q.Reject(new BadRow(path, line, kindName, kindText, Reasons.UnknownKind, "kind must be one of " + string.Join(", ", Enum.GetNames<TouchpointKind>().Select(Snake)) + "."));
                continue;
            }

            var dirText = file.Get(cols["direction"], out var dirName);
            var direction = TouchpointDirection.Inbound;
            if (dirText is not null && !TryDirection(dirText, out direction))
            {
                q.Reject(new BadRow(path, line, dirName, dirText, Reasons.UnknownDirection, "direction must be inbound or outbound."));
                continue;
            }

            try
            {
                var touchpoint = new Touchpoint(new LeadId(lead.Id), at, channel, kind, direction, file.Get(cols["campaign"], out _), file.Get(cols["actor"], out _));
                lead.Touchpoints.Add(new PendingTouchpoint(touchpoint, line, q));
            }
            catch (ArgumentException e)
            {
                q.Reject(new BadRow(path, line, string.Empty, string.Empty, Reasons.InvalidRow, e.Message));
            }
        }

        Finish(file);
    }

    private List<Lead> BuildLeads()
    {
        var result = new List<Lead>(_leadOrder.Count);
        var pipeline = _options.Pipeline;
        foreach (var pending in _leadOrder)
        {
            var leadQuality = _quality.Files[0];
            var id = new LeadId(pending.Id);

            // Stage history: in time order (stable for equal instants, so file order breaks ties), stopping at the first terminal stage.
            var history = new List<StageTransition>(pending.Stages.Count);
            Stage? previous = null;
            var won = pending.Won;
            var lost = pending.Lost;
            var accepted = new List<PendingStage>(pending.Stages.Count);
            foreach (var s in pending.Stages.OrderBy(s => s.At).ThenBy(s => s.Line))
            {
                if (previous is not null && previous.IsTerminal)
                {
                    s.Quality.Reject(new BadRow(s.Quality.File, s.Line, s.Column, s.Text, Reasons.StageAfterClose, $"the lead already entered the terminal stage '{previous.Name}'."));
                    continue;
                }

                if ((won ?? lost) is { } closedAt && s.At > closedAt)
                {
                    // One rule for a stage row after the close, whether the close is a terminal stage row (above) or the
                    // lead row's won_at / lost_at: the row is left out, the lead is kept.
                    s.Quality.Reject(new BadRow(s.Quality.File, s.Line, s.Column, s.Text, Reasons.StageAfterClose, StageNames.AfterCloseMessage(closedAt, won is not null)));
                    continue;
                }

                if ((s.Stage.Kind == StageKind.Won && lost is not null) || (s.Stage.Kind == StageKind.Lost && won is not null))
                {
                    s.Quality.Reject(new BadRow(s.Quality.File, s.Line, s.Column, s.Text, Reasons.ConflictingOutcome,
                        $"the lead row says {(lost is not null ? "lost" : "won")}, this stage row says '{s.Stage.Name}'."));
                    continue;
                }

                if (previous is not null && ReferenceEquals(previous, s.Stage))
                {
                    // The same stage again (an export that lists the current stage on every update): nothing moved.
                    accepted.Add(s);
                    continue;
                }

                history.Add(new StageTransition(id, previous, s.Stage, s.At));
                accepted.Add(s);
                previous = s.Stage;
            }

            // First response: the leads file's first_response_at, else the earliest outbound touchpoint of a response
            // kind (a call, an email, a chat by default; a meeting days later is not a response).
            var response = pending.Response;
            var inferred = false;
            var outbound = false;
            if (response is null)
            {
                foreach (var t in pending.Touchpoints)
                {
                    if (t.Touchpoint.Direction != TouchpointDirection.Outbound)
                    {
                        continue;
                    }

                    outbound = true;
                    if (_quality.Responses.Kinds.Contains(t.Touchpoint.Kind) && (response is null || t.Touchpoint.At < response))
                    {
                        response = t.Touchpoint.At;
                        inferred = true;
                    }
                }
            }

            try
            {
                pending.Lead = new Lead(
                    id,
                    pending.Created,
                    pending.Source,
                    pending.Campaign,
                    pending.Owner,
                    pending.Attributes,
                    response,
                    history,
                    won,
                    lost,
                    pending.Value is { } v ? new Money(v, _options.Currency) : null,
                    pipeline);
                result.Add(pending.Lead);
                if (inferred)
                {
                    _quality.Responses.CountInferred();
                }
                else if (outbound && response is null)
                {
                    _quality.Responses.CountNotAResponse();
                }
            }
            catch (ArgumentException e)
            {
                leadQuality.Reject(new BadRow(leadQuality.File, pending.Line, e.ParamName ?? string.Empty, pending.Id, Reasons.InvalidRow, e.Message));
                foreach (var s in accepted)
                {
                    s.Quality.Reject(new BadRow(s.Quality.File, s.Line, "lead_id", pending.Id, Reasons.LeadRejected, "the lead's own row was rejected."));
                }

                foreach (var t in pending.Touchpoints)
                {
                    t.Quality.Reject(new BadRow(t.Quality.File, t.Line, "lead_id", pending.Id, Reasons.LeadRejected, "the lead's own row was rejected."));
                }
            }
        }

        return result;
    }

    private List<CostEntry> ReadCosts(string path)
    {
        var result = new List<CostEntry>();
        using var file = Open(InputKind.Costs, path, out var cols, out var q);
        var amountCol = Require(cols, "amount", file);
        if (cols["date"] is null && (cols["from"] is null || cols["to"] is null))
        {
            throw new UsageException($"{path} needs a date column, or from and to columns (columns: {string.Join(", ", file.Header)}).");
        }

        long rows = 0;
        while (NextRow(file, q, ref rows))
        {
            var line = file.Line;
            DateInterval interval;
            var dateText = file.Get(cols["date"], out var dateName);
            if (dateText is not null)
            {
                if (!_time.TryParseDate(dateText, out var date))
                {
                    q.Reject(new BadRow(path, line, dateName, dateText, Reasons.UnparseableDate, "not a date."));
                    continue;
                }

                interval = new DateInterval(date, date);
            }
            else
            {
                var fromText = file.Get(cols["from"], out var fromName);
                var toText = file.Get(cols["to"], out var toName);
                if (fromText is null || toText is null)
                {
                    q.Reject(new BadRow(path, line, fromText is null ? (cols["from"]?.Display ?? dateName) : toName, string.Empty, Reasons.MissingDate, "a cost needs a date, or from and to."));
                    continue;
                }

                if (!_time.TryParseDate(fromText, out var from))
                {
                    q.Reject(new BadRow(path, line, fromName, fromText, Reasons.UnparseableDate, "not a date."));
                    continue;
                }

                if (!_time.TryParseDate(toText, out var to))
                {
                    q.Reject(new BadRow(path, line, toName, toText, Reasons.UnparseableDate, "not a date."));
                    continue;
                }

                if (to < from)
                {
                    q.Reject(new BadRow(path, line, toName, toText, Reasons.DateRangeReversed, $"to is before from {fromText}."));
                    continue;
                }

                interval = new DateInterval(from, to);
            }

            var source = Fold(_sources, file.Get(cols["source"], out var sourceName));
            if (source is null)
            {
                q.Reject(new BadRow(path, line, sourceName.Length == 0 ? "source" : sourceName, string.Empty, Reasons.MissingSource, "a cost needs the source it was spent on."));
                continue;
            }

            var amountText = file.Get(amountCol, out var amountName);
            if (amountText is null)
            {
                q.Reject(new BadRow(path, line, amountName, string.Empty, Reasons.MissingAmount, "amount is required."));
                continue;
            }

            if (!decimal.TryParse(amountText, NumberStyle, CultureInfo.InvariantCulture, out var amount))
            {
                q.Reject(new BadRow(path, line, amountName, amountText, Reasons.UnparseableNumber, "amount is not a number."));
                continue;
            }

            if (amount < 0)
            {
                q.Reject(new BadRow(path, line, amountName, amountText, Reasons.NegativeCost, "a cost cannot be negative."));
                continue;
            }

            if (amount > Money.MaxFactAmount)
            {
                q.Reject(new BadRow(path, line, amountName, amountText, Reasons.AmountOutOfRange, LeadDataSet.AmountOutOfRangeMessage));
                continue;
            }

            if (file.Get(cols["currency"], out var currencyName) is { } currencyText
                && CurrencyAmounts.TryConvert(currencyText, ref amount, _options.Currency, _options.Rates, "amount") is { } why)
            {
                q.Reject(new BadRow(path, line, currencyName, currencyText, Reasons.CurrencyMismatch, why));
                continue;
            }

            var categoryText = file.Get(cols["category"], out var categoryName);
            var category = CostCategory.Media;
            if (categoryText is not null && !TryEnum(categoryText, out category))
            {
                q.Reject(new BadRow(path, line, categoryName, categoryText, Reasons.UnknownCategory, "category must be one of " + string.Join(", ", Enum.GetNames<CostCategory>().Select(Snake)) + "."));
                continue;
            }

            try
            {
                result.Add(new CostEntry(source, interval, new Money(amount, _options.Currency), category, Fold(_campaigns, file.Get(cols["campaign"], out _))));
            }
            catch (ArgumentException e)
            {
                q.Reject(new BadRow(path, line, string.Empty, string.Empty, Reasons.InvalidRow, e.Message));
            }
        }

        Finish(file);
        return result;
    }

    private List<RevenueEntry> ReadRevenue(string path)
    {
        var result = new List<RevenueEntry>();
        using var file = Open(InputKind.Revenue, path, out var cols, out var q);
        var idCol = Require(cols, "lead_id", file);
        var atCol = Require(cols, "at", file);
        var amountCol = Require(cols, "amount", file);
        long rows = 0;
        while (NextRow(file, q, ref rows))
        {
            var line = file.Line;
            if (!TryLead(file, idCol, q, out var lead))
            {
                continue;
            }

            if (lead.Lead is null)
            {
                q.Reject(new BadRow(path, line, idCol.Display, lead.Id, Reasons.LeadRejected, "the lead's own row was rejected."));
                continue;
            }

            if (!TryRequiredAt(file, atCol, q, out var at, out var atName, out var atText))
            {
                continue;
            }

            var amountText = file.Get(amountCol, out var amountName);
            if (amountText is null)
            {
                q.Reject(new BadRow(path, line, amountName, string.Empty, Reasons.MissingAmount, "amount is required."));
                continue;
            }

            if (!decimal.TryParse(amountText, NumberStyle, CultureInfo.InvariantCulture, out var amount))
            {
                q.Reject(new BadRow(path, line, amountName, amountText, Reasons.UnparseableNumber, "amount is not a number."));
                continue;
            }

            if (Math.Abs(amount) > Money.MaxFactAmount)
            {
                q.Reject(new BadRow(path, line, amountName, amountText, Reasons.AmountOutOfRange, LeadDataSet.AmountOutOfRangeMessage));
                continue;
            }

            if (file.Get(cols["currency"], out var currencyName) is { } currencyText
                && CurrencyAmounts.TryConvert(currencyText, ref amount, _options.Currency, _options.Rates, "amount") is { } why)
            {
                q.Reject(new BadRow(path, line, currencyName, currencyText, Reasons.CurrencyMismatch, why));
                continue;
            }

            result.Add(new RevenueEntry(lead.Lead.Id, at, new Money(amount, _options.Currency)));
        }

        Finish(file);
        return result;
    }

    /// <summary>With --fold-case, the first spelling seen of a label equal to <paramref name="label"/> ignoring case; else the label.</summary>
    private string? Fold(Dictionary<string, string> seen, string? label)
    {
        if (label is not null && LabelTable.IsNone(label))
        {
            // A label spelled (none) is the empty label, as in the columnar reader (issue 15, item 9).
            return null;
        }

        if (label is null || !_options.FoldCase)
        {
            return label;
        }

        if (!seen.TryGetValue(label, out var first))
        {
            seen[label] = first = label;
        }

        return first;
    }

    /// <summary>Counts the accepted cost rows whose source, or non-empty campaign, is the label of no lead (a warning in data quality).</summary>
    private void CountUnmatchedLabels(List<Lead> leads, List<CostEntry> costs)
    {
        var sources = new HashSet<string>(leads.Select(l => l.Source ?? string.Empty), StringComparer.Ordinal);
        var campaigns = new HashSet<string>(leads.Select(l => l.Campaign ?? string.Empty), StringComparer.Ordinal);
        foreach (var cost in costs)
        {
            if (!sources.Contains(cost.Source))
            {
                _quality.CountUnmatched("source", cost.Source);
            }

            if (cost.Campaign is { } campaign && !campaigns.Contains(campaign))
            {
                _quality.CountUnmatched("campaign", campaign);
            }
        }
    }

    private void Finish(CsvFile file)
    {
        _options.Progress?.Invoke(file.Path, file.Length, file.Length);
    }

    private void Reject(FileQuality q, BadRow row, string id)
    {
        q.Reject(row);
        _rejectedLeads.Add(id);
    }

    private bool TryLead(CsvFile file, ColumnBinding idCol, FileQuality q, out PendingLead lead)
    {
        var id = file.Get(idCol, out var idName);
        if (id is null)
        {
            q.Reject(new BadRow(file.Path, file.Line, idName, string.Empty, Reasons.MissingLeadId, "lead_id is required."));
            lead = null!;
            return false;
        }

        if (_leads.TryGetValue(id, out lead!))
        {
            return true;
        }

        var rejected = _rejectedLeads.Contains(id);
        q.Reject(new BadRow(file.Path, file.Line, idName, id, rejected ? Reasons.LeadRejected : Reasons.UnknownLead,
            rejected ? "the lead's own row was rejected." : "no lead with this lead_id in the leads file."));
        return false;
    }

    /// <summary>Reads the required <c>at</c> timestamp of a row; a missing or unparseable value rejects the row.</summary>
    private bool TryRequiredAt(CsvFile file, ColumnBinding? binding, FileQuality q, out Instant at, out string column, out string text)
    {
        at = default;
        var value = file.Get(binding, out column);
        text = value ?? string.Empty;
        if (value is null)
        {
            q.Reject(new BadRow(file.Path, file.Line, column, string.Empty, Reasons.MissingDate, "at is required."));
            return false;
        }

        if (!_time.TryParse(value, out at))
        {
            q.Reject(new BadRow(file.Path, file.Line, column, value, Reasons.UnparseableDate, "not an ISO 8601 timestamp, local date-time or date."));
            return false;
        }

        if (at == NodaConstants.UnixEpoch)
        {
            q.Reject(new BadRow(file.Path, file.Line, column, value, Reasons.UnparseableDate, TimestampParser.EpochMessage));
            return false;
        }

        return true;
    }

    private bool TryInstant(CsvFile file, ColumnBinding? binding, FileQuality q, string id, out Instant? value)
    {
        value = null;
        var text = file.Get(binding, out var name);
        if (text is null)
        {
            return true;
        }

        if (_time.TryParse(text, out var instant))
        {
            value = instant;
            return true;
        }

        Reject(q, new BadRow(file.Path, file.Line, name, text, Reasons.UnparseableDate, "not an ISO 8601 timestamp, local date-time or date."), id);
        return false;
    }

    private bool TryStage(string text, out Stage stage) => StageNames.TryResolve(_options.Pipeline, _options.StageNames, text, out stage);

    private static ColumnBinding Require(FileColumns cols, string canonical, CsvFile file) =>
        cols[canonical] ?? throw new UsageException(
            $"{file.Path} has no {canonical} column (columns: {string.Join(", ", file.Header)}); map one with --map {CanonicalColumns.FileName(cols.Kind)}.{canonical}=<column>.");

    private static AttributeValue ParseAttribute(string text)
    {
        if (bool.TryParse(text, out var b))
        {
            return AttributeValue.FromBoolean(b);
        }

        return decimal.TryParse(text, NumberStyle, CultureInfo.InvariantCulture, out var d)
            ? AttributeValue.FromNumber(d)
            : AttributeValue.FromText(text);
    }

    private static bool TryEnum<T>(string text, out T value)
        where T : struct, Enum
    {
        var key = Squash(text);
        foreach (var v in Enum.GetValues<T>())
        {
            if (Squash(v.ToString()) == key)
            {
                value = v;
                return true;
            }
        }

        value = default;
        return false;
    }

    private static bool TryDirection(string text, out TouchpointDirection direction)
    {
        switch (Squash(text))
        {
            case "in":
            case "inbound":
                direction = TouchpointDirection.Inbound;
                return true;
            case "out":
            case "outbound":
                direction = TouchpointDirection.Outbound;
                return true;
            default:
                direction = default;
                return false;
        }
    }

    private static string Squash(string text) => StageNames.Squash(text);

    /// <summary>An enum name in snake case (AdClick: ad_click): the reader's rule, <see cref="LeadDataSet.Snake"/>.</summary>
    internal static string Snake(string name) => LeadDataSet.Snake(name);

    private sealed class PendingLead(string id, long line, Instant created)
    {
        public string Id { get; } = id;

        /// <summary>The lead's place in the order of the leads file (a replacing row takes the replaced row's).</summary>
        public int Order { get; set; }

        public long Line { get; } = line;

        public Instant Created { get; } = created;

        public string? Source { get; init; }

        public string? Campaign { get; init; }

        public string? Owner { get; init; }

        public Instant? Response { get; init; }

        public Instant? Won { get; init; }

        public Instant? Lost { get; init; }

        public decimal? Value { get; init; }

        public List<KeyValuePair<string, AttributeValue>> Attributes { get; init; } = [];

        public List<PendingStage> Stages { get; } = [];

        public List<PendingTouchpoint> Touchpoints { get; } = [];

        public Lead? Lead { get; set; }
    }

    private sealed record PendingStage(Stage Stage, Instant At, long Line, string Column, string Text, FileQuality Quality);

    private sealed record PendingTouchpoint(Touchpoint Touchpoint, long Line, FileQuality Quality);
}
