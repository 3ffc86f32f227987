namespace LeadMetrics;

/// <summary>The type of an ICP attribute value.</summary>
public enum AttributeKind
{
    /// <summary>No value (the attribute is missing for this lead).</summary>
    Missing = 0,

    /// <summary>Text, such as an industry or a role.</summary>
    Text = 1,

    /// <summary>A number, such as company size.</summary>
    Number = 2,

    /// <summary>True or false, such as "has budget".</summary>
    Boolean = 3,

    /// <summary>An amount of money, such as a declared budget.</summary>
    Money = 4,
}
