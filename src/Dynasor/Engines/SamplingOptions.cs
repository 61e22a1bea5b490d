namespace Dynasor.Engines;

/// <summary>Sampling parameters passed to an engine unchanged; null means the engine's default.</summary>
/// <param name="Temperature">Sampling temperature, 0 to 2.</param>
/// <param name="TopP">Nucleus sampling mass, (0, 1].</param>
/// <param name="Seed">Seed for reproducible sampling; self-consistency gives each sample its own.</param>
/// <param name="Stop">Stop sequences; generation ends before any of them.</param>
public sealed record SamplingOptions(double? Temperature = null, double? TopP = null, long? Seed = null, IReadOnlyList<string>? Stop = null)
{
    /// <summary>No parameters set: the engine's defaults.</summary>
    public static SamplingOptions Default { get; } = new();
}
