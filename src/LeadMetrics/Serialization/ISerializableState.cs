namespace LeadMetrics.Serialization;

/// <summary>
/// A calculator whose partial state can be written to bytes and read back into an empty calculator of the same
/// configuration (see <see cref="CalculatorState"/>).
/// </summary>
internal interface ISerializableState
{
    /// <summary>A canonical, culture-invariant description of everything that must be equal for two partials to merge.</summary>
    string Configuration { get; }

    /// <summary>Writes the state (not the configuration).</summary>
    void WriteState(StateWriter writer);

    /// <summary>Reads a state written by <see cref="WriteState"/> into this calculator, which is empty and of the same configuration.</summary>
    void ReadState(ref StateReader reader);
}
