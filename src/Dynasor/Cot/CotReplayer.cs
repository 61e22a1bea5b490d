using Dynasor.Answers;

namespace Dynasor.Cot;

/// <summary>
/// Offline evaluation of Dynasor-CoT exit rules over recorded probes (<c>dynasor replay --mode cot</c>): each chain's
/// decision comes from <see cref="RecordedChain"/>, which runs the live rule's code. Deterministic: there is no order to
/// shuffle, a chain's probes come in the order they were generated.
/// </summary>
public static class CotReplayer
{
    /// <summary>Replays <paramref name="policy"/> over every complete chain of <paramref name="trace"/>.</summary>
    /// <exception cref="ArgumentException">The policy's interval does not fit the recording (see <see cref="RecordedChain.Settings"/>).</exception>
    public static CotReplayResult Run(CotTrace trace, CotPolicy policy)
    {
        var complete = trace.Chains.Where(c => !c.Sample.Chain!.Exited).ToList();
        // Checked on every chain, so a rule that cannot be read off the recording fails even when no chain is complete.
        foreach (var chain in trace.Chains)
            RecordedChain.Settings(chain.Sample.Chain!, policy);
        var labelled = complete.Count > 0 && complete.All(c => c.Target is not null);
        var outcomes = complete.Select(c => RecordedChain.Replay(c.Sample, policy)).ToList();
        var correct = complete.Select((c, i) => labelled
            ? AnswerGrader.IsCorrect(outcomes[i].Answer, c.Target)
            : AnswerKey.Of(outcomes[i].Answer) == AnswerKey.Of(c.Sample.Answer)).ToList();
        double n = Math.Max(1, complete.Count);
        return new CotReplayResult(
            trace.Name,
            policy.ToString(),
            complete.Count,
            trace.Chains.Count - complete.Count,
            outcomes.Count(o => o.Exited),
            labelled,
            correct.Count(c => c) / n,
            outcomes.Sum(o => (double)o.Tokens) / n,
            complete.Sum(c => (double)c.Sample.Chain!.Tokens) / n,
            outcomes.Sum(o => (double)o.Probes) / n)
        {
            ChainIds = complete.Select(c => c.Id).ToList(),
            Outcomes = outcomes,
            Correct = correct,
        };
    }

    /// <summary>Replays every chain recorded with its window under its own settings and compares with what the server did.</summary>
    public static LiveCheck CheckLive(CotTrace trace)
    {
        var live = CotPolicy.Parse(CotPolicy.Live);
        var recorded = trace.Chains.Where(c => c.Sample.Chain!.Window is not null).ToList();
        var mismatches = new List<string>();
        var matched = 0;
        foreach (var chain in recorded)
        {
            var c = chain.Sample.Chain!;
            var offline = RecordedChain.Replay(chain.Sample, live);
            var same = c.Exited
                ? offline is { Known: true, Exited: true } && offline.Tokens == chain.Sample.Tokens && offline.Answer == chain.Sample.Answer
                : offline is { Known: true, Exited: false };
            if (same)
                matched++;
            else if (mismatches.Count < 5)
                mismatches.Add($"{chain.Id}: live {Describe(c.Exited, chain.Sample.Tokens, chain.Sample.Answer)}, offline {(offline.Known ? Describe(offline.Exited, offline.Tokens, offline.Answer) : "no exit on the recorded probes")}");
        }
        return new LiveCheck(recorded.Count, matched, recorded.Count(c => c.Sample.Chain!.Exited), mismatches);
    }

    private static string Describe(bool exited, int tokens, string answer) =>
        exited ? $"exit at {tokens} tokens with '{answer}'" : $"no exit ({tokens} tokens)";
}
