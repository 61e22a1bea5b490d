using System.Runtime.CompilerServices;
using Dynasor.Engines;
using Dynasor.Rewards;

namespace Dynasor.Tests.Search;

/// <summary>
/// A fake streaming engine for tree searches: the step a request gets is <c>step(call)</c> (throw from it to fail the
/// request), streamed one word per token with a yield between pieces, so concurrent streams interleave. An empty step is
/// one empty piece of one token. Records every call, the streams open at once, and which ended by cancellation;
/// <see cref="Before"/> lets a test hold a stream (until cancelled, say). Safe for concurrent streams.
/// </summary>
internal sealed class ScriptedStepEngine(Func<StepCall, string> step) : IStreamingEngine
{
    private readonly Lock _lock = new();
    private int _open;
    private long _tokensSent;

    /// <summary>Awaited before a stream's first piece; null: none.</summary>
    public Func<StepCall, CancellationToken, Task>? Before { get; init; }

    /// <summary>Reported as the prompt's token count on the last piece of a root-level request; null: none.</summary>
    public int? PromptTokens { get; init; }

    public List<StepCall> Calls { get; } = [];

    public int Open => Volatile.Read(ref _open);

    public int MaxOpen { get; private set; }

    /// <summary>Tokens yielded over every stream.</summary>
    public long TokensSent => Interlocked.Read(ref _tokensSent);

    public async IAsyncEnumerable<StreamedToken> StreamAsync(ContinuationRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        StepCall call;
        lock (_lock)
        {
            call = new StepCall(Calls.Count, request, SolutionSteps.Split(request.AssistantPrefix));
            Calls.Add(call);
            MaxOpen = Math.Max(MaxOpen, ++_open);
        }
        try
        {
            if (Before is { } before)
                await before(call, cancellationToken);
            var text = step(call);
            var words = text.Length == 0 ? [""] : text.Split(' ').Select((w, i) => i == 0 ? w : " " + w).ToArray();
            var count = Math.Min(words.Length, request.MaxTokens);
            for (var i = 0; i < count; i++)
            {
                await Task.Yield();
                cancellationToken.ThrowIfCancellationRequested();
                Interlocked.Increment(ref _tokensSent);
                var last = i == count - 1;
                var report = last && request.AssistantPrefix.Length == 0 && PromptTokens is { } prompt ? new StreamReport(prompt) : null;
                yield return new StreamedToken(words[i], 1, last ? (count < words.Length ? "length" : "stop") : null, Report: report);
            }
        }
        finally
        {
            call.Cancelled = cancellationToken.IsCancellationRequested;
            Interlocked.Decrement(ref _open);
        }
    }
}
