namespace LeadMetrics.Cli.Input;

/// <summary>What to do with a bad row.</summary>
internal enum BadRowPolicy
{
    /// <summary>Stop with a non-zero exit code naming file, line, column and value.</summary>
    Fail,

    /// <summary>Count the row by reason, keep up to five examples, and go on.</summary>
    Skip,
}

/// <summary>The reasons a row is rejected (the keys of <c>data_quality.rejected</c>).</summary>
internal static class Reasons
{
    public const string MissingLeadId = "missing_lead_id";
    public const string MissingCreatedAt = "missing_created_at";
    public const string UnparseableDate = "unparseable_date";
    public const string UnparseableNumber = "unparseable_number";
    public const string DuplicateLeadId = "duplicate_lead_id";
    public const string ResponseBeforeCreated = "response_before_created";
    public const string WonBeforeCreated = "won_before_created";
    public const string LostBeforeCreated = "lost_before_created";
    public const string WonAndLost = "won_and_lost";
    public const string NegativeValue = "negative_value";
    public const string UnknownLead = "unknown_lead";
    public const string LeadRejected = "lead_rejected";
    public const string UnknownStage = "unknown_stage";
    public const string MissingStage = "missing_stage";
    public const string MissingDate = "missing_date";
    public const string StageBeforeCreated = "stage_before_created";
    public const string StageAfterClose = "stage_after_close";
    public const string ConflictingOutcome = "conflicting_outcome";
    public const string TouchpointBeforeCreated = "touchpoint_before_created";
    public const string UnknownKind = "unknown_kind";
    public const string UnknownDirection = "unknown_direction";
    public const string MissingChannel = "missing_channel";
    public const string MissingSource = "missing_source";
    public const string MissingAmount = "missing_amount";
    public const string NegativeCost = "negative_cost";
    public const string UnknownCategory = "unknown_category";
    public const string DateRangeReversed = "date_range_reversed";
    public const string InvalidRow = "invalid_row";
    public const string MalformedRow = "malformed_row";
}

/// <summary>One rejected row: where it is, which column and value, and why.</summary>
internal sealed record BadRow(string File, long Line, string Column, string Value, string Reason, string Message)
{
    public string Describe() =>
        $"{File}, line {Line}, column {Column}: value '{Value}' rejected ({Reason}): {Message}";
}

/// <summary>Row counts, rejections by reason and example bad rows of one input file.</summary>
internal sealed class FileQuality
{
    public const int MaxExamples = 5;

    private readonly BadRowPolicy _policy;

    public FileQuality(InputKind kind, string file, BadRowPolicy policy)
    {
        Kind = kind;
        File = file;
        _policy = policy;
    }

    public InputKind Kind { get; }

    public string File { get; }

    public long RowsRead { get; private set; }

    public long RowsAccepted => RowsRead - Rejected.Values.Sum();

    public SortedDictionary<string, long> Rejected { get; } = new(StringComparer.Ordinal);

