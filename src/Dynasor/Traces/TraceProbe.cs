namespace Dynasor.Traces;

/// <summary>One probe of a recorded Dynasor-CoT chain: what the model answered when asked at a chain position.</summary>
/// <param name="At">Chain tokens generated when the probe was launched (a multiple of the chain's probe interval), at least 1.</param>
/// <param name="Answer">The probe's answer, trimmed: the text before the brace that closes its box; empty when the box was not closed.</param>
/// <param name="Tokens">Probe tokens that spelled the answer (what an exit on this probe adds to the client's tokens), 0 or more.</param>
/// <param name="Hedged">True when the probe's whole output contains a hedge word (Dynasor-CoT's <c>HedgeWords.Default</c>, whole words).</param>
public sealed record TraceProbe(int At, string Answer, int Tokens = 0, bool Hedged = false);
