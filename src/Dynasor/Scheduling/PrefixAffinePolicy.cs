namespace Dynasor.Scheduling;

/// <summary>
/// Prefix-affine (approximates SGLang's longest-prefix-match): requests whose program prompt is in the prefix cache
/// go first, so a program's requests run together while its prompt is cached; otherwise first come, first served.
/// </summary>
internal sealed class PrefixAffinePolicy : ISchedulingPolicy
{
    public string Name => "prefix";

    public bool ReadsDeadlines => false;

    public SchedulingKey Key(ProgramState program, SchedulingContext context) =>
        new(program.PromptCached ? 0 : 1, program.OldestWaitingSince);
}
