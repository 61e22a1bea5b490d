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
/// </summary>
internal sealed class DynasorPolicy(double agingSamplesPerMinute) : ISchedulingPolicy
{
    public const double DefaultAging = 0.5;

    public string Name => agingSamplesPerMinute == DefaultAging
        ? "dynasor"
        : "dynasor:aging=" + agingSamplesPerMinute.ToString(CultureInfo.InvariantCulture);

    public SchedulingKey Key(ProgramState program, SchedulingContext context)
    {
        var agingTokensPerSecond = agingSamplesPerMinute / 60 * context.MeanTokensPerSample;
        return new(context.Remaining.PredictTokens(program, context.MeanTokensPerSample) + agingTokensPerSecond * program.Arrival, program.Arrival);
    }
}
