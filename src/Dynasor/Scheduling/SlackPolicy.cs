using System.Globalization;

namespace Dynasor.Scheduling;

/// <summary>
/// Least slack first (deadline-aware): slack = deadline − now − predicted time to finish; the time to finish is
/// one more wave of the program's samples, its mean sample length (or the prior) x
/// <paramref name="secondsPerToken"/>. "− now" is common to all programs, so the key is deadline − that time.
/// Programs without a deadline go last, first come, first served.
/// </summary>
internal sealed class SlackPolicy(double secondsPerToken) : ISchedulingPolicy
{
    public const double DefaultSecondsPerToken = 0.05;

    public string Name => secondsPerToken == DefaultSecondsPerToken
        ? "slack"
        : "slack:token_s=" + secondsPerToken.ToString(CultureInfo.InvariantCulture);

    public bool ReadsDeadlines => true;

    public SchedulingKey Key(ProgramState program, SchedulingContext context)
    {
        if (program.Deadline is not { } deadline)
            return new(double.PositiveInfinity, program.Arrival);
        var perSample = program.Progress.Samples > 0 ? program.Progress.MeanTokensPerSample : context.MeanTokensPerSample;
        var toFinish = context.Remaining.PredictSamples(program) > 0 ? perSample * secondsPerToken : 0;
        return new(deadline - toFinish, program.Arrival);
    }
}
