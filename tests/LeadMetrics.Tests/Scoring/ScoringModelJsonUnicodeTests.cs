using System.Text.Json;
using LeadMetrics.Scoring.Json;

namespace LeadMetrics.Tests.Scoring;

public sealed class ScoringModelJsonUnicodeTests
{
    [Fact]
    public void A_lone_surrogate_escape_is_a_json_error_not_an_invalid_operation()
    {
        var json = File.ReadAllText(RepositoryFiles.SampleModelPath).Replace("\"name\": \"", "\"name\": \"\\ud800", StringComparison.Ordinal);
        var e = Assert.Throws<JsonException>(() => ScoringModelJson.Parse(json));
        Assert.Contains("not valid Unicode", e.Message, StringComparison.Ordinal);
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json));
        Assert.Throws<JsonException>(() => ScoringModelJson.Load(stream));
    }
}
