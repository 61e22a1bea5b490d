using Dynasor.Certainty;

namespace Dynasor.Policies;

/// <summary>What calibration grids and sweeps need to know of a trace: the sample cap and the typical sample length.</summary>
/// <param name="Cap">Samples per question available to a policy.</param>
/// <param name="MeanTokensPerSample">Mean output tokens of one sample.</param>
public sealed record TraceShape(int Cap, double MeanTokensPerSample)
{
    /// <summary>The certaindex the program reports (entropy for self-consistency): the range <c>terminate</c>'s grid and sweep cover.</summary>
    public CertaindexMeasure Measure { get; init; } = CertaindexMeasure.Entropy;

    /// <summary>
    /// The certaindex measures the threshold families (<c>static</c>, <c>stepped</c>) search, each as the only gate of
    /// its candidates: entropy alone (the default) gives exactly the entropy grid and sweep.
    /// </summary>
    public IReadOnlyList<CertaindexMeasure> Gates { get; init; } = [CertaindexMeasure.Entropy];
}
