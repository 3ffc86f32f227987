using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using LeadMetrics.Data.Reports;
using LeadMetrics.Records;
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
        var leads = new List<Lead>(n);
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
            leads.Add(lead);
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
            if (root.TryGetProperty("quality", out var q) && q.ValueKind == JsonValueKind.True)
            {
                // Revision 4: whether the day-one score predicts the outcome, by the command's report code (its
                // ScoreEngine scores each lead as of its creation; ScoreQualityModel writes score_quality).
                var outcomes = Outcomes(root, n);
                var records = new LeadRecord[n];
                for (var i = 0; i < n; i++)
                {
                    records[i] = new LeadRecord(i + 1, leads[i].CreatedAt, outcome: outcomes[i].Outcome, closedAt: outcomes[i].At);
                }

                ScoreQualityModel.WriteJson(w, new ScoreEngine(model, leads, []).Quality(records));
            }
            w.WriteEndObject();
        }

        return ms.ToArray();
    }

    /// <summary>The outcome of each lead from the optional <c>won_at</c> / <c>lost_at</c> columns (ns; null = empty): won, lost or open.</summary>
    private static (LeadOutcome Outcome, Instant? At)[] Outcomes(JsonElement root, int n)
    {
        var result = new (LeadOutcome, Instant?)[n];
        foreach (var (name, outcome) in new[] { ("lost_at", LeadOutcome.Lost), ("won_at", LeadOutcome.Won) })
        {
            if (!root.TryGetProperty(name, out var column) || column.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            if (column.GetArrayLength() != n)
            {
                throw new ArgumentException($"leads: column '{name}' has {column.GetArrayLength()} values for {n} leads.");
            }

            var i = 0;
            foreach (var v in column.EnumerateArray())
            {
                if (v.ValueKind == JsonValueKind.Number)
                {
                    if (result[i].Item1 != LeadOutcome.Open)
                    {
                        throw new ArgumentException($"leads: column 'won_at', row {i}: value '{v}' rejected: a lead cannot be both won and lost.");
                    }

                    result[i] = (outcome, Instant.FromUnixTimeTicks(Math.DivRem(v.GetInt64(), 100, out var rem) - (rem < 0 ? 1 : 0)));
                }

                i++;
            }
        }

        return result;
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
