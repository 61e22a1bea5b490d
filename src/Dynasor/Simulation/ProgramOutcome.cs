namespace Dynasor.Simulation;

/// <summary>How one simulated program went.</summary>
/// <param name="Arrival">Arrival time, seconds.</param>
/// <param name="Finish">When its answer was ready, seconds.</param>
/// <param name="DifficultyFactor">
/// 1 for a question that is always solved, 3 for one that never is, 2 otherwise (PAPER.md): for SC from the trace's
/// grading of every recorded sample, for Rebase and MCTS from the simulated question's zone (easy, scaling, impossible).
/// </param>
/// <param name="Correct">Whether its answer (under its kind's rule) is right.</param>
/// <param name="Samples">Knob units it spent: SC samples, Rebase solutions, MCTS iterations.</param>
/// <param name="Tokens">Output tokens of every request it made (a tree's inner steps included).</param>
/// <param name="Replica">The replica it ran on.</param>
public readonly record struct ProgramOutcome(double Arrival, double Finish, int DifficultyFactor, bool Correct, int Samples, long Tokens, int Replica)
{
    /// <summary>Seconds from arrival to answer.</summary>
    public double Latency => Finish - Arrival;

    /// <summary>The program's kind.</summary>
    public ProgramKind Kind { get; init; }

    /// <summary>Its kind's base deadline in seconds (0: judge by the run's <see cref="SimulationRun.BaseDeadlineSeconds"/>).</summary>
    public double BaseDeadlineSeconds { get; init; }

    /// <summary>LLM requests it made: samples for SC, step requests for Rebase and MCTS.</summary>
    public int Requests { get; init; }

    /// <summary>Its answer's equivalence key, or null when it has none.</summary>
    public string? AnswerKey { get; init; }
}
