using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace LeadMetrics.Scoring.Json;

/// <summary>
/// Reads and writes <see cref="ScoringModel"/>s as JSON, so that a data team can edit a model in a
/// file. The format is described in docs/scoring.md. Reading validates everything and fails with a
/// <see cref="JsonException"/> whose <see cref="JsonException.Path"/> (and message) give the path of
/// the bad element, such as <c>$.groups[1].rules[0].bands[2].lessThan</c>.
/// </summary>
/// <remarks>
/// <para>Property names are matched ignoring case; unknown properties are errors (they are usually
/// typos). Comments and trailing commas are allowed. Durations are strings of a number and a unit:
/// <c>14d</c>, <c>36h</c>, <c>90m</c>, <c>12.5s</c>.</para>
/// <para>Parsing uses <see cref="JsonDocument"/> and writing <see cref="Utf8JsonWriter"/>: no reflection,
/// safe for trimming and native AOT. Writing then reading a model gives the same model.</para>
/// </remarks>
public static class ScoringModelJson
{
    /// <summary>Reads a model from JSON text.</summary>
    /// <param name="json">The JSON text.</param>
    /// <param name="predicates">The predicates of <c>predicate</c> rules by key (case-insensitive), or null when the model has none.</param>
    /// <returns>The model.</returns>
    /// <exception cref="JsonException">The JSON is malformed or describes an invalid model; the message and <see cref="JsonException.Path"/> give the path.</exception>
    public static ScoringModel Parse(string json, IReadOnlyDictionary<string, Func<Lead, bool>>? predicates = null)
    {
        Preconditions.CheckNotNull(json);
        using var document = JsonDocument.Parse(json, DocumentOptions);
        return Read(document, predicates);
    }

    /// <summary>Reads a model from UTF-8 JSON.</summary>
    /// <param name="utf8Json">The UTF-8 bytes.</param>
    /// <param name="predicates">The predicates of <c>predicate</c> rules by key, or null.</param>
    /// <returns>The model.</returns>
    /// <exception cref="JsonException">The JSON is malformed or describes an invalid model.</exception>
    public static ScoringModel Parse(ReadOnlyMemory<byte> utf8Json, IReadOnlyDictionary<string, Func<Lead, bool>>? predicates = null)
    {
        using var document = JsonDocument.Parse(utf8Json, DocumentOptions);
        return Read(document, predicates);
    }

    /// <summary>Reads a model from a UTF-8 JSON stream (such as a file).</summary>
    /// <param name="utf8Json">The stream; read to its end, not closed.</param>
    /// <param name="predicates">The predicates of <c>predicate</c> rules by key, or null.</param>
    /// <returns>The model.</returns>
    /// <exception cref="JsonException">The JSON is malformed or describes an invalid model.</exception>
    public static ScoringModel Load(Stream utf8Json, IReadOnlyDictionary<string, Func<Lead, bool>>? predicates = null)
    {
        Preconditions.CheckNotNull(utf8Json);
        using var document = JsonDocument.Parse(utf8Json, DocumentOptions);
        return Read(document, predicates);
    }

    // JsonDocument accepts a lone surrogate escape (\ud800) and only fails when the string is read, with an
    // InvalidOperationException: that is malformed input like any other, so it becomes a JsonException.
    private static ScoringModel Read(JsonDocument document, IReadOnlyDictionary<string, Func<Lead, bool>>? predicates)
    {
        try
        {
            return new ScoringModelJsonReader(predicates).ReadModel(document.RootElement);
        }
        catch (InvalidOperationException e)
        {
            throw new JsonException($"Invalid scoring model: it holds text that is not valid Unicode (a lone surrogate escape such as \\ud800): {e.Message}", e);
        }
    }

    /// <summary>
    /// Writes a model as JSON text. Non-ASCII text (a Hebrew industry name) and quotes are written as
    /// they are, not as <c>\uXXXX</c> escapes, so that the file stays readable; the text is meant for
    /// files, not for embedding in HTML.
    /// </summary>
    /// <param name="model">The model.</param>
    /// <param name="indented">True for indented, human-friendly text.</param>
    /// <returns>The JSON text.</returns>
    public static string Serialize(ScoringModel model, bool indented = true)
    {
        Preconditions.CheckNotNull(model);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            Write(writer, model);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Writes a model to a JSON writer.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="model">The model.</param>
    internal static void Write(Utf8JsonWriter writer, ScoringModel model)
    {
        Preconditions.CheckNotNull(writer);
        Preconditions.CheckNotNull(model);
        ScoringModelJsonWriter.WriteModel(writer, model);
    }

    private static JsonDocumentOptions DocumentOptions => new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };
}
