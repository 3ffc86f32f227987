using System.Buffers.Binary;
using System.Security.Cryptography;
using LeadMetrics.Encoding;
using LeadMetrics.Serialization;

namespace LeadMetrics.Calculators;

/// <summary>The steps every <see cref="ISerializableCalculator"/> shares (the format is <see cref="CalculatorState"/>'s).</summary>
internal static class StateMerge
{
    /// <summary>Serializes a calculator with the fingerprint and labels of <paramref name="encoding"/> (neither without one).</summary>
    internal static byte[] Serialize(ISerializableState calculator, LeadEncoding? encoding)
    {
        _ = calculator.Configuration; // a calculator that cannot be serialized says so before the fingerprint is computed
        return encoding is null
            ? CalculatorState.Serialize(calculator, 0)
            : CalculatorState.Serialize(calculator, Fingerprint(encoding, calculator.HoldsLeadKeys), LabelsOf(encoding, calculator.HoldsLeadKeys));
    }

    /// <summary>The generic form of <see cref="MergeSerialized{TCalculator}"/> for lead calculators.</summary>
    internal static void MergeSerialized<TCalculator, TResult>(TCalculator receiver, ReadOnlySpan<byte> state, LeadEncoding? encoding)
        where TCalculator : ILeadCalculator<TCalculator, TResult>, ISerializableState =>
        MergeSerialized(receiver, state, encoding, static r => r.CreateEmpty(), static (into, other) => into.Merge(other));

    /// <summary>
    /// Merges serialized state into <paramref name="receiver"/>: reads it into a new empty calculator of the receiver's
    /// configuration, merges the receiver and it into a second empty one first (so that a merge that would overflow or
    /// repeat a lead fails before the receiver changes), then merges it into the receiver. With an encoding, state of
    /// another encoding that carries its labels (format version 4) has its ids remapped by label first.
    /// </summary>
    /// <remarks>
    /// With a <paramref name="fold"/> (the internal <c>MergeSerialized(state, encoding, fold)</c> of the grouped
    /// calculators, for the report's "(other: N values)" group over partitions) the ids of the fold's dimension are read
    /// as the ids of their target labels, always by label: the groups of labels with one target merge into one group by
    /// the calculators' own <c>Merge</c>. Without one, two labels of the state never become one group (refused).
    /// </remarks>
    internal static void MergeSerialized<TCalculator>(
        TCalculator receiver, ReadOnlySpan<byte> state, LeadEncoding? encoding, Func<TCalculator, TCalculator> createEmpty, Action<TCalculator, TCalculator> merge, LabelFold? fold = null)
        where TCalculator : ISerializableState
    {
        if (encoding is null)
        {
            if (fold is not null)
            {
                throw new ArgumentNullException(nameof(encoding), "A fold merges by label: give the receiver's encoding.");
            }

            CalculatorState.MergeInto(receiver, state, static _ => 0UL, createEmpty, merge);
            return;
        }

        // Labels the state has and the encoding lacks get the encoding's next ids while the state is read; they are
        // added to the encoding (with those ids) only once the merge is done, so that a refused merge changes nothing.
        var added = new List<(DimensionEncoder? Encoder, string Dimension, string Label, int Id)>();
        CalculatorState.MergeInto(
            receiver,
            state,
            part => Fingerprint(encoding, part.HoldsLeadKeys),
            labels => Remap(labels, encoding, added, fold),
            createEmpty,
            merge,
            () => AddLabels(encoding, added),
            remapAlways: fold is not null);
    }

    /// <summary>
    /// The labels of every dimension of <paramref name="encoding"/> in id order (sources, campaigns, owners, channels,
    /// the attributes by name), and the lead ids when <paramref name="withLeads"/> and the encoding has any (a reader
    /// that numbers lead keys itself leaves <see cref="LeadEncoding.Leads"/> empty: the keys then travel as they are).
    /// </summary>
    internal static StateLabels LabelsOf(LeadEncoding encoding, bool withLeads)
    {
        var dimensions = new List<(string, string[])>
        {
            (StateLabels.Sources, LabelsOf(encoding.Sources)),
            (StateLabels.Campaigns, LabelsOf(encoding.Campaigns)),
            (StateLabels.Owners, LabelsOf(encoding.Owners)),
            (StateLabels.Channels, LabelsOf(encoding.Channels)),
        };
        foreach (var name in encoding.AttributeNames.Order(StringComparer.OrdinalIgnoreCase))
        {
            dimensions.Add((StateLabels.AttributePrefix + name, LabelsOf(encoding.Attribute(name))));
        }

        if (withLeads && encoding.Leads.Count > 1)
        {
            dimensions.Add((StateLabels.Leads, LabelsOf(encoding.Leads)));
        }

        return new StateLabels(dimensions);
    }

    private static string[] LabelsOf(DimensionEncoder encoder)
    {
        var labels = new string[encoder.Count - 1];
        for (var id = 1; id < encoder.Count; id++)
        {
            labels[id - 1] = encoder.Decode(id);
        }

        return labels;
    }

