namespace Dynasor.Traces;

/// <summary>One question of a trace with its samples in generation order.</summary>
/// <param name="Id">Unique within its trace file.</param>
/// <param name="Target">The gold answer as the dataset writes it, or null when unknown.</param>
public sealed record TraceQuestion(
    string Id,
    string? Dataset,
    string? Model,
    string? Target,
    IReadOnlyList<TraceSample> Samples);
