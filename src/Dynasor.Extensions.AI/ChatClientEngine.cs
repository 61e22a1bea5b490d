using System.Runtime.CompilerServices;
using System.Text;
using Dynasor.Engines;
using Microsoft.Extensions.AI;

namespace Dynasor.Extensions.AI;

/// <summary>
/// The engine seam (<see cref="IStreamingEngine"/>) over an <see cref="IChatClient"/>: each <see cref="ContinuationRequest"/>
/// becomes one streaming call of the inner client, so the core's programs (Dynasor-CoT, adaptive self-consistency) run over
/// any chat client exactly as they run in the server. The conversation is the caller's own messages when given (so images,
/// names and other content reach the client as sent), else the request's turns; a partial assistant turn (chain so far,
/// and a probe's question) goes as a trailing assistant message, continued as <see cref="ChatContinuation"/> says. Each call
/// carries the caller's options with the request's token limit, temperature, top-p, seed and stop sequences.
/// Tokens: one per streamed update that carries text (OpenAI-compatible engines stream one token per delta), topped up at
/// the end from the call's usage when it reports more, so counts stay per token. Safe for concurrent streams; cancelling
/// the token or disposing the enumerator ends the inner call.
/// </summary>
public sealed class ChatClientEngine : IStreamingEngine
{
    private readonly IChatClient _inner;
    private readonly IReadOnlyList<ChatMessage>? _conversation;
    private readonly ChatOptions? _options;
    private readonly ChatContinuation _continuation;

    /// <param name="inner">The chat client that generates.</param>
    /// <param name="continuation">How <paramref name="inner"/> continues a partial turn (<see cref="ChatContinuation.Auto"/> is resolved here).</param>
    /// <param name="conversation">The caller's messages, sent on every call; null: each request's own turns, as text.</param>
    /// <param name="options">The caller's options, copied for every call; null: none.</param>
    public ChatClientEngine(IChatClient inner, ChatContinuation continuation, IEnumerable<ChatMessage>? conversation = null, ChatOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(continuation);
        _inner = inner;
        _continuation = continuation.For(inner);
        _conversation = conversation?.ToList();
        _options = options;
    }

    /// <summary>The continuation strategy in force (never <see cref="ChatContinuation.Auto"/>).</summary>
    public ChatContinuation Continuation => _continuation;

    public async IAsyncEnumerable<StreamedToken> StreamAsync(ContinuationRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (messages, options) = Call(request);
        var counted = 0L;
        string? finish = null;
        UsageDetails? usage = null;
        await foreach (var update in _inner.GetStreamingResponseAsync(messages, options, cancellationToken).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            StringBuilder? text = null, reasoning = null;
            foreach (var content in update.Contents)
            {
                switch (content)
                {
                    case TextReasoningContent r:
                        (reasoning ??= new()).Append(r.Text);
                        break;
                    case TextContent t:
                        (text ??= new()).Append(t.Text);
                        break;
                    case UsageContent u:
                        usage = u.Details;
                        break;
                }
            }
            if (update.FinishReason is { } reason)
                finish = FinishReason(reason);
            if (text is { Length: > 0 } || reasoning is { Length: > 0 })
            {
                counted++;
                yield return new StreamedToken(text?.ToString() ?? "", 1, Reasoning: reasoning?.ToString());
            }
        }
        // Engines that batch several tokens into one delta say how many in their usage: the rest is counted here.
        var reported = usage?.OutputTokenCount ?? 0;
        var rest = (int)Math.Clamp(reported - counted, 0, int.MaxValue);
        var prompt = usage?.InputTokenCount is { } input ? (int?)Math.Min(input, int.MaxValue) : null;
        yield return new StreamedToken("", rest, finish, Report: new StreamReport(PromptTokens: prompt));
    }

    private (List<ChatMessage> Messages, ChatOptions Options) Call(ContinuationRequest request)
    {
        var messages = _conversation?.ToList() ?? request.Messages.Select(t => new ChatMessage(new ChatRole(t.Role), t.Content)).ToList();
        var options = _options?.Clone() ?? new ChatOptions();
        var sampling = request.Sampling;
        options.MaxOutputTokens = request.MaxTokens;
        options.Temperature = sampling.Temperature is { } temperature ? (float)temperature : null;
        options.TopP = sampling.TopP is { } topP ? (float)topP : null;
        options.Seed = sampling.Seed;
        options.StopSequences = sampling.Stop?.ToList();
        options.ModelId = request.Model ?? options.ModelId;
        var prefix = request.TextPrefix;
        if (prefix.Length == 0)
            return (messages, options);
        if (!_continuation.Continues)
            throw new InvalidOperationException(DynasorChatClient.CannotContinue(_inner, _continuation));
        messages.Add(new ChatMessage(ChatRole.Assistant, prefix));
        return (messages, _continuation.Prepare(options));
    }

    private static string FinishReason(ChatFinishReason reason) =>
        reason == ChatFinishReason.Length ? "length"
        : reason == ChatFinishReason.ContentFilter ? "content_filter"
        : reason == ChatFinishReason.ToolCalls ? "tool_calls"
        : "stop";
}
