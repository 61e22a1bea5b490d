namespace Dynasor.Server.Modes;

/// <summary>What a mode did for one choice; the response's <c>dynasor</c> object.</summary>
/// <param name="Mode">The mode that ran.</param>
/// <param name="ExitedEarly">Dynasor-CoT stopped before the model finished, or a program (sc, rebase, mcts, bon, wsc) stopped before its cap.</param>
/// <param name="Probes">Probe requests made (Dynasor-CoT).</param>
/// <param name="Certaindex">Certaindex when the mode stopped; null when the mode does not measure it.</param>
/// <param name="Votes">Answer to votes (probe answers, samples or finished paths).</param>
/// <param name="UpstreamTokens">Every token generated upstream for this choice: probes and discarded samples included; never the reward model's.</param>
public sealed record ModeSummary(string Mode, bool ExitedEarly, int Probes, double? Certaindex, IReadOnlyDictionary<string, int> Votes, long UpstreamTokens)
{
    /// <summary>The engine's count of the prompt's tokens, or null when it reported none.</summary>
    public int? PromptTokens { get; init; }

    /// <summary>What a reward-guided program did (rebase, mcts, bon, wsc); null for the other modes.</summary>
    public SearchSummary? Search { get; init; }

    /// <summary>
    /// What a multi-path program saw, for <c>serve --record</c>: its samples (answer, tokens, reward when known, text) in
    /// generation order; null when the mode has none to show. Never sent to the client.
    /// </summary>
    public IReadOnlyList<Dynasor.Traces.TraceSample>? Seen { get; init; }
}
