namespace Dynasor.Server.Modes;

/// <summary>
/// One thing a mode tells the client: a piece of text (and/or reasoning) standing for <see cref="Tokens"/> client
/// tokens, or, with <see cref="Summary"/> set, the end of the choice.
/// </summary>
/// <param name="Text">Content text for the client (may be empty).</param>
/// <param name="Reasoning">Reasoning text for the client, passed through from the upstream's reasoning field.</param>
/// <param name="Tokens">Completion tokens the client receives with this piece (counts toward <c>usage</c>).</param>
/// <param name="FinishReason">On the last event: <c>stop</c> or <c>length</c>.</param>
/// <param name="Summary">On the last event: what happened, for the response's <c>dynasor</c> object.</param>
public readonly record struct ModeEvent(string Text, string? Reasoning, int Tokens, string? FinishReason = null, ModeSummary? Summary = null);