    /// <summary>
    /// The receiver's id of every id of the state, by label: a label the encoding has keeps the encoding's id; one it
    /// lacks gets the encoding's next free id (recorded in <paramref name="added"/>, added to the encoding once the
    /// merge is done). Two labels of the state that are one label in the encoding (its comparer folds them) are refused.
    /// With a <paramref name="fold"/>, the labels of its dimension (and its missing value, when the fold names it) are
    /// read as their targets: labels of one target share its id, the only many-to-one map allowed.
    /// </summary>
    private static IdMap Remap(StateLabels labels, LeadEncoding encoding, List<(DimensionEncoder? Encoder, string Dimension, string Label, int Id)> added, LabelFold? fold = null)
    {
        added.Clear();
        var maps = new Dictionary<string, int[]>(StringComparer.Ordinal);
        var folded = false;
        foreach (var (dimension, names) in labels.Dimensions)
        {
            var folds = fold is not null && fold.Folds(dimension);
            folded |= folds;
            var encoder = EncoderOf(encoding, dimension);
            var map = new int[names.Length + 1];
            var next = encoder?.Count ?? 1;
            // An attribute the receiver lacks gets an encoder with the encoding's comparer: compare its labels the same way
            // now, so that two labels it would fold are refused here, not found to collide once the merge is done.
            var fresh = new Dictionary<string, int>(encoder?.Comparer ?? encoding.Comparer);
            var taken = new Dictionary<int, string>();
            int IdOf(string label)
            {
                if (encoder is not null && encoder.TryGetId(label, out var known))
                {
                    return known;
                }

                if (fresh.TryGetValue(label, out var again))
                {
                    return again;
                }

                fresh.Add(label, next);
                added.Add((encoder, dimension, label, next));
                return next++;
            }

            if (folds && fold!.NoneTarget is { } none)
            {
                map[0] = IdOf(none);
                taken.Add(map[0], none);
            }

            for (var id = 1; id <= names.Length; id++)
            {
                var label = names[id - 1].Trim(); // as an encoder keeps it (labels written by an encoder are trimmed already)
                if (folds)
                {
                    label = fold!.Target(label);
                }

                map[id] = IdOf(label);
                if (!taken.TryAdd(map[id], label) && !(folds && string.Equals(taken[map[id]], label, StringComparison.Ordinal)))
                {
                    throw Refused(
                        $"state cannot be merged by label: its {dimension} labels \"{taken[map[id]]}\" and \"{label}\" are one label in this encoding (its comparer folds them), so their groups cannot be told apart here.");
                }
            }

            maps.Add(dimension, map);
        }

        if (fold is not null && !folded)
        {
            throw Refused($"state cannot be folded: it carries no {fold.Dimension} labels, the dimension the fold relabels.");
        }

        return new IdMap(maps, folds: fold is not null);
    }

    // The receiver's encoder of a dimension of the state; null for an attribute the encoding does not have yet.
    private static DimensionEncoder? EncoderOf(LeadEncoding encoding, string dimension) => dimension switch
    {
        StateLabels.Sources => encoding.Sources,
        StateLabels.Campaigns => encoding.Campaigns,
        StateLabels.Owners => encoding.Owners,
        StateLabels.Channels => encoding.Channels,
        StateLabels.Leads => encoding.Leads,
        _ when dimension.StartsWith(StateLabels.AttributePrefix, StringComparison.Ordinal) =>
            encoding.AttributeNames.Contains(dimension[StateLabels.AttributePrefix.Length..], StringComparer.OrdinalIgnoreCase)
                ? encoding.Attribute(dimension[StateLabels.AttributePrefix.Length..])
                : null,
        _ => throw Refused($"state carries labels of an unknown dimension \"{dimension}\"."),
    };

    // A refusal of the bytes, which are the public method's argument "state".
    private static ArgumentException Refused(string message, string paramName = "state") => new(message, paramName);

    // Adds the labels a merged state brought to the encoding, with the ids its ids were remapped to.
    private static void AddLabels(LeadEncoding encoding, List<(DimensionEncoder? Encoder, string Dimension, string Label, int Id)> added)
    {
        foreach (var (known, dimension, label, id) in added)
        {
            var encoder = known ?? encoding.Attribute(dimension[StateLabels.AttributePrefix.Length..]);
            var given = encoder.Encode(label);
            if (given != id)
            {
                throw new InvalidOperationException(
                    $"The encoding changed while state was merged into it: {dimension} label \"{label}\" got id {given}, not {id}. Encode on one thread (see DimensionEncoder).");
            }
        }
    }

    /// <summary>
    /// The encoding fingerprint: the first 8 bytes of SHA-256 over every dimension's name and labels in id order
    /// (sources, campaigns, owners, channels, then the attributes by name), and over the lead ids when
    /// <paramref name="withLeads"/>; never 0 (0 means "none" in the preamble).
    /// </summary>
    internal static ulong Fingerprint(LeadEncoding encoding, bool withLeads)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var length = new byte[4];
        void Add(string text)
        {
            var bytes = System.Text.Encoding.UTF8.GetBytes(text);
            BinaryPrimitives.WriteInt32LittleEndian(length, bytes.Length);
            hash.AppendData(length);
            hash.AppendData(bytes);
        }

        void AddEncoder(DimensionEncoder encoder)
        {
            Add(encoder.Name.ToUpperInvariant());
            Add(encoder.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
            for (var id = 0; id < encoder.Count; id++)
            {
                Add(encoder.Decode(id));
            }
        }

        AddEncoder(encoding.Sources);
        AddEncoder(encoding.Campaigns);
        AddEncoder(encoding.Owners);
        AddEncoder(encoding.Channels);
        foreach (var name in encoding.AttributeNames.Order(StringComparer.OrdinalIgnoreCase))
        {
            AddEncoder(encoding.Attribute(name));
        }

        if (withLeads)
        {
            AddEncoder(encoding.Leads);
        }

        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        hash.GetHashAndReset(digest);
        var fingerprint = BinaryPrimitives.ReadUInt64LittleEndian(digest);
        return fingerprint == 0 ? 1 : fingerprint;
    }
}
