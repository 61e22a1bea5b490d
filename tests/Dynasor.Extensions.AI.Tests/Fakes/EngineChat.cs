using System.Runtime.CompilerServices;
using Dynasor.Engines;
using Microsoft.Extensions.AI;

namespace Dynasor.Extensions.AI.Tests.Fakes;

/// <summary>
/// A <see cref="FakeChatClient"/> callback that answers from an in-process <see cref="IStreamingEngine"/> (the simulated
/// engine) and continues a trailing assistant message, as llama.cpp's prefill does: one update per token, then usage.
/// </summary>
internal static class EngineChat
{
    public static FakeChatClient Over(IStreamingEngine engine) => new() { StreamCallback = (messages, options, ct) => Stream(engine, messages, options, ct) };

    private static async IAsyncEnumerable<ChatResponseUpdate> Stream(IStreamingEngine engine, IReadOnlyList<ChatMessage> messages, ChatOptions options,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var prefix = messages[^1].Role == ChatRole.Assistant ? messages[^1].Text : "";
        var turns = messages.Take(prefix.Length > 0 ? messages.Count - 1 : messages.Count).Select(m => new ChatTurn(m.Role.Value, m.Text)).ToList();
        var request = new ContinuationRequest(turns, prefix, options.MaxOutputTokens ?? 16384,
            new SamplingOptions(options.Temperature, options.TopP, options.Seed, options.StopSequences?.ToList()));
        var tokens = 0;
        await foreach (var token in engine.StreamAsync(request, cancellationToken).WithCancellation(cancellationToken))
        {
            tokens += token.Tokens;
            var update = new ChatResponseUpdate(ChatRole.Assistant, token.Text);
            if (token.FinishReason is { } finish)
                update.FinishReason = finish == "length" ? ChatFinishReason.Length : ChatFinishReason.Stop;
            yield return update;
        }
        yield return new ChatResponseUpdate { Contents = [new UsageContent(new UsageDetails { OutputTokenCount = tokens, InputTokenCount = 11 })] };
    }
}
