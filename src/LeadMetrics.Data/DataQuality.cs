namespace LeadMetrics.Data;

/// <summary>What to do with a bad row.</summary>
public enum BadRowPolicy
{
    /// <summary>Stop with a non-zero exit code naming file, line, column and value.</summary>
    Fail,

    /// <summary>Count the row by reason, keep up to five examples, and go on.</summary>
    Skip,
}

/// <summary>The reasons a row is rejected (the keys of <c>data_quality.rejected</c>).</summary>
public static class Reasons
{
    /// <summary>Rejection reason <c>missing_lead_id</c>.</summary>
    public const string MissingLeadId = "missing_lead_id";
    /// <summary>Rejection reason <c>missing_created_at</c>.</summary>
    public const string MissingCreatedAt = "missing_created_at";
    /// <summary>Rejection reason <c>unparseable_date</c>.</summary>
    public const string UnparseableDate = "unparseable_date";
    /// <summary>Rejection reason <c>unparseable_number</c>.</summary>
    public const string UnparseableNumber = "unparseable_number";
    /// <summary>Rejection reason <c>duplicate_lead_id</c>.</summary>
    public const string DuplicateLeadId = "duplicate_lead_id";

    /// <summary>Rejection reason <c>duplicate_lead_replaced</c>: an accepted row replaced by a later row of its id under <see cref="DuplicateLeadPolicy.Last"/>.</summary>
    public const string DuplicateLeadReplaced = "duplicate_lead_replaced";
    /// <summary>Rejection reason <c>response_before_created</c>.</summary>
    public const string ResponseBeforeCreated = "response_before_created";
    /// <summary>Rejection reason <c>won_before_created</c>.</summary>
    public const string WonBeforeCreated = "won_before_created";
    /// <summary>Rejection reason <c>lost_before_created</c>.</summary>
    public const string LostBeforeCreated = "lost_before_created";
    /// <summary>Rejection reason <c>won_and_lost</c>.</summary>
    public const string WonAndLost = "won_and_lost";
    /// <summary>Rejection reason <c>negative_value</c>.</summary>
    public const string NegativeValue = "negative_value";
    /// <summary>Rejection reason <c>unknown_lead</c>.</summary>
    public const string UnknownLead = "unknown_lead";
    /// <summary>Rejection reason <c>lead_rejected</c>.</summary>
    public const string LeadRejected = "lead_rejected";
    /// <summary>Rejection reason <c>unknown_stage</c>.</summary>
    public const string UnknownStage = "unknown_stage";
    /// <summary>Rejection reason <c>missing_stage</c>.</summary>
    public const string MissingStage = "missing_stage";
    /// <summary>Rejection reason <c>missing_date</c>.</summary>
    public const string MissingDate = "missing_date";
    /// <summary>Rejection reason <c>stage_before_created</c>.</summary>
    public const string StageBeforeCreated = "stage_before_created";
    /// <summary>Rejection reason <c>stage_after_close</c>.</summary>
    public const string StageAfterClose = "stage_after_close";
    /// <summary>Rejection reason <c>conflicting_outcome</c>.</summary>
    public const string ConflictingOutcome = "conflicting_outcome";
    /// <summary>Rejection reason <c>touchpoint_before_created</c>.</summary>
    public const string TouchpointBeforeCreated = "touchpoint_before_created";
    /// <summary>Rejection reason <c>unknown_kind</c>.</summary>
    public const string UnknownKind = "unknown_kind";
    /// <summary>Rejection reason <c>unknown_direction</c>.</summary>
    public const string UnknownDirection = "unknown_direction";
    /// <summary>Rejection reason <c>missing_channel</c>.</summary>
    public const string MissingChannel = "missing_channel";
    /// <summary>Rejection reason <c>missing_source</c>.</summary>
    public const string MissingSource = "missing_source";
    /// <summary>Rejection reason <c>missing_amount</c>.</summary>
    public const string MissingAmount = "missing_amount";
    /// <summary>Rejection reason <c>negative_cost</c>.</summary>
    public const string NegativeCost = "negative_cost";
    /// <summary>Rejection reason <c>unknown_category</c>.</summary>
    public const string UnknownCategory = "unknown_category";
    /// <summary>Rejection reason <c>date_range_reversed</c>.</summary>
    public const string DateRangeReversed = "date_range_reversed";
    /// <summary>Rejection reason <c>invalid_row</c>.</summary>
    public const string InvalidRow = "invalid_row";
    /// <summary>Rejection reason <c>malformed_row</c>.</summary>
    public const string MalformedRow = "malformed_row";
    /// <summary>Rejection reason <c>currency_mismatch</c>: an amount in another currency than the report's, without a rate to convert it (or not an ISO 4217 code).</summary>
    public const string CurrencyMismatch = "currency_mismatch";
    /// <summary>Rejection reason <c>amount_out_of_range</c>: an amount beyond ±10¹⁸ (<c>Money.MaxFactAmount</c>), which sums could not hold.</summary>
    public const string AmountOutOfRange = "amount_out_of_range";
}