    public SortedDictionary<string, List<BadRow>> Examples { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Values left out of rows that were kept, by reason (a first_response_at before created_at: the lead stays, without
    /// its response). Not part of <see cref="Rejected"/>: the row is accepted; examples are in <see cref="Examples"/>.
    /// </summary>
    public SortedDictionary<string, long> RejectedValues { get; } = new(StringComparer.Ordinal);

    public void CountRead() => RowsRead++;

    /// <summary>
    /// Records a value left out of an accepted row; throws with <see cref="BadRowPolicy.Fail"/> (the first bad value
    /// stops the load, as a bad row does).
    /// </summary>
    public void RejectValue(BadRow row)
    {
        if (_policy == BadRowPolicy.Fail)
        {
            throw new BadRowException(row);
        }

        RejectedValues[row.Reason] = RejectedValues.GetValueOrDefault(row.Reason) + 1;
        AddExample(row);
    }

    /// <summary>Records a rejected row (already counted as read); throws with <see cref="BadRowPolicy.Fail"/>.</summary>
    public void Reject(BadRow row)
    {
        if (_policy == BadRowPolicy.Fail)
        {
            throw new BadRowException(row);
        }

        Rejected[row.Reason] = Rejected.GetValueOrDefault(row.Reason) + 1;
        AddExample(row);
    }

    private void AddExample(BadRow row)
    {
        if (!Examples.TryGetValue(row.Reason, out var list))
        {
            Examples[row.Reason] = list = [];
        }

        if (list.Count < MaxExamples)
        {
            list.Add(row);
        }
    }
}

/// <summary>The data-quality section: one <see cref="FileQuality"/> per input file.</summary>
internal sealed class DataQuality
{
    public DataQuality(BadRowPolicy policy) => Policy = policy;

    public BadRowPolicy Policy { get; }

    public List<FileQuality> Files { get; } = [];

    public long RowsRead => Files.Sum(f => f.RowsRead);

    public long RowsAccepted => Files.Sum(f => f.RowsAccepted);

    public SortedDictionary<string, long> Rejected
    {
        get
        {
            var all = new SortedDictionary<string, long>(StringComparer.Ordinal);
            foreach (var (reason, n) in Files.SelectMany(f => f.Rejected))
            {
                all[reason] = all.GetValueOrDefault(reason) + n;
            }

            return all;
        }
    }

    /// <summary>How first responses were taken from touchpoints for leads without <c>first_response_at</c>.</summary>
    public ResponseInference Responses { get; } = new();

    /// <summary>True when labels (source, campaign, owner) were case-folded (--fold-case).</summary>
    public bool FoldCase { get; set; }

    /// <summary>
    /// Accepted cost rows whose label matches no lead, by field ("source", "campaign") and label: such a row makes a
    /// group with 0 leads while the leads it was meant for show no cost. A warning, not a rejection.
    /// </summary>
    public SortedDictionary<string, SortedDictionary<string, long>> UnmatchedCostLabels { get; } = new(StringComparer.Ordinal);

    /// <summary>Counts one cost row whose <paramref name="field"/> label matches no lead.</summary>
    public void CountUnmatched(string field, string label)
    {
        if (!UnmatchedCostLabels.TryGetValue(field, out var labels))
        {
            UnmatchedCostLabels[field] = labels = new SortedDictionary<string, long>(StringComparer.Ordinal);
        }

        labels[label] = labels.GetValueOrDefault(label) + 1;
    }

    /// <summary>Values left out of accepted rows, by reason, over every file.</summary>
    public SortedDictionary<string, long> RejectedValues
    {
        get
        {
            var all = new SortedDictionary<string, long>(StringComparer.Ordinal);
            foreach (var (reason, n) in Files.SelectMany(f => f.RejectedValues))
            {
                all[reason] = all.GetValueOrDefault(reason) + n;
            }

            return all;
        }
    }

    public FileQuality Add(InputKind kind, string file)
    {
        var q = new FileQuality(kind, file, Policy);
        Files.Add(q);
        return q;
    }
}

/// <summary>
/// First responses inferred from touchpoints. A lead without <c>first_response_at</c> takes its earliest outbound
/// touchpoint of a response kind (<see cref="Kinds"/>) as its first response; other outbound touchpoints (a meeting
/// days later, a form, an ad click) are not a response.
/// </summary>
internal sealed class ResponseInference
{
    /// <summary>The default response kinds: a call, an email or a chat message.</summary>
    public static IReadOnlyList<TouchpointKind> DefaultKinds { get; } = [TouchpointKind.Call, TouchpointKind.Email, TouchpointKind.Chat];

    /// <summary>The touchpoint kinds that count as a response, in enum order.</summary>
    public IReadOnlyList<TouchpointKind> Kinds { get; set; } = DefaultKinds;

    /// <summary>Leads without <c>first_response_at</c> whose first response was taken from a touchpoint.</summary>
    public long Inferred { get; set; }

    /// <summary>Leads without <c>first_response_at</c> that have outbound touchpoints, none of a response kind: they stay unanswered.</summary>
    public long NotAResponse { get; set; }
}
