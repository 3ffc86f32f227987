using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using LeadMetrics.Scoring;
using LeadMetrics.Scoring.Json;
using NodaTime;

namespace LeadMetrics.Native;

/// <summary>
/// lm_score: scores leads given as JSON columns with the library's <see cref="LeadScorer"/> and a JSON scoring model
/// (<see cref="ScoringModelJson"/>), each lead as of its creation unless <c>as_of</c> (ns) is given, without touchpoints.
/// Input: <c>{"created_at": [ns...], "source": [...], "campaign": [...], "owner": [...], "attributes": {"name": [number|bool|string|null, ...]}, "as_of": ns|null}</c>.
/// Output: <c>{"score": [...], "fit": [...], "engagement": [...], "grade": [...], "routing": [...]}</c> (points as exact decimals).
/// </summary>
internal static class Scoring
{
    public static byte[] Score(string modelJson, string leadsJson)
    {
        var model = ScoringModelJson.Parse(modelJson);
        using var doc = JsonDocument.Parse(leadsJson);
        var root = doc.RootElement;
        var created = root.GetProperty("created_at");
        var n = created.GetArrayLength();
        Instant? asOf = root.TryGetProperty("as_of", out var a) && a.ValueKind == JsonValueKind.Number ? Instant.FromUnixTimeTicks(a.GetInt64() / 100) : null;
        var attributes = root.TryGetProperty("attributes", out var at) && at.ValueKind == JsonValueKind.Object
            ? at.EnumerateObject().Select(p => (p.Name, Values: p.Value.EnumerateArray().ToList())).ToList()
            : [];
        foreach (var (name, values) in attributes)
        {
            if (values.Count != n)
            {
                throw new ArgumentException($"attributes: column '{name}' has {values.Count} values for {n} leads.");
            }
        }

        var sources = Labels(root, "source", n);
        var campaigns = Labels(root, "campaign", n);
        var owners = Labels(root, "owner", n);
        var scorer = new LeadScorer(model, SystemClock.Instance);
        var scores = new List<LeadScore>(n);
        var row = 0;
        foreach (var c in created.EnumerateArray())
        {
            if (c.ValueKind != JsonValueKind.Number)
            {
                throw new ArgumentException($"leads: column 'created_at', row {row}: value '{c}' rejected: created_at is required.");
            }

            var instant = Instant.FromUnixTimeTicks(Math.DivRem(c.GetInt64(), 100, out var rem) - (rem < 0 ? 1 : 0));
            var attrs = new List<KeyValuePair<string, AttributeValue>>();
            foreach (var (name, values) in attributes)
            {
                var v = values[row];
                var value = v.ValueKind switch
                {
                    JsonValueKind.Number => AttributeValue.FromNumber(v.GetDecimal()),
                    JsonValueKind.True => AttributeValue.FromBoolean(true),
                    JsonValueKind.False => AttributeValue.FromBoolean(false),
                    JsonValueKind.String when v.GetString() is { Length: > 0 } s => AttributeValue.FromText(s),
                    _ => AttributeValue.Missing,
                };
                if (value.Kind != AttributeKind.Missing)
                {
                    attrs.Add(new(name, value));
                }
            }

            var lead = new Lead(new LeadId("row" + row.ToString(CultureInfo.InvariantCulture)), instant, sources[row], campaigns[row], owners[row], attrs);
            scores.Add(scorer.Score(lead, [], asOf ?? instant));
            row++;
        }

        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("model", model.Name);
            w.WriteStartArray("score");
            scores.ForEach(s => w.WriteNumberValue(s.Total));
            w.WriteEndArray();
            w.WriteStartArray("fit");
            scores.ForEach(s => w.WriteNumberValue(s.Fit));
            w.WriteEndArray();
            w.WriteStartArray("engagement");
            scores.ForEach(s => w.WriteNumberValue(s.Engagement));
            w.WriteEndArray();
            w.WriteStartArray("grade");
            scores.ForEach(s => w.WriteStringValue(s.Grade.Name));
            w.WriteEndArray();
            w.WriteStartArray("routing");
            scores.ForEach(s => w.WriteStringValue(s.Routing.ToString()));
            w.WriteEndArray();
            w.WriteEndObject();
        }

        return ms.ToArray();
    }

    private static string?[] Labels(JsonElement root, string name, int n)
    {
        var result = new string?[n];
        if (root.TryGetProperty(name, out var column) && column.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var v in column.EnumerateArray())
            {
                if (i < n)
                {
                    result[i++] = v.ValueKind == JsonValueKind.String ? v.GetString() : null;
                }
            }
        }

        return result;
    }
}
