using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Dynasor.Engines;

namespace Dynasor.Server.Tests.Modes;

/// <summary>An engine over another that keeps every request it was asked, in arrival order.</summary>
internal sealed class RecordingEngine(IStreamingEngine inner) : IStreamingEngine
{
    private readonly ConcurrentQueue<ContinuationRequest> _requests = new();

    public IReadOnlyList<ContinuationRequest> Requests => _requests.ToList();

    public async IAsyncEnumerable<StreamedToken> StreamAsync(ContinuationRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        _requests.Enqueue(request);
        await foreach (var token in inner.StreamAsync(request, cancellationToken).WithCancellation(cancellationToken))
            yield return token;
    }
}
