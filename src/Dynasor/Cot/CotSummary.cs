namespace Dynasor.Cot;

/// <summary>What happened in one Dynasor-CoT run; carried by the run's last <see cref="CotEvent"/>.</summary>
/// <param name="ExitedEarly">True when the probes agreed and the chain was cut short with the agreed answer appended.</param>
/// <param name="Probes">Probes whose answers were recorded (probes cancelled at the end are not counted).</param>
/// <param name="Certaindex">Probe-consistency certaindex in [0, 1] at the end (1 exactly when the window agreed).</param>
/// <param name="Votes">Answer (as the first probe in the window wrote it) to the number of the last k probes that gave it; empty answers are left out.</param>
/// <param name="Answer">The agreed answer when <paramref name="ExitedEarly"/>, else null.</param>
/// <param name="UpstreamTokens">Every token received from the engine for this run: chain, probes, and tokens that arrived
/// after the exit and were discarded. Counted per token (<c>StreamedToken.Tokens</c>). Tokens an engine generated but never
/// sent because its stream was cancelled are unknowable and not counted.</param>
/// <param name="CompletionTokens">Tokens the client received: the chain tokens passed through plus, on an early exit, the
/// probe's tokens that spelled the answer. The fixed text around the answer is not generated upstream and not counted.</param>
/// <param name="FinishReason"><c>stop</c> on an early exit; otherwise the chain's own finish (<c>stop</c>, <c>length</c>, ...).</param>
public sealed record CotSummary(
    bool ExitedEarly,
    int Probes,
    double Certaindex,
    IReadOnlyDictionary<string, int> Votes,
    string? Answer,
    long UpstreamTokens,
    long CompletionTokens,
    string FinishReason)
{
    /// <summary>The engine's count of the prompt's tokens (its first request's), or null when it reported none.</summary>
    public int? PromptTokens { get; init; }
}
