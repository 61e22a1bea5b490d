using Dynasor.Certainty;
using Dynasor.Traces;

namespace Dynasor.Cot;

/// <summary>
/// Replays Dynasor-CoT's exit decision over a chain's recorded probes with the live rule's own code
/// (<see cref="ProbeConsistency"/>, as <c>CotRun</c> applies it): a probe launched at chain token p is applied when the
/// chain reaches p + ProbeTokens, unless the chain ended first; the chain exits at the first applied probe after which the
/// last k agree (or, with a threshold below 1, after which the probe-consistency certaindex reaches it). An offline
/// interval T' reads the recorded probes at multiples of T', which are the probes a live run with T' would have launched
/// on a seeded engine (the chain does not depend on how it is cut into chunks). Exact when the engine streams one token per
/// piece (vLLM, SGLang, llama.cpp, the simulated engine); with larger pieces a live probe is applied up to a piece later.
/// </summary>
public static class RecordedChain
{
    /// <summary>Where <paramref name="sample"/>'s chain exits under <paramref name="policy"/>.</summary>
    /// <exception cref="ArgumentException">The sample has no chain, the policy's interval is not a multiple of the recorded one,
    /// or <c>live</c> is asked of a chain recorded without its window.</exception>
    public static ChainExit Replay(TraceSample sample, CotPolicy policy)
    {
        var chain = sample.Chain ?? throw new ArgumentException("the sample has no recorded chain; replay --mode cot reads traces recorded in cot mode (samples with a \"chain\")", nameof(sample));
        var (window, interval) = Settings(chain, policy);
        var consistency = new ProbeConsistency(window);
        foreach (var probe in chain.Probes)
        {
            if (probe.At % interval != 0)
                continue;
            var applied = probe.At + chain.ProbeTokens;
            // The chain's own end wins over a probe not yet due (CotRun finishes before applying it); a cut chain lists
            // only probes its run applied.
            if (!chain.Exited && applied >= chain.Tokens)
                break;
            consistency.Add(Output(probe));
            if (policy.Threshold >= 1 ? consistency.IsSettled : consistency.Certaindex >= policy.Threshold)
                return new ChainExit(true, true, applied, applied + probe.Tokens, probe.Answer, consistency.Probes);
        }
        return chain.Exited
            ? new ChainExit(false, false, chain.Tokens, sample.Tokens, "", consistency.Probes)
            : new ChainExit(true, false, chain.Tokens, chain.Tokens, sample.Answer, consistency.Probes);
    }

    /// <summary>The window and interval <paramref name="policy"/> reads <paramref name="chain"/> with, checked against the recording.</summary>
    public static (int Window, int Interval) Settings(TraceChain chain, CotPolicy policy)
    {
        if (policy.IsLive)
        {
            return chain.Window is { } recorded
                ? (recorded, chain.ProbeInterval)
                : throw new ArgumentException("policy live needs each chain's recorded window (\"window\" in its \"chain\"); this trace was not recorded by dynasor serve --record, so name the presets to evaluate");
        }
        if (policy.ProbeInterval % chain.ProbeInterval != 0)
            throw new ArgumentException($"policy {policy} probes every {policy.ProbeInterval} tokens, but chains were recorded with probes every {chain.ProbeInterval}; "
                + $"offline probes must fall on recorded ones: use an interval that is a multiple of {chain.ProbeInterval}, or record with \"probe_interval\":{Gcd(policy.ProbeInterval, chain.ProbeInterval)}");
        return (policy.Window, policy.ProbeInterval);
    }

    // A probe output that ProbeConsistency reads back as the recorded answer and hedge: the answer is the text before
    // the first unmatched brace (a recorded answer is balanced, being such a text itself), and "wait" is a default hedge.
    // An unclosed box was recorded as an empty answer, which reads back the same from "}".
    private static string Output(TraceProbe probe) => probe.Answer + "}" + (probe.Hedged ? " wait" : "");

    private static int Gcd(int a, int b) => b == 0 ? a : Gcd(b, a % b);
}
