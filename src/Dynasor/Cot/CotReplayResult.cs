namespace Dynasor.Cot;

/// <summary>What one exit rule did on the complete chains of a trace (chains cut by a live exit tell nothing of a later exit's cost).</summary>
/// <param name="Trace">Trace name.</param>
/// <param name="Policy">The rule's label, e.g. <c>mid (k=3, T=64)</c>.</param>
/// <param name="Chains">Chains evaluated: those that ran to their own end live.</param>
/// <param name="CutLive">Chains left out because the live run cut them early.</param>
/// <param name="Exits">Evaluated chains the rule cut early.</param>
/// <param name="Labelled">True when every evaluated chain's question has a target: <paramref name="Accuracy"/> is then accuracy;
/// otherwise it is agreement with each chain's own final answer.</param>
/// <param name="Accuracy">Fraction of chains whose answer is right (labelled) or equals the chain's own final answer (unlabelled).</param>
/// <param name="TokensPerChain">Mean tokens the client gets: exit position plus the answer's tokens, or the whole chain.</param>
/// <param name="ChainTokensPerChain">Mean tokens of running every chain to its end.</param>
/// <param name="ProbesPerChain">Mean probes read until the decision.</param>
public sealed record CotReplayResult(
    string Trace,
    string Policy,
    int Chains,
    int CutLive,
    int Exits,
    bool Labelled,
    double Accuracy,
    double TokensPerChain,
    double ChainTokensPerChain,
    double ProbesPerChain)
{
    /// <summary>1 - tokens / tokens of running every chain to its end; positive when tokens were saved, 0 with no chains.</summary>
    public double SavingVsChainEnd => ChainTokensPerChain == 0 ? 0 : 1 - TokensPerChain / ChainTokensPerChain;

    /// <summary>Per evaluated chain, in trace order: its id.</summary>
    public IReadOnlyList<string> ChainIds { get; init; } = [];

    /// <summary>Per evaluated chain: what the rule did.</summary>
    public IReadOnlyList<ChainExit> Outcomes { get; init; } = [];

    /// <summary>Per evaluated chain: whether its answer was right (or agreed with the chain's own end).</summary>
    public IReadOnlyList<bool> Correct { get; init; } = [];
}
