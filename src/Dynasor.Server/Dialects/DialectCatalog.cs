using Dynasor.Server.Scheduling;

namespace Dynasor.Server.Dialects;

/// <summary>
/// The engines Dynasor knows, with what their own documentation and source say (the research notes behind each line
/// cite the files and threads; the test fakes in tests/Dynasor.Server.Tests/EngineFakes reproduce them).
/// </summary>
public static class DialectCatalog
{
    /// <summary>
    /// vLLM: reasoning under <c>reasoning</c> (PR #27752 renamed it, #33402 removed <c>reasoning_content</c>), priority
    /// lower-first (<c>--scheduling-policy priority</c>), <c>n</c> supported, <c>continue_final_message</c> with
    /// <c>add_generation_prompt: false</c>, token ids in and out (<c>return_token_ids</c>, PR #22587).
    /// </summary>
    public static EngineDialect Vllm { get; } = new("vllm", "reasoning", PriorityOrder.LowerFirst, AcceptsN: true, PrefillStyle.ContinueFinalMessage,
        new TokenRoute(PromptRender.ChatReturnsIds, IdGeneration.CompletionsReturnTokenIds));

    /// <summary>
    /// SGLang: <c>reasoning_content</c>, priority higher-first unless <c>--schedule-low-priority-values-first</c>,
    /// <c>n</c> supported, <c>continue_final_message</c> without <c>add_generation_prompt</c>; <c>/tokenize</c> renders
    /// messages; <c>return_token_ids</c> streams on completions only (chat: non-streaming only, PR #30917).
    /// </summary>
    public static EngineDialect Sglang { get; } = new("sglang", "reasoning_content", PriorityOrder.HigherFirst, AcceptsN: true, PrefillStyle.ContinueFlagOnly,
        new TokenRoute(PromptRender.TokenizeMessages, IdGeneration.CompletionsReturnTokenIds));

    /// <summary>
    /// llama.cpp's llama-server: <c>reasoning_content</c>, no priority, <c>n</c> supported (usage counts one choice,
    /// PR #27318), prefill with <c>continue_final_message</c> (PRs #23012, #23089); <c>/apply-template</c>,
    /// <c>/tokenize</c> and native <c>/completion</c> with <c>return_tokens</c>. It parses <c>&lt;think&gt;</c> blocks
    /// unless started with <c>--reasoning-format none</c> (its default is <c>auto</c>).
    /// </summary>
    public static EngineDialect LlamaCpp { get; } = new("llamacpp", "reasoning_content", PriorityOrder.None, AcceptsN: true, PrefillStyle.LlamaCpp,
        new TokenRoute(PromptRender.ApplyTemplate, IdGeneration.NativeCompletion)) { ReasoningParser = true };

    /// <summary>
    /// Ollama: <c>reasoning</c> on <c>/v1</c>, no priority (the field is dropped), <c>n</c> ignored (one choice; docs
    /// list it unsupported), a final assistant message continued where its template allows, no token ids in or out
    /// (<c>/api/generate</c> returns no <c>context</c> in raw mode).
    /// </summary>
    public static EngineDialect Ollama { get; } = new("ollama", "reasoning", PriorityOrder.None, AcceptsN: false, PrefillStyle.TemplateDecides, null);

    /// <summary>Any other OpenAI-compatible server: the vLLM conventions that OpenAI-compatible servers share, no priority, no token ids.</summary>
    public static EngineDialect OpenAi { get; } = new("openai", "reasoning_content", PriorityOrder.None, AcceptsN: true, PrefillStyle.ContinueFinalMessage, null);

    /// <summary>Every dialect, by name.</summary>
    public static IReadOnlyList<EngineDialect> All { get; } = [Vllm, Sglang, LlamaCpp, Ollama, OpenAi];

    /// <summary>The dialect named <paramref name="name"/>; throws <see cref="ArgumentException"/> listing the known ones.</summary>
    public static EngineDialect Named(string name) =>
        All.FirstOrDefault(d => d.Name == name)
        ?? throw new ArgumentException($"dialect '{name}' is unknown; use one of: {string.Join(", ", All.Select(d => d.Name))} (or auto to detect it).");
}
