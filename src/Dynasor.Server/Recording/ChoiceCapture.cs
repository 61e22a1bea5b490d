using Dynasor.Cot;
using Dynasor.Server.Modes;
using Dynasor.Traces;

namespace Dynasor.Server.Recording;

/// <summary>What one choice of a recorded request showed: its end (summary), the tokens its client got, and for a Dynasor-CoT chain the tap under it.</summary>
internal sealed class ChoiceCapture(ProbeTap? tap, CotOptions? options)
{
    private long _clientTokens;

    /// <summary>The choice's summary, once its last event has passed; null while it runs or when it failed.</summary>
    public ModeSummary? Summary { get; private set; }

    /// <summary>Notes one event the client receives.</summary>
    public void Saw(ModeEvent e)
    {
        _clientTokens += e.Tokens;
        if (e.Summary is { } summary)
            Summary = summary;
    }

    /// <summary>The samples the choice's program saw: its chain, or the samples its summary handed over; empty when it did not finish.</summary>
    public IEnumerable<TraceSample> Samples(bool keepText)
    {
        if (Summary is not { } summary)
            return [];
        if (tap is not null && options is not null)
        {
            var chain = tap.Chain(options, summary.Probes, summary.ExitedEarly);
            var answer = summary.ExitedEarly && chain.Probes.Count > 0 ? chain.Probes[^1].Answer : tap.FinalAnswer();
            return [new TraceSample(answer, (int)Math.Min(int.MaxValue, _clientTokens), Text: keepText ? tap.Text() : null) { Chain = chain }];
        }
        return (summary.Seen ?? []).Select(s => keepText ? s : s with { Text = null });
    }
}
