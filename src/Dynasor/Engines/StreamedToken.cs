namespace Dynasor.Engines;

/// <summary>One piece of a streamed generation.</summary>
/// <param name="Text">Generated content text (may be empty when the piece carries only reasoning or the finish reason).</param>
/// <param name="Tokens">Output tokens this piece stands for: 1 for a token-by-token engine; an upstream that batches
/// several tokens into one delta reports how many when it knows (from its usage), so token counts stay per token.</param>
/// <param name="FinishReason">Set on the last piece: <c>stop</c> or <c>length</c>.</param>
/// <param name="Reasoning">Text the upstream returned in its separate reasoning field (<c>reasoning_content</c> or <c>reasoning</c>), if any.</param>
/// <param name="TokenIds">The engine's ids of the tokens this piece stands for, when it returns them (token-exact continuation).</param>
/// <param name="Report">On the last piece only: what the engine counted and where a continuation resumes.</param>
public readonly record struct StreamedToken(string Text, int Tokens = 1, string? FinishReason = null, string? Reasoning = null, int[]? TokenIds = null, StreamReport? Report = null);
