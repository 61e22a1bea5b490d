namespace Dynasor.Scheduling;

/// <summary>First come, first served per request: what engines do by default; programs' requests interleave.</summary>
internal sealed class FcfsPolicy : ISchedulingPolicy
{
    public string Name => "fcfs";

    public bool ReadsDeadlines => false;

    public SchedulingKey Key(ProgramState program, SchedulingContext context) => new(program.OldestWaitingSince, program.Arrival);
}
