namespace Dynasor.Traces;

/// <summary>
/// What a Dynasor-CoT chain saw, for offline evaluation of exit rules (<c>dynasor replay --mode cot</c>): its probes in
/// launch order, the settings that spaced and sized them, and how far the chain went. Only probes whose answer the run
/// applied are listed (a probe cancelled by the exit is not).
/// </summary>
/// <param name="ProbeInterval">T: chain tokens between probes when recorded, at least 1. Offline intervals must be multiples of it.</param>
/// <param name="ProbeTokens">Tokens each probe could generate; a probe launched at p was applied when the chain reached p + this.</param>
/// <param name="Tokens">Chain tokens generated, the appended answer excluded: the chain's whole length when it ran to its end.</param>
/// <param name="Exited">True when the live run cut the chain on agreeing probes; then the chain's end is unknown.</param>
/// <param name="Probes">The applied probes in launch order (ascending <see cref="TraceProbe.At"/>).</param>
public sealed record TraceChain(int ProbeInterval, int ProbeTokens, int Tokens, bool Exited, IReadOnlyList<TraceProbe> Probes)
{
    /// <summary>k, the window the live run used, when recorded; null in traces made by hand.</summary>
    public int? Window { get; init; }
}