/// <summary>One rejected row: where it is, which column and value, and why.</summary>
/// <param name="File">The file as named in messages.</param>
/// <param name="Line">The line (the header is line 1).</param>
/// <param name="Column">The column.</param>
/// <param name="Value">The rejected value.</param>
/// <param name="Reason">The reason key (see <see cref="Reasons"/>).</param>
/// <param name="Message">Why, in words.</param>
public sealed record BadRow(string File, long Line, string Column, string Value, string Reason, string Message)
{
    /// <summary>The row in one sentence: file, line, column, value, reason and message.</summary>
    /// <returns>The sentence.</returns>
    public string Describe() =>
        $"{File}, line {Line}, column {Column}: value '{Value}' rejected ({Reason}): {Message}";
}

/// <summary>Row counts, rejections by reason and example bad rows of one input file.</summary>
public sealed class FileQuality
{
    /// <summary>The most example rows kept per reason.</summary>
    public const int MaxExamples = 5;

    private readonly BadRowPolicy _policy;
    private readonly SortedDictionary<string, long> _rejected = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, long> _rejectedValues = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, List<BadRow>> _examples = new(StringComparer.Ordinal);

    /// <summary>Creates the counts of one file.</summary>
    /// <param name="kind">The file's kind.</param>
    /// <param name="file">The file as named in messages.</param>
    /// <param name="policy">What a bad row does.</param>
    public FileQuality(InputKind kind, string file, BadRowPolicy policy)
    {
        Kind = kind;
        File = file;
        _policy = policy;
    }

    /// <summary>The file's kind.</summary>
    public InputKind Kind { get; }

    /// <summary>The file as named in messages.</summary>
    public string File { get; }

    /// <summary>Data rows read (the header is not a row).</summary>
    public long RowsRead { get; private set; }

    /// <summary>Rows accepted: read minus rejected.</summary>
    public long RowsAccepted => RowsRead - _rejected.Values.Sum();

    /// <summary>Rejected rows by reason, in reason order.</summary>
    public IReadOnlyDictionary<string, long> Rejected => _rejected;

    /// <summary>Up to <see cref="MaxExamples"/> rejected rows (or left-out values) per reason, in reason order.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<BadRow>> Examples =>
        new SortedDictionary<string, IReadOnlyList<BadRow>>(_examples.ToDictionary(e => e.Key, e => (IReadOnlyList<BadRow>)e.Value.AsReadOnly()), StringComparer.Ordinal);

    /// <summary>
    /// Values left out of rows that were kept, by reason (a first_response_at before created_at: the lead stays, without
    /// its response). Not part of <see cref="Rejected"/>: the row is accepted; examples are in <see cref="Examples"/>.
    /// </summary>
    public IReadOnlyDictionary<string, long> RejectedValues => _rejectedValues;

