using System.Text.Json;

namespace LeadMetrics.Scoring.Json;

/// <summary>Writes the JSON form of a model (see docs/scoring.md).</summary>
internal static class ScoringModelJsonWriter
{
    internal static void WriteModel(Utf8JsonWriter writer, ScoringModel model)
    {
        writer.WriteStartObject();
        writer.WriteString("name", model.Name);
        writer.WriteStartArray("groups");
        foreach (var group in model.Groups)
        {
            WriteGroup(writer, group);
        }

        writer.WriteEndArray();
        WriteBounds(writer, "fit", model.FitBounds);
        WriteBounds(writer, "engagement", model.EngagementBounds);
        WriteBounds(writer, "total", model.TotalBounds);
        writer.WriteStartArray("grades");
        foreach (var grade in model.Grades.Grades)
        {
            writer.WriteStartObject();
            writer.WriteString("name", grade.Name);
            if (grade.MinimumScore is { } min)
            {
                writer.WriteNumber("minimum", min);
            }

            writer.WriteString("routing", JsonNames.EnumName(grade.Routing));
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        if (model.Grid is { } grid)
        {
            WriteGrid(writer, grid);
        }

        writer.WriteEndObject();
    }

    private static void WriteGroup(Utf8JsonWriter writer, RuleGroup group)
    {
        writer.WriteStartObject();
        writer.WriteString("name", group.Name);
        writer.WriteString("dimension", JsonNames.EnumName(group.Dimension));
        WriteBoundsProperties(writer, group.Bounds);
        writer.WriteStartArray("rules");
        foreach (var rule in group.Rules)
        {
            WriteRule(writer, rule);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteRule(Utf8JsonWriter writer, ScoringRule rule)
    {
        writer.WriteStartObject();
        writer.WriteString("name", rule.Name);
        switch (rule)
        {
            case ValueInSetRule set:
                writer.WriteString("type", JsonNames.OneOf);
                writer.WriteString("attribute", set.Attribute);
                writer.WriteStartArray("values");
                foreach (var value in set.Values)
                {
                    WriteValue(writer, value);
                }

                writer.WriteEndArray();
                writer.WriteNumber("points", set.Points);
                break;
            case NumericBandsRule bands:
                writer.WriteString("type", JsonNames.Bands);
                writer.WriteString("attribute", bands.Attribute);
                if (bands.Currency is { } currency)
                {
                    writer.WriteString("currency", currency.Code);
                }

                writer.WriteStartArray("bands");
                foreach (var band in bands.Bands)
                {
                    writer.WriteStartObject();
                    if (band.AtLeast is { } low)
                    {
                        writer.WriteNumber("atLeast", low);
                    }

                    if (band.LessThan is { } high)
                    {
                        writer.WriteNumber("lessThan", high);
                    }

                    writer.WriteNumber("points", band.Points);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                break;
            case BooleanRule boolean:
                writer.WriteString("type", JsonNames.Boolean);
                writer.WriteString("attribute", boolean.Attribute);
                writer.WriteBoolean("value", boolean.Expected);
                writer.WriteNumber("points", boolean.Points);
                break;
            case PresenceRule presence:
                writer.WriteString("type", presence.Presence == AttributePresence.Present ? JsonNames.Present : JsonNames.Missing);
                writer.WriteString("attribute", presence.Attribute);
                writer.WriteNumber("points", presence.Points);
                break;
            case PredicateRule predicate:
                writer.WriteString("type", JsonNames.Predicate);
                writer.WriteString("predicate", predicate.PredicateKey);
                writer.WriteNumber("points", predicate.Points);
                break;
            case EngagementRule engagement:
                writer.WriteString("type", JsonNames.Touchpoints);
                if (!engagement.Kinds.IsEmpty)
                {
                    writer.WriteStartArray("kinds");
                    foreach (var kind in engagement.Kinds)
                    {
                        writer.WriteStringValue(JsonNames.EnumName(kind));
                    }

                    writer.WriteEndArray();
                }

                writer.WriteString("direction", engagement.Direction is { } direction ? JsonNames.EnumName(direction) : JsonNames.AnyDirection);
                writer.WriteNumber("points", engagement.PointsPerTouchpoint);
                if (engagement.Decay.HalfLife is { } halfLife)
                {
                    writer.WriteString("halfLife", JsonNames.FormatDuration(halfLife));
                }

                if (engagement.Decay.Window is { } window)
                {
                    writer.WriteString("window", JsonNames.FormatDuration(window));
                }

                break;
            default:
                throw new InvalidOperationException($"Rule '{rule.Name}' is of type {rule.GetType().Name}, which has no JSON form.");
        }

        writer.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter writer, AttributeValue value)
    {
        switch (value.Kind)
        {
            case AttributeKind.Text:
                writer.WriteStringValue(value.Text);
                break;
            case AttributeKind.Number:
                writer.WriteNumberValue(value.Number);
                break;
            case AttributeKind.Boolean:
                writer.WriteBooleanValue(value.Boolean);
                break;
            case AttributeKind.Money:
                writer.WriteStartObject();
                writer.WriteNumber("amount", value.Money.Amount);
                writer.WriteString("currency", value.Money.Currency.Code);
                writer.WriteEndObject();
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }

    private static void WriteGrid(Utf8JsonWriter writer, GradeGrid grid)
    {
        writer.WriteStartObject("grid");
        WriteLevels(writer, "fit", grid.FitLevels);
        WriteLevels(writer, "engagement", grid.EngagementLevels);
        WriteCells(writer, "sendToSales", grid, LeadRouting.SendToSales);
        WriteCells(writer, "disqualify", grid, LeadRouting.Disqualify);
        writer.WriteEndObject();

        static void WriteLevels(Utf8JsonWriter writer, string name, System.Collections.Immutable.ImmutableArray<GridLevel> levels)
        {
            writer.WriteStartArray(name);
            foreach (var level in levels)
            {
                writer.WriteStartObject();
                writer.WriteString("label", level.Label);
                if (level.MinimumScore is { } min)
                {
                    writer.WriteNumber("minimum", min);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        static void WriteCells(Utf8JsonWriter writer, string name, GradeGrid grid, LeadRouting routing)
        {
            writer.WriteStartArray(name);
            foreach (var cell in grid.Cells)
            {
                if (cell.Routing == routing)
                {
                    writer.WriteStringValue(cell.Label);
                }
            }

            writer.WriteEndArray();
        }
    }

    private static void WriteBounds(Utf8JsonWriter writer, string name, ScoreBounds bounds)
    {
        if (bounds.IsUnbounded)
        {
            return;
        }

        writer.WriteStartObject(name);
        WriteBoundsProperties(writer, bounds);
        writer.WriteEndObject();
    }

    private static void WriteBoundsProperties(Utf8JsonWriter writer, ScoreBounds bounds)
    {
        if (bounds.Minimum is { } min)
        {
            writer.WriteNumber("minimum", min);
        }

        if (bounds.Maximum is { } max)
        {
            writer.WriteNumber("maximum", max);
        }
    }
}
