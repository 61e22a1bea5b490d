using System.Text.Json;
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
    /// <summary>The reasoning text of a continued assistant turn (the final message's <c>reasoning_content</c>), empty when none.</summary>
    public string ReasoningPrefix { get; init; } = "";

    /// <summary>The raw prompt of a text completion (<c>/v1/completions</c>); null for chat.</summary>
    public string? Prompt { get; init; }

    /// <summary>
    /// The client's fields that Dynasor does not write itself, as sent (with the messages it continues, for chat): they
    /// reach every upstream request the request causes. Null only for requests built in code.
    /// </summary>
    public JsonElement? ClientFields { get; init; }

    /// <summary>The engine request for one choice; choices after the first get their own seed so they differ.</summary>
    public ContinuationRequest ToContinuation(int choice, string? upstreamModel) =>
        new(Messages, AssistantPrefix, MaxTokens, choice == 0 || Sampling.Seed is null ? Sampling : Sampling with { Seed = Sampling.Seed + choice })
        {
            Model = upstreamModel,
            ReasoningPrefix = ReasoningPrefix,
            ClientFields = ClientFields,
            Prompt = Prompt,
        };
}
