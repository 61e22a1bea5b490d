using System.Runtime.CompilerServices;
using Dynasor.Engines;
using Dynasor.Server.OpenAi;

namespace Dynasor.Server.Modes;

/// <summary><c>mode: off</c>: the engine's stream, token for token, unchanged.</summary>
internal sealed class PassThroughMode : IChatMode
{
    private static readonly IReadOnlyDictionary<string, int> NoVotes = new Dictionary<string, int>();

    public async IAsyncEnumerable<ModeEvent> RunAsync(
        IStreamingEngine engine, ContinuationRequest request, DynasorSettings settings, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        long tokens = 0;
        string? finish = null;
        int? prompt = null;
        await foreach (var token in engine.StreamAsync(request, cancellationToken).WithCancellation(cancellationToken))
        {
            tokens += token.Tokens;
            finish = token.FinishReason ?? finish;
            prompt = token.Report?.PromptTokens ?? prompt;
            if (token.Text.Length > 0 || token.Reasoning is not null || token.Tokens > 0)
                yield return new ModeEvent(token.Text, token.Reasoning, token.Tokens);
        }
        yield return new ModeEvent("", null, 0, finish ?? "stop", new ModeSummary("off", false, 0, null, NoVotes, tokens) { PromptTokens = prompt });
    }
}
