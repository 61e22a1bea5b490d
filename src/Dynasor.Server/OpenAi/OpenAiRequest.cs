using Dynasor.Engines;

namespace Dynasor.Server.OpenAi;

/// <summary>A validated chat or text completion request; internals trust it.</summary>
/// <param name="Model">The model the client named, if any (echoed back; the upstream's model is configured).</param>
/// <param name="Messages">The conversation, without the partial assistant turn.</param>
/// <param name="AssistantPrefix">The partial assistant turn to continue (chat with <c>continue_final_message</c>, or a prompt that ends inside the assistant turn).</param>
/// <param name="Stream">Answer as server-sent events.</param>
/// <param name="IncludeUsage">Send the usage chunk at the end of the stream (<c>stream_options.include_usage</c>).</param>
/// <param name="N">Choices to generate, each an independent run.</param>
/// <param name="MaxTokens">Most completion tokens per choice (<c>max_completion_tokens</c> or <c>max_tokens</c>, else the server default).</param>
/// <param name="Sampling">Temperature, top-p, seed and stop sequences.</param>
/// <param name="Dynasor">How Dynasor runs the request: the server defaults with the request's <c>dynasor</c> object laid over.</param>
public sealed record OpenAiRequest(
    string? Model,
    IReadOnlyList<ChatTurn> Messages,
    string AssistantPrefix,
    bool Stream,
    bool IncludeUsage,
    int N,
    int MaxTokens,
    SamplingOptions Sampling,
    DynasorSettings Dynasor)
{
    /// <summary>The engine request for one choice; choices after the first get their own seed so they differ.</summary>
    public ContinuationRequest ToContinuation(int choice, string? upstreamModel) =>
        new(Messages, AssistantPrefix, MaxTokens, choice == 0 || Sampling.Seed is null ? Sampling : Sampling with { Seed = Sampling.Seed + choice }) { Model = upstreamModel };
}
