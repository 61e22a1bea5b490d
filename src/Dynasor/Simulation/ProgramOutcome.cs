namespace Dynasor.Simulation;

/// <summary>How one simulated program went.</summary>
/// <param name="Arrival">Arrival time, seconds.</param>
/// <param name="Finish">When its answer was ready, seconds.</param>
/// <param name="DifficultyFactor">1 when every recorded sample of its question is right, 3 when none is, 2 otherwise (PAPER.md).</param>
/// <param name="Correct">Whether its majority answer is right.</param>
/// <param name="Samples">Samples it drew.</param>
/// <param name="Tokens">Output tokens of those samples.</param>
/// <param name="Replica">The replica it ran on.</param>
public readonly record struct ProgramOutcome(double Arrival, double Finish, int DifficultyFactor, bool Correct, int Samples, long Tokens, int Replica)
{
    /// <summary>Seconds from arrival to answer.</summary>
    public double Latency => Finish - Arrival;
}
