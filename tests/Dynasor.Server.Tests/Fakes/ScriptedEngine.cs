using System.Runtime.CompilerServices;
using Dynasor.Engines;

namespace Dynasor.Server.Tests.Fakes;

/// <summary>
/// A deterministic streaming engine: answers with the words "w0 w1 ..." (one token each, <see cref="Length"/> of
/// them, capped by MaxTokens), optionally hangs forever after <see cref="HangAfter"/> tokens, and counts its open
/// streams so tests can prove that a disconnect cancels them.
/// </summary>
internal sealed class ScriptedEngine : IStreamingEngine
{
    private int _open;
    private readonly SemaphoreSlim _closed = new(0);

    public int Length { get; init; } = 5;

    /// <summary>Tokens after which every stream waits for cancellation; null: never hang.</summary>
    public int? HangAfter { get; set; }

    /// <summary>Tokens after which every stream throws a bug-like exception; null: never.</summary>
    public int? ThrowAfter { get; init; }

    public int OpenRequests => Volatile.Read(ref _open);

    public ContinuationRequest? LastRequest { get; private set; }

    /// <summary>Waits until <paramref name="count"/> streams have closed since the test started counting.</summary>
    public async Task WaitClosedAsync(int count)
    {
        for (var i = 0; i < count; i++)
            await _closed.WaitAsync(TimeSpan.FromSeconds(30));
    }

    public static string TextOf(int tokens) => string.Concat(Enumerable.Range(0, tokens).Select(i => i == 0 ? "w0" : $" w{i}"));

    public async IAsyncEnumerable<StreamedToken> StreamAsync(ContinuationRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        LastRequest = request;
        Interlocked.Increment(ref _open);
        try
        {
            var count = Math.Min(Length, request.MaxTokens);
            for (var i = 0; i < count; i++)
            {
                if (ThrowAfter == i)
                    throw new InvalidOperationException("scripted engine bug");
                if (HangAfter == i)
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                await Task.Yield();
                yield return new StreamedToken(i == 0 ? "w0" : $" w{i}", 1, i == count - 1 ? (count < Length ? "length" : "stop") : null);
            }
        }
        finally
        {
            Interlocked.Decrement(ref _open);
            _closed.Release();
        }
    }
}
