using System.Globalization;
using System.Text;
using LeadMetrics.Serialization;

namespace LeadMetrics.Scoring.Quality;

/// <summary>
/// The serialized form of the quality accumulators: the format of every LeadMetrics calculator (see
/// <see cref="CalculatorState"/>), with no encoding fingerprint: their state holds scores, outcomes and the caller's
/// own group ids, no ids of a <c>LeadEncoding</c>.
/// </summary>
internal static class QualityState
{
    internal static byte[] Serialize(ISerializableState accumulator) => CalculatorState.Serialize(accumulator, 0);

    internal static void MergeSerialized<T>(T receiver, ReadOnlySpan<byte> state, Func<T, T> createEmpty, Action<T, T> merge)
        where T : ISerializableState =>
        CalculatorState.MergeInto(receiver, state, static _ => 0UL, createEmpty, merge);

    /// <summary>A decimal without trailing zeros (40, 40.0 and 40.00 are one value, so one text and one byte form).</summary>
    internal static decimal Normal(decimal value) => value / 1.0000000000000000000000000000m;

    internal static string Text(decimal value) => Normal(value).ToString(CultureInfo.InvariantCulture);

    /// <summary>The bands as canonical text.</summary>
    internal static string Text(ScoreBands bands) => "bands=" + string.Join(",", bands.Edges.Select(Text));

    /// <summary>The grade scale as canonical text: each grade's name, minimum and routing, by rank.</summary>
    internal static string Text(GradeScale grades)
    {
        var text = new StringBuilder("grades=");
        foreach (var grade in grades.Grades)
        {
            text.Append(grade.Name).Append(':').Append(grade.MinimumScore is { } min ? Text(min) : "-").Append(':').Append(grade.Routing.ToString()).Append(',');
        }

        return text.ToString();
    }

    /// <summary>The sum of counters, checked for overflow (bad state that overflows is refused by the reader).</summary>
    internal static long Sum(ReadOnlySpan<long> counts)
    {
        long sum = 0;
        foreach (var count in counts)
        {
            sum = checked(sum + count);
        }

        return sum;
    }
}
