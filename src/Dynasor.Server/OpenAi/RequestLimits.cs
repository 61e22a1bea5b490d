namespace Dynasor.Server.OpenAi;

/// <summary>Bounds a request must respect; set from the server options.</summary>
/// <param name="MaxTokens">Largest <c>max_tokens</c> a client may ask for.</param>
/// <param name="DefaultMaxTokens">Completion tokens per choice when the client names no limit.</param>
/// <param name="MaxChoices">Largest <c>n</c>.</param>
/// <param name="MaxRequestSequences">Most sequences one request may run in the engine (its choices times its samples).</param>
/// <param name="MaxRequestTokens">
/// Most tokens one request may make the engine generate in the worst case (chains, probes and samples), by default eight
/// times the default <c>max_tokens_limit</c>: room for the default self-consistency request (40 samples of 16,384).
/// </param>
public sealed record RequestLimits(int MaxTokens = 131_072, int DefaultMaxTokens = 16_384, int MaxChoices = 16,
    int MaxRequestSequences = 64, long MaxRequestTokens = 1_048_576);
