namespace Dynasor.Simulation;

/// <summary>One kind of program in a workload and its weight: arrivals are of this kind with probability weight / total.</summary>
/// <param name="Kind">The program kind.</param>
/// <param name="Weight">Relative weight, &gt; 0.</param>
public sealed record ProgramShare(ProgramKind Kind, double Weight);
