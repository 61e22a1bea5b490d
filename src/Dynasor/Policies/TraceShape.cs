namespace Dynasor.Policies;

/// <summary>What calibration grids and sweeps need to know of a trace: the sample cap and the typical sample length.</summary>
/// <param name="Cap">Samples per question available to a policy.</param>
/// <param name="MeanTokensPerSample">Mean output tokens of one sample.</param>
public sealed record TraceShape(int Cap, double MeanTokensPerSample);
