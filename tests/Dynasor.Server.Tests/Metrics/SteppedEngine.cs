using System.Runtime.CompilerServices;
using Dynasor.Engines;

namespace Dynasor.Server.Tests.Metrics;

/// <summary>
/// A streaming engine that answers "w0 w1 w2 w3" in two steps, each when the test says: the first token after
/// <see cref="ReleaseFirst"/>, the other three after <see cref="ReleaseRest"/>. Lets a test move a fake clock between
/// the request, its first token and its end.
/// </summary>
internal sealed class SteppedEngine : IStreamingEngine
{
    private readonly SemaphoreSlim _started = new(0), _first = new(0), _rest = new(0);

    public void ReleaseFirst() => _first.Release();

    public void ReleaseRest() => _rest.Release();

    /// <summary>Waits (bounded) until a stream has started.</summary>
    public async Task WaitStartedAsync() => Assert.True(await _started.WaitAsync(TimeSpan.FromSeconds(30)), "the engine never got the request");

    public async IAsyncEnumerable<StreamedToken> StreamAsync(ContinuationRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        _started.Release();
        await _first.WaitAsync(cancellationToken);
        yield return new StreamedToken("w0");
        await _rest.WaitAsync(cancellationToken);
        yield return new StreamedToken(" w1");
        yield return new StreamedToken(" w2");
        yield return new StreamedToken(" w3", 1, "stop");
    }
}
