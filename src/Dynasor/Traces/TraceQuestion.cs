namespace Dynasor.Traces;

/// <summary>One question of a trace with its samples in generation order.</summary>
/// <param name="Id">Unique within its trace file.</param>
/// <param name="Dataset">The dataset the question comes from, when the trace says.</param>
/// <param name="Model">The model that produced the samples, when the trace says.</param>
/// <param name="Target">The gold answer as the dataset writes it, or null when unknown.</param>
/// <param name="Samples">The samples in generation order.</param>
public sealed record TraceQuestion(
    string Id,
    string? Dataset,
    string? Model,
    string? Target,
    IReadOnlyList<TraceSample> Samples)
{
    /// <summary>The question's text (JSON <c>question</c>), when the trace keeps it; recorded traffic keeps it only on the operator's opt-in.</summary>
    public string? Question { get; init; }
}
