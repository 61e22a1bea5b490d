namespace Dynasor.Cot;

/// <summary>What a recorded chain does under an exit rule (<see cref="RecordedChain.Replay"/>).</summary>
/// <param name="Known">False when the live run cut the chain before this rule decided: what it would have done is not in the record.</param>
/// <param name="Exited">True when the rule exits early on agreeing probes; false when the chain runs to its end.</param>
/// <param name="ChainTokens">Chain tokens generated up to the exit, or the chain's whole length.</param>
/// <param name="Tokens">What the client gets: <paramref name="ChainTokens"/> plus, on an exit, the probe tokens that spelled the answer.</param>
/// <param name="Answer">The agreed answer on an exit, else the chain's own final answer.</param>
/// <param name="Probes">Probes the rule read until it decided.</param>
public readonly record struct ChainExit(bool Known, bool Exited, int ChainTokens, int Tokens, string Answer, int Probes);
