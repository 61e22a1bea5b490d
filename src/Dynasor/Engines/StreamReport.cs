namespace Dynasor.Engines;

/// <summary>
/// What an engine tells a program at the end of one stream, so the program's next request can continue where this
/// one stopped without the engine keeping any state: its own prompt count, the token ids it ran the prompt as, and
/// whether the turn now stands inside the reasoning block. Any part may be null when the engine cannot say.
/// </summary>
/// <param name="PromptTokens">The engine's count of prompt tokens (never an estimate).</param>
/// <param name="PromptTokenIds">The prompt as the engine tokenised it: everything before the generated text, a continued prefix included.</param>
/// <param name="InReasoning">True when the generated turn ends inside an open reasoning block (<c>&lt;think&gt;</c> not yet closed).</param>
public sealed record StreamReport(int? PromptTokens = null, int[]? PromptTokenIds = null, bool? InReasoning = null);
