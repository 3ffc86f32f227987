namespace LeadMetrics.Grouping;

/// <summary>The result of one group.</summary>
/// <typeparam name="TResult">The KPI result type.</typeparam>
/// <param name="Key">The group's key.</param>
/// <param name="Result">The group's result.</param>
public sealed record GroupResult<TResult>(GroupKey Key, TResult Result);
