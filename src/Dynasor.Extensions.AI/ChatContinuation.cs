using Microsoft.Extensions.AI;

namespace Dynasor.Extensions.AI;

/// <summary>
/// How the inner client is made to continue a partial assistant turn instead of starting a new one. Dynasor-CoT needs
/// it (every chunk and every probe continues the chain so far); self-consistency does not (every sample is a fresh turn).
/// The partial turn is always sent as a trailing assistant message; what differs is whether the engine continues it.
/// Which engines do (docs/dotnet-library.md; docs/engine-sources.md §2):
/// vLLM and SGLang only with <c>continue_final_message</c> (vLLM also <c>add_generation_prompt: false</c>); llama.cpp's
/// server with the same flags (without them its default prefill continues, but repeats the prefix in its stream:
/// docs/engines.md); Ollama where the model's template or renderer prefills (ChatML-style Go templates close the turn);
/// Dynasor's server and <c>dynasor sim-engine</c> with the flags. Thread-safe and immutable.
/// </summary>
public sealed class ChatContinuation
{
    private readonly Func<IChatClient, ChatContinuation>? _resolve;
    private readonly Func<ChatOptions, ChatOptions>? _prepare;

    private ChatContinuation(string name, bool continues, Func<ChatOptions, ChatOptions>? prepare, Func<IChatClient, ChatContinuation>? resolve = null)
    {
        Name = name;
        Continues = continues;
        _prepare = prepare;
        _resolve = resolve;
    }

    /// <summary>The inner client cannot continue a turn: <see cref="DynasorMode.Cot"/> is refused with an error naming the fix; <see cref="DynasorMode.Sc"/> works.</summary>
    public static ChatContinuation None { get; } = new("none", false, null);

    /// <summary>
    /// The inner client continues a trailing assistant message as sent, with no flag (an Ollama model whose template or
    /// renderer prefills; an API with assistant prefill). The engine must send only the new text, not the prefix again.
    /// </summary>
    public static ChatContinuation TrailingAssistantMessage { get; } = new("trailing-assistant-message", true, null);

    /// <summary>
    /// The OpenAI client (<c>AsIChatClient()</c> over <c>OpenAI.Chat.ChatClient</c>) with vLLM's request flags
    /// <c>continue_final_message: true, add_generation_prompt: false</c> added to the body (vLLM, SGLang, llama.cpp since
    /// PR #23012, Dynasor's server and sim-engine read them). Another inner client ignores them.
    /// </summary>
    public static ChatContinuation ContinueFinalMessage { get; } = new("continue-final-message", true, OpenAiFlags.Add);

    /// <summary>
    /// The default: <see cref="ContinueFinalMessage"/> when the inner client is the OpenAI client
    /// (<c>Microsoft.Extensions.AI.OpenAI</c>'s <c>AsIChatClient()</c>), else <see cref="None"/>: for any other client,
    /// say what it does.
    /// </summary>
    public static ChatContinuation Auto { get; } = new("auto", false, null,
        inner => inner.GetService<OpenAI.Chat.ChatClient>() is not null ? ContinueFinalMessage : None);

    /// <summary>
    /// An inner client that continues a trailing assistant message when its options say so: <paramref name="prepare"/> gets
    /// a copy of the options of each continuing call and returns the options to send (for example with engine flags in its
    /// <c>RawRepresentationFactory</c> or <c>AdditionalProperties</c>).
    /// </summary>
    public static ChatContinuation WithOptions(string name, Func<ChatOptions, ChatOptions> prepare)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(prepare);
        return new(name, true, prepare);
    }

    /// <summary>A short name for errors and logs.</summary>
    public string Name { get; }

    /// <summary>Whether the inner client continues a trailing assistant message (false for <see cref="Auto"/> before it is resolved).</summary>
    public bool Continues { get; }

    /// <summary>The strategy for <paramref name="inner"/>: <see cref="Auto"/> resolves to a concrete one; others are themselves.</summary>
    public ChatContinuation For(IChatClient inner) => _resolve?.Invoke(inner) ?? this;

    /// <summary>The options of a call that continues a turn (a copy: the caller's options are never changed).</summary>
    internal ChatOptions Prepare(ChatOptions options) => _prepare?.Invoke(options) ?? options;

    public override string ToString() => Name;
}