    /// <summary>Counts one row read.</summary>
    public void CountRead() => RowsRead++;

    /// <summary>Counts rows read.</summary>
    /// <param name="rows">How many.</param>
    public void CountRead(long rows) => RowsRead += rows;

    /// <summary>
    /// Records a value left out of an accepted row; throws with <see cref="BadRowPolicy.Fail"/> (the first bad value
    /// stops the load, as a bad row does).
    /// </summary>
    /// <param name="row">The row and the value left out.</param>
    /// <exception cref="BadRowException">The policy is <see cref="BadRowPolicy.Fail"/>.</exception>
    public void RejectValue(BadRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (_policy == BadRowPolicy.Fail)
        {
            throw new BadRowException(row);
        }

        _rejectedValues[row.Reason] = _rejectedValues.GetValueOrDefault(row.Reason) + 1;
        AddExample(row);
    }

    /// <summary>Records a rejected row (already counted as read); throws with <see cref="BadRowPolicy.Fail"/>.</summary>
    /// <param name="row">The row.</param>
    /// <exception cref="BadRowException">The policy is <see cref="BadRowPolicy.Fail"/>.</exception>
    public void Reject(BadRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (_policy == BadRowPolicy.Fail)
        {
            throw new BadRowException(row);
        }

        _rejected[row.Reason] = _rejected.GetValueOrDefault(row.Reason) + 1;
        AddExample(row);
    }

    /// <summary>
    /// Counts an accepted row as rejected because a later row replaced it (<see cref="DuplicateLeadPolicy.Last"/>);
    /// never throws, whatever the policy: the replacement was asked for.
    /// </summary>
    /// <param name="row">The replaced row (its line, id and the line that replaced it).</param>
    public void CountReplaced(BadRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        _rejected[row.Reason] = _rejected.GetValueOrDefault(row.Reason) + 1;
        AddExample(row);
    }

    private void AddExample(BadRow row)
    {
        if (!_examples.TryGetValue(row.Reason, out var list))
        {
            _examples[row.Reason] = list = [];
        }

        if (list.Count < MaxExamples)
        {
            list.Add(row);
        }
    }
}

/// <summary>The data-quality section: one <see cref="FileQuality"/> per input file.</summary>
public sealed class DataQuality
{
    private readonly List<FileQuality> _files = [];
    private readonly SortedDictionary<string, SortedDictionary<string, long>> _unmatched = new(StringComparer.Ordinal);

    /// <summary>Creates the data-quality counts of one data set.</summary>
    /// <param name="policy">What a bad row does.</param>
    /// <param name="foldCase">True when labels are case-folded (<c>--fold-case</c>).</param>
    /// <param name="responseKinds">The touchpoint kinds that count as a first response (null: <see cref="ResponseInference.DefaultKinds"/>).</param>
    public DataQuality(BadRowPolicy policy, bool foldCase = false, IEnumerable<TouchpointKind>? responseKinds = null)
    {
        Policy = policy;
        FoldCase = foldCase;
        Responses = new ResponseInference(responseKinds);
    }

    /// <summary>What a bad row does.</summary>
    public BadRowPolicy Policy { get; }

    /// <summary>One entry per file read, in the order read.</summary>
    public IReadOnlyList<FileQuality> Files => _files;

    /// <summary>Rows read over every file.</summary>
    public long RowsRead => _files.Sum(f => f.RowsRead);

    /// <summary>Rows accepted over every file.</summary>
    public long RowsAccepted => _files.Sum(f => f.RowsAccepted);

    /// <summary>Rejected rows by reason over every file.</summary>
    public IReadOnlyDictionary<string, long> Rejected
    {
        get
        {
            var all = new SortedDictionary<string, long>(StringComparer.Ordinal);
            foreach (var (reason, n) in _files.SelectMany(f => f.Rejected))
            {
                all[reason] = all.GetValueOrDefault(reason) + n;
            }

            return all;
        }
    }

