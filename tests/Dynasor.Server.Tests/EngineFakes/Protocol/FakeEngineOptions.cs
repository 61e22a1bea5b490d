namespace Dynasor.Server.Tests.EngineFakes.Protocol;

/// <summary>
/// How an engine fake is started: the equivalents of the engine's own server flags. Immutable; the defaults are
/// each engine's defaults where it has one.
/// </summary>
public sealed record FakeEngineOptions
{
    /// <summary>The served model name (vLLM/SGLang <c>--served-model-name</c>, llama.cpp <c>--alias</c>, the Ollama tag).</summary>
    public string Model { get; init; } = "stories";

    /// <summary><c>chatml</c>, <c>qwq</c>, <c>qwen3</c> or <c>deepseek-r1</c> (<see cref="Templates.ChatTemplates"/>);
    /// null is ChatML, llama-server's fallback for this template-less model and the fakes' default elsewhere.</summary>
    public string? Template { get; init; }

    /// <summary>Splits <c>&lt;think&gt;</c> output into the reasoning field: vLLM/SGLang <c>--reasoning-parser
    /// deepseek_r1</c>, llama.cpp <c>--reasoning-format deepseek</c> (off = <c>none</c>), Ollama's thinking models.</summary>
    public bool ReasoningParser { get; init; }

    /// <summary>The context (vLLM <c>max_model_len</c>, llama.cpp slot <c>n_ctx</c>); at most the model's 2048.</summary>
    public int ContextSize { get; init; } = EngineFakes.Model.FakeModel.ContextSize;

    /// <summary>vLLM <c>--scheduling-policy priority</c> / SGLang <c>--enable-priority-scheduling</c>: the fakes
    /// only record <c>priority</c> (they serve requests as they come), but vLLM without it still accepts the field.</summary>
    public bool PriorityScheduling { get; init; }

    /// <summary>Awaited before each generated token: a test holds a stream open with it (no sleeping), e.g. to
    /// disconnect mid-stream. Cancelled when the client goes away.</summary>
    public Func<CancellationToken, ValueTask>? BeforeToken { get; init; }
}
