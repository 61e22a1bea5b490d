using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Dynasor.Engines;

namespace Dynasor.Server.Tests.Fakes;

/// <summary>
/// A streaming engine whose streams each wait for a <see cref="Release"/> before answering "w0 w1 w2" (or answer at
/// once after <see cref="OpenAll"/>). Records the question of every stream in the order they started, so tests see
/// the order a scheduler released requests in, and counts open streams.
/// </summary>
internal sealed class GatedEngine : IStreamingEngine
{
    private readonly SemaphoreSlim _release = new(0);
    private readonly SemaphoreSlim _started = new(0);
    private readonly ConcurrentQueue<string> _questions = new();
    private volatile bool _open;
    private int _openStreams;

    /// <summary>Questions of the streams started so far, in start order.</summary>
    public IReadOnlyList<string> Questions => _questions.ToList();

    public int OpenStreams => Volatile.Read(ref _openStreams);

    /// <summary>Lets one waiting (or the next) stream answer.</summary>
    public void Release() => _release.Release();

    /// <summary>From now on every stream answers at once.</summary>
    public void OpenAll()
    {
        _open = true;
        _release.Release(1000);
    }

    /// <summary>Waits until <paramref name="count"/> more streams have started since the last wait.</summary>
    public async Task WaitStartedAsync(int count = 1)
    {
        for (var i = 0; i < count; i++)
            Assert.True(await _started.WaitAsync(TimeSpan.FromSeconds(30)), "the engine never got the expected request");
    }

    public async IAsyncEnumerable<StreamedToken> StreamAsync(ContinuationRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        _questions.Enqueue(request.Question);
        Interlocked.Increment(ref _openStreams);
        _started.Release();
        try
        {
            if (!_open)
                await _release.WaitAsync(cancellationToken);
            yield return new StreamedToken("w0", 1, null);
            yield return new StreamedToken(" w1", 1, null);
            yield return new StreamedToken(" w2", 1, "stop");
        }
        finally
        {
            Interlocked.Decrement(ref _openStreams);
        }
    }
}
