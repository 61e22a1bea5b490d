namespace Dynasor.SimEngine;

/// <summary>What one request will stream: its tokens in order and the finish reason of the last one.</summary>
/// <param name="Tokens">The output tokens, within the request's MaxTokens; may be empty (nothing left to say).</param>
/// <param name="Finish"><c>stop</c> (the output ended, or a stop sequence cut it) or <c>length</c> (MaxTokens reached first).</param>
internal readonly record struct ContinuationPlan(ArraySegment<string> Tokens, string Finish);
