using System.Text.Json.Nodes;

namespace Dynasor.Server.Tests.EngineFakes.Protocol;

/// <summary>
/// How one engine's OpenAI-compatible routes shape what is otherwise the same answer. Each engine fake builds one;
/// the comments there cite where each setting is documented or observed.
/// </summary>
internal sealed record OpenAiDialect
{
    /// <summary>The message/delta field for parsed reasoning (<c>reasoning</c> or <c>reasoning_content</c>).</summary>
    public string ReasoningField { get; init; } = "reasoning";

    public string? SystemFingerprint { get; init; }

    /// <summary><c>cmpl-</c> for text completions in most engines; llama.cpp uses <c>chatcmpl-</c> for both.</summary>
    public string CompletionIdPrefix { get; init; } = "cmpl-";

    /// <summary>A message with no content after its reasoning has <c>content: null</c> (else <c>""</c>).</summary>
    public bool NullEmptyContent { get; init; }

    /// <summary>The first chunk's delta is <c>{"role":"assistant","content":null}</c> (else <c>""</c>).</summary>
    public bool NullRoleChunkContent { get; init; }

    /// <summary>Intermediate chunks carry <c>"usage": null</c> (else no <c>usage</c> key).</summary>
    public bool NullUsageInChunks { get; init; }

    /// <summary>llama.cpp's n&gt;1 undercount: usage counts the first choice's tokens only.</summary>
    public bool UsageCountsOneChoice { get; init; }

    /// <summary>llama.cpp: one usage chunk per choice (when asked for), <c>timings</c> beside usage, and a text
    /// completion stream whose last chunk always carries usage.</summary>
    public bool LlamaCppStreamUsage { get; init; }

    /// <summary>Text-completion logprobs in the chat shape (<c>{"content":[…]}</c>, llama.cpp) instead of the
    /// legacy <c>tokens/token_logprobs/top_logprobs/text_offset</c> lists.</summary>
    public bool ChatShapedCompletionLogprobs { get; init; }

    /// <summary>The usage object for a prompt and completion token count.</summary>
    public Func<int, int, JsonObject> Usage { get; init; } = (prompt, completion) => new JsonObject
    {
        ["prompt_tokens"] = prompt,
        ["completion_tokens"] = completion,
        ["total_tokens"] = prompt + completion,
    };

    /// <summary>Extra top-level fields for a finished answer (llama.cpp <c>timings</c>), given prompt and completion counts.</summary>
    public Func<int, int, JsonObject>? Timings { get; init; }
}
