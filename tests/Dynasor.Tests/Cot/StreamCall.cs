using Dynasor.Engines;

namespace Dynasor.Tests.Cot;

/// <summary>One stream the fake engine served.</summary>
internal sealed record StreamCall(int Number, bool IsProbe, int ChainPosition, int MaxTokens, SamplingOptions Sampling)
{
    /// <summary>True when the stream ended because its token was cancelled.</summary>
    public bool Cancelled { get; set; }
}
