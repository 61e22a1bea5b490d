namespace Dynasor.Scheduling;

/// <summary>Parrot-style application FIFO with gang scheduling: the earliest program's requests all go first.</summary>
internal sealed class GangPolicy : ISchedulingPolicy
{
    public string Name => "gang";

    public bool ReadsDeadlines => false;

    public SchedulingKey Key(ProgramState program, SchedulingContext context) => new(program.Arrival, 0);
}
