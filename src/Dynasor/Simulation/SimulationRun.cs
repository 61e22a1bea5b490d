namespace Dynasor.Simulation;

/// <summary>The raw result of one simulated run: every program's outcome and what the engines did.</summary>
/// <param name="Outcomes">One per program, in arrival order.</param>
/// <param name="TokensServed">Output tokens the engines decoded, all replicas.</param>
/// <param name="Makespan">Seconds from time 0 to the last program's answer.</param>
/// <param name="Iterations">Engine iterations simulated (decode spans count each iteration they cover).</param>
/// <param name="BaseDeadlineSeconds">The SC base deadline the run was set up with (each outcome carries its own kind's).</param>
public sealed record SimulationRun(IReadOnlyList<ProgramOutcome> Outcomes, long TokensServed, double Makespan, long Iterations, double BaseDeadlineSeconds);
