namespace Dynasor.Server.OpenAi;

/// <summary>Bounds a request must respect; set from the server options.</summary>
/// <param name="MaxTokens">Largest <c>max_tokens</c> a client may ask for.</param>
/// <param name="DefaultMaxTokens">Completion tokens per choice when the client names no limit.</param>
/// <param name="MaxChoices">Largest <c>n</c>.</param>
public sealed record RequestLimits(int MaxTokens = 131_072, int DefaultMaxTokens = 16_384, int MaxChoices = 16);
