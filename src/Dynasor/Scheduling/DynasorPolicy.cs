using System.Globalization;

namespace Dynasor.Scheduling;

/// <summary>
/// Dynasor's scheduler: gang (one key per program) + approximate shortest-job-first on the work the certaindex
/// allocation predicts is left (<see cref="RemainingWorkModel"/>: remaining samples, learned from what the
/// allocation did from the same samples and certaindex, x the program's mean tokens per sample), + aging: every
/// minute a program has existed forgives <paramref name="agingSamplesPerMinute"/> mean-length samples of its
/// predicted work, so a long program eventually overtakes any stream of short ones. Aging counts from arrival,
/// which keeps keys comparable over time: work − rate·(now − arrival) orders like work + rate·arrival. Aging is
/// measured in samples, not tokens, so one setting fits short and long reasoning chains alike.
/// A program past its deadline waits behind every program that can still meet its own (in the same order among
/// the late): serving it first cannot make it punctual, but can make a punctual program late. The key of a
/// punctual program expires at its deadline, so a program that misses it while waiting drops back too.
/// </summary>
internal sealed class DynasorPolicy(double agingSamplesPerMinute) : ISchedulingPolicy
{
    public const double DefaultAging = 0.5;

    public string Name => agingSamplesPerMinute == DefaultAging
        ? "dynasor"
        : "dynasor:aging=" + agingSamplesPerMinute.ToString(CultureInfo.InvariantCulture);

    public bool ReadsDeadlines => true;

    public SchedulingKey Key(ProgramState program, SchedulingContext context)
    {
        var agingTokensPerSecond = agingSamplesPerMinute / 60 * context.MeanTokensPerSample;
        var key = new SchedulingKey(context.Remaining.PredictTokens(program, context.MeanTokensPerSample) + agingTokensPerSecond * program.Arrival, program.Arrival);
        if (program.Deadline is not { } deadline)
            return key;
        return context.Now >= deadline ? key with { Late = true } : key with { Expires = deadline };
    }
}
