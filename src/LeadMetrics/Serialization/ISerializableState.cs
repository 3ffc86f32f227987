namespace LeadMetrics.Serialization;

/// <summary>
/// A calculator whose partial state can be written to bytes and read back into an empty calculator of the same
/// configuration (the format is <see cref="CalculatorState"/>'s). The public face is <c>ISerializableCalculator</c>
/// in the Calculators layer.
/// </summary>
internal interface ISerializableState
{
    /// <summary>
    /// A canonical, culture-invariant description of everything that must be equal for two partials to merge. Two
    /// configurations are compatible, for <c>Merge</c> and <c>MergeSerialized</c> alike, when these texts are equal.
    /// </summary>
    string Configuration { get; }

    /// <summary>Whether the state holds dense lead keys (so that an encoding fingerprint must cover the lead ids too).</summary>
    bool HoldsLeadKeys => false;

    /// <summary>Writes the state (not the configuration). Equal states write equal bytes.</summary>
    void WriteState(StateWriter writer);

    /// <summary>Reads a state written by <see cref="WriteState"/> into this calculator, which is empty and of the same configuration.</summary>
    void ReadState(ref StateReader reader);
}
