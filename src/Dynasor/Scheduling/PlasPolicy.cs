namespace Dynasor.Scheduling;

/// <summary>
/// Autellix's program-level attained service (PLAS): the program that has been served the fewest output tokens goes
/// first (least-attained-service across programs, no length prediction); ties by arrival.
/// </summary>
internal sealed class PlasPolicy : ISchedulingPolicy
{
    public string Name => "plas";

    public bool ReadsDeadlines => false;

    public SchedulingKey Key(ProgramState program, SchedulingContext context) => new(program.AttainedTokens, program.Arrival);
}
