namespace Dynasor.Server.Upstream;

/// <summary>
/// The lines of one upstream response body, with the upstream's idle timeout: the timer restarts before every read
/// (not every line), so a stalled upstream fails with 504 however long the answer is, and a broken connection fails
/// with 502. Both the token engine and the pass-through relay read upstream streams through it. Not thread-safe.
/// </summary>
internal sealed class UpstreamLines : Relay.IRelayLines, IDisposable
{
    private readonly SseLineReader _reader;
    private readonly UpstreamOptions _options;
    private readonly CancellationToken _cancellationToken;
    private readonly CancellationTokenSource _idleTimer;
    private readonly CancellationTokenSource _idle;

    public UpstreamLines(Stream stream, UpstreamOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        _reader = new SseLineReader(stream);
        _options = options;
        _cancellationToken = cancellationToken;
        _idleTimer = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
        _idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _idleTimer.Token);
    }

    /// <summary>The next whole line already read (without its end); false when more must be read first.</summary>
    public bool TryReadLine(out ReadOnlySpan<byte> line) => _reader.TryReadLine(out line);

    /// <summary>Reads more; false at the end of the body. Throws <see cref="UpstreamException"/> on a stall or a broken stream.</summary>
    public async ValueTask<bool> FillAsync()
    {
        _idleTimer.CancelAfter(_options.EffectiveTimeout);
        try
        {
            return await _reader.FillAsync(_idle.Token);
        }
        catch (OperationCanceledException) when (!_cancellationToken.IsCancellationRequested)
        {
            throw new UpstreamException(504, $"The upstream {_options.BaseUrl} sent nothing for {_options.EffectiveTimeout.TotalSeconds:0.###} s.");
        }
        catch (Exception e) when (e is IOException or HttpRequestException && !_cancellationToken.IsCancellationRequested)
        {
            throw new UpstreamException(502, $"The upstream {_options.BaseUrl} broke the stream mid-way ({e.Message}).");
        }
    }

    public void Dispose()
    {
        _reader.Dispose();
        _idle.Dispose();
        _idleTimer.Dispose();
    }
}
