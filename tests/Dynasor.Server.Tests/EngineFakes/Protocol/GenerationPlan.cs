using Dynasor.Server.Tests.EngineFakes.Model;

namespace Dynasor.Server.Tests.EngineFakes.Protocol;

/// <summary>
/// A validated chat or completion request, engine rules already applied: what to generate and how to answer.
/// </summary>
internal sealed record GenerationPlan(int[] PromptIds, SamplingSettings Sampling)
{
    /// <summary>The <c>model</c> the response names.</summary>
    public string ResponseModel { get; init; } = "";

    public int N { get; init; } = 1;

    public IReadOnlyList<string> Stop { get; init; } = [];

    public bool Stream { get; init; }

    public bool IncludeUsage { get; init; }

    /// <summary>Return per-token log-probabilities (<see cref="SamplingSettings.TopLogprobs"/> alternatives).</summary>
    public bool Logprobs { get; init; }

    /// <summary>vLLM/SGLang <c>return_token_ids</c>.</summary>
    public bool ReturnTokenIds { get; init; }

    /// <summary>Reasoning parsing: null when off; else whether the output starts inside a think block.</summary>
    public bool? ThinkOpen { get; init; }

    /// <summary>llama.cpp: prefill text its parser reads before the output (and a non-streamed answer includes).</summary>
    public string Prefill { get; init; } = "";

    /// <summary>llama.cpp: a stream whose first delta repeats the prefill (the implicit prefill, no explicit flag).</summary>
    public bool StreamRepeatsPrefill { get; init; }

    /// <summary>A function named by <c>tool_choice</c>: the fake answers with a call to it (arguments <c>{}</c>).</summary>
    public string? ForcedTool { get; init; }
}
