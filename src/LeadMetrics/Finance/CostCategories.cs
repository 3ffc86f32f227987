namespace LeadMetrics.Finance;

/// <summary>A set of <see cref="CostCategory"/> values: which costs a KPI counts.</summary>
[Flags]
public enum CostCategories
{
    /// <summary>No category.</summary>
    None = 0,

    /// <summary><see cref="CostCategory.Media"/>: advertising and media spend.</summary>
    Media = 1,

    /// <summary><see cref="CostCategory.TeamTime"/>: the sales and marketing team's working time.</summary>
    TeamTime = 2,

    /// <summary><see cref="CostCategory.Tooling"/>: software and tools.</summary>
    Tooling = 4,

    /// <summary><see cref="CostCategory.Other"/>: anything else.</summary>
    Other = 8,

    /// <summary>Every category.</summary>
    All = Media | TeamTime | Tooling | Other,
}
