namespace Dynasor.Engines;

/// <summary>One completion returned by an engine.</summary>
/// <param name="Text">The generated text; may be empty when the engine only knows the answer (a trace without text).</param>
/// <param name="Tokens">Output tokens generated, reasoning included.</param>
/// <param name="Answer">The final answer when the engine already knows it; otherwise the program extracts it from the text.</param>
/// <param name="AnswerKey">The answer's equivalence key when precomputed (trace replay computes it once per sample).</param>
/// <param name="Reward">A reward model's score in [0, 1], when available.</param>
public sealed record Generation(string Text, int Tokens, string? Answer = null, string? AnswerKey = null, double? Reward = null);
