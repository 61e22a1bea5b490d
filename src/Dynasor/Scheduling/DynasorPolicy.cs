using System.Globalization;

namespace Dynasor.Scheduling;

/// <summary>
/// Dynasor's scheduler: gang (one key per program) + approximate shortest-job-first on the work the certaindex
/// allocation predicts is left (<see cref="ProgramState.PredictedRemainingTokens"/>), + aging: every second a
/// program has existed is worth <paramref name="agingTokensPerSecond"/> tokens of predicted work, so a long program
/// eventually overtakes any stream of short ones. Aging counts from arrival, which keeps keys comparable over time:
/// work − rate·(now − arrival) orders like work + rate·arrival.
/// </summary>
internal sealed class DynasorPolicy(double agingTokensPerSecond) : ISchedulingPolicy
{
    public const double DefaultAging = 100;

    public string Name => agingTokensPerSecond == DefaultAging
        ? "dynasor"
        : "dynasor:aging=" + agingTokensPerSecond.ToString(CultureInfo.InvariantCulture);

    public SchedulingKey Key(ProgramState program, SchedulingContext context) =>
        new(program.PredictedRemainingTokens(context.MeanTokensPerSample) + agingTokensPerSecond * program.Arrival, program.Arrival);
}
