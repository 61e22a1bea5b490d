namespace Dynasor.Programs;

/// <summary>What an adaptive self-consistency run returns.</summary>
/// <param name="Answer">The majority answer as the first sample that gave it wrote it; null when no sample answered.</param>
/// <param name="AnswerKey">Its equivalence key; null when no sample answered.</param>
/// <param name="Text">The full text of that sample (the first sample's text when no sample answered).</param>
/// <param name="TextTokens">Output tokens of that sample: what the client receives.</param>
/// <param name="Samples">Samples drawn.</param>
/// <param name="Waves">Waves the policy granted.</param>
/// <param name="Certaindex">Entropy certaindex of the final vote.</param>
/// <param name="Votes">Answer (as first written) to the number of samples that gave it; abstentions are left out.</param>
/// <param name="UpstreamTokens">Output tokens of every sample drawn, counted per token.</param>
/// <param name="FinishReason"><c>stop</c>, or the chosen sample's own finish when it was cut (<c>length</c>).</param>
public sealed record ScResult(
    string? Answer,
    string? AnswerKey,
    string Text,
    int TextTokens,
    int Samples,
    int Waves,
    double Certaindex,
    IReadOnlyDictionary<string, int> Votes,
    long UpstreamTokens,
    string FinishReason)
{
    /// <summary>The chosen sample's reasoning text, when the engine filed reasoning separately; <see cref="Text"/> is then its content.</summary>
    public string? Reasoning { get; init; }

    /// <summary>The engine's count of the prompt's tokens, or null when it reported none.</summary>
    public int? PromptTokens { get; init; }
}
