using Dynasor.Engines;

namespace Dynasor.Tests.Search;

/// <summary>One step request the scripted engine served.</summary>
/// <param name="Number">0-based order in which the engine received it.</param>
/// <param name="Request">The request as sent.</param>
/// <param name="Steps">The path it continues: its assistant prefix cut into steps.</param>
internal sealed record StepCall(int Number, ContinuationRequest Request, IReadOnlyList<string> Steps)
{
    /// <summary>The request's seed (-1 when it had none).</summary>
    public long Seed => Request.Sampling.Seed ?? -1;

    /// <summary>True when the stream ended because its token was cancelled.</summary>
    public bool Cancelled { get; set; }
}
