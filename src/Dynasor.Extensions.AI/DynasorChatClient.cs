using System.Runtime.CompilerServices;
using Dynasor.Engines;
using Microsoft.Extensions.AI;

namespace Dynasor.Extensions.AI;

/// <summary>
/// Dynasor as chat-client middleware: runs the core's programs, the same code the Dynasor server runs, over the inner
/// client through <see cref="ChatClientEngine"/>. Per request, the mode and its settings are the client's
/// <see cref="DynasorChatOptions"/> with <c>ChatOptions.AdditionalProperties["dynasor"]</c> laid over them
/// (<see cref="DynasorRequestSettings"/>). <see cref="DynasorMode.Off"/> passes the request through;
/// <see cref="DynasorMode.Cot"/> streams the chain as it is generated and appends the agreed answer on an early exit;
/// <see cref="DynasorMode.Sc"/> answers with one sample of the majority answer once the vote is done. The response (and a
/// stream's last update) carries a <see cref="DynasorReport"/> and usage: <c>OutputTokenCount</c> is what the caller
/// received, <c>AdditionalCounts["dynasor.upstream_tokens"]</c> everything generated. Cancelling cancels every inner call
/// the request made, and no inner call outlives the request. Thread-safe.
/// </summary>
public sealed class DynasorChatClient : DelegatingChatClient
{
    /// <param name="innerClient">The client that generates.</param>
    /// <param name="options">The defaults for every request; validated here. Null: <see cref="DynasorMode.Off"/> unless a request says otherwise.</param>
    /// <exception cref="ArgumentException">An option is out of range; the message names it and the fix.</exception>
    public DynasorChatClient(IChatClient innerClient, DynasorChatOptions? options = null)
        : base(innerClient)
    {
        options = (options ?? new DynasorChatOptions()).Validate();
        // A relative policy file is read from the policy directory once, so a request's own '@NAME' cannot re-root it.
        if (options.Policy.StartsWith('@') && options.PolicyDirectory is { } directory)
            options = options with { Policy = "@" + Path.Combine(directory, options.Policy[1..]) };
        Options = options;
    }

    /// <summary>The defaults every request starts from.</summary>
    public DynasorChatOptions Options { get; }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The request's <c>dynasor</c> settings are invalid; the message names the setting.</exception>
    /// <exception cref="NotSupportedException">The mode cannot honour an option (tools, a response format, a conversation id).</exception>
    /// <exception cref="InvalidOperationException">Mode cot over an inner client that cannot continue a turn; the message names the fix.</exception>
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var (settings, inner) = Resolve(options);
        if (settings.Mode == DynasorMode.Off)
            return await base.GetResponseAsync(messages, inner, cancellationToken).ConfigureAwait(false);
        var response = await Run(messages, inner, settings, cancellationToken).ToChatResponseAsync(cancellationToken).ConfigureAwait(false);
        // A stream's report rides on its last update; the whole response carries it at the top, where callers look.
        if (response.Messages.LastOrDefault()?.AdditionalProperties is { } scoped && scoped.Remove(DynasorReport.Key, out var report))
            (response.AdditionalProperties ??= [])[DynasorReport.Key] = report;
        return response;
    }

    /// <inheritdoc />
    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        // Settings are read and checked at the call, so a bad request fails before anything is sent.
        var (settings, inner) = Resolve(options);
        return settings.Mode == DynasorMode.Off
            ? base.GetStreamingResponseAsync(messages, inner, cancellationToken)
            : Run(messages, inner, settings, cancellationToken);
    }

    private (DynasorChatOptions Settings, ChatOptions? Inner) Resolve(ChatOptions? options)
    {
        if (options?.AdditionalProperties?.TryGetValue(DynasorRequestSettings.Key, out var value) != true)
        {
            ModeChecks.Check(options, Options.Mode);
            return (Options, options);
        }
        var settings = DynasorRequestSettings.Merge(Options, value).Validate();
        ModeChecks.Check(options, settings.Mode);
        // The inner client never sees Dynasor's own settings; the caller's options are never changed.
        var inner = options!.Clone();
        inner.AdditionalProperties = options.AdditionalProperties!.Clone();
        inner.AdditionalProperties.Remove(DynasorRequestSettings.Key);
        return (settings, inner);
    }

    private IAsyncEnumerable<ChatResponseUpdate> Run(IEnumerable<ChatMessage> messages, ChatOptions? options, DynasorChatOptions settings, CancellationToken cancellationToken)
    {
        var conversation = messages.ToList();
        var engine = new ChatClientEngine(InnerClient, settings.Continuation, conversation, options);
        if (settings.Mode == DynasorMode.Cot && !engine.Continuation.Continues)
            throw new InvalidOperationException(CannotContinue(InnerClient, engine.Continuation));
        var request = new ContinuationRequest(
            conversation.Select(m => new ChatTurn(m.Role.Value, m.Text)).ToList(),
            "",
            options?.MaxOutputTokens ?? settings.DefaultMaxTokens,
            new SamplingOptions(options?.Temperature, options?.TopP, options?.Seed, options?.StopSequences?.ToList()))
        {
            Model = options?.ModelId,
        };
        if (request.MaxTokens < 1)
            throw new ArgumentException($"ChatOptions.MaxOutputTokens {request.MaxTokens} is invalid; ask for at least 1 token");
        var updates = new ResponseUpdates(options?.ModelId ?? InnerClient.GetService<ChatClientMetadata>()?.DefaultModelId);
        return settings.Mode == DynasorMode.Cot
            ? CotUpdates.RunAsync(engine, request, settings.CotOptions(request.MaxTokens), updates, cancellationToken)
            : ScUpdates.RunAsync(engine, request, settings, updates, cancellationToken);
    }

    /// <summary>The error for Dynasor-CoT over a client that cannot continue a partial turn: what to do instead.</summary>
    internal static string CannotContinue(IChatClient inner, ChatContinuation continuation)
    {
        var name = inner.GetService<ChatClientMetadata>()?.ProviderName ?? inner.GetType().Name;
        return $"Dynasor mode cot continues a partial assistant turn, and the inner client ('{name}', continuation '{continuation.Name}') is not known to "
            + "continue one. If it continues a trailing assistant message (an Ollama model whose template prefills), set "
            + "DynasorChatOptions.Continuation = ChatContinuation.TrailingAssistantMessage; if its engine needs a flag, use ChatContinuation.WithOptions; "
            + "or use mode sc, which needs no continuation (docs/dotnet-library.md, Continuation).";
    }
}