    /// <summary>How first responses were taken from touchpoints for leads without <c>first_response_at</c>.</summary>
    public ResponseInference Responses { get; }

    /// <summary>True when labels (source, campaign, owner) were case-folded (--fold-case).</summary>
    public bool FoldCase { get; }

    /// <summary>
    /// Accepted cost rows whose label matches no lead, by field ("source", "campaign") and label: such a row makes a
    /// group with 0 leads while the leads it was meant for show no cost. A warning, not a rejection.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> UnmatchedCostLabels =>
        new SortedDictionary<string, IReadOnlyDictionary<string, long>>(_unmatched.ToDictionary(e => e.Key, e => (IReadOnlyDictionary<string, long>)e.Value), StringComparer.Ordinal);

    /// <summary>Counts one cost row whose <paramref name="field"/> label matches no lead.</summary>
    /// <param name="field">source or campaign.</param>
    /// <param name="label">The label.</param>
    public void CountUnmatched(string field, string label)
    {
        if (!_unmatched.TryGetValue(field, out var labels))
        {
            _unmatched[field] = labels = new SortedDictionary<string, long>(StringComparer.Ordinal);
        }

        labels[label] = labels.GetValueOrDefault(label) + 1;
    }

    /// <summary>Values left out of accepted rows, by reason, over every file.</summary>
    public IReadOnlyDictionary<string, long> RejectedValues
    {
        get
        {
            var all = new SortedDictionary<string, long>(StringComparer.Ordinal);
            foreach (var (reason, n) in _files.SelectMany(f => f.RejectedValues))
            {
                all[reason] = all.GetValueOrDefault(reason) + n;
            }

            return all;
        }
    }

    /// <summary>Adds the counts of the next file read.</summary>
    /// <param name="kind">The file's kind.</param>
    /// <param name="file">The file as named in messages.</param>
    /// <returns>Its counts.</returns>
    public FileQuality Add(InputKind kind, string file)
    {
        var q = new FileQuality(kind, file, Policy);
        _files.Add(q);
        return q;
    }
}

/// <summary>
/// First responses inferred from touchpoints. A lead without <c>first_response_at</c> takes its earliest outbound
/// touchpoint of a response kind (<see cref="Kinds"/>) as its first response; other outbound touchpoints (a meeting
/// days later, a form, an ad click) are not a response.
/// </summary>
public sealed class ResponseInference
{
    /// <summary>Creates the counts.</summary>
    /// <param name="kinds">The response kinds (null: <see cref="DefaultKinds"/>); kept distinct, in enum order.</param>
    public ResponseInference(IEnumerable<TouchpointKind>? kinds = null) => Kinds = kinds is null ? DefaultKinds : [.. kinds.Distinct().Order()];

    /// <summary>The default response kinds: a call, an email or a chat message.</summary>
    public static IReadOnlyList<TouchpointKind> DefaultKinds { get; } = [TouchpointKind.Call, TouchpointKind.Email, TouchpointKind.Chat];

    /// <summary>The touchpoint kinds that count as a response, in enum order.</summary>
    public IReadOnlyList<TouchpointKind> Kinds { get; }

    /// <summary>Leads without <c>first_response_at</c> whose first response was taken from a touchpoint.</summary>
    public long Inferred { get; private set; }

    /// <summary>Leads without <c>first_response_at</c> that have outbound touchpoints, none of a response kind: they stay unanswered.</summary>
    public long NotAResponse { get; private set; }

    /// <summary>Counts a lead whose first response was taken from a touchpoint.</summary>
    public void CountInferred() => Inferred++;

    /// <summary>Counts a lead left unanswered although it has outbound touchpoints.</summary>
    public void CountNotAResponse() => NotAResponse++;
}
