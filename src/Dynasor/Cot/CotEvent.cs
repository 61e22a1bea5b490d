namespace Dynasor.Cot;

/// <summary>
/// One event of a Dynasor-CoT run. Every event but the last is chain text for the client, in generation order; probe
/// text never appears. The last event has <see cref="Summary"/> set and carries the text appended after the chain
/// (the agreed answer on an early exit, empty otherwise).
/// </summary>
/// <param name="Text">Content text to send to the client (may be empty when the piece carried only reasoning).</param>
/// <param name="Reasoning">Text the engine returned in its separate reasoning field, passed through; null when none.</param>
/// <param name="Tokens">Upstream tokens this piece stands for (0 for the appended answer text).</param>
/// <param name="Summary">Set on the last event only.</param>
public sealed record CotEvent(string Text, string? Reasoning = null, int Tokens = 0, CotSummary? Summary = null)
{
    /// <summary>True on the last event of a run.</summary>
    public bool IsFinal => Summary is not null;
}
