namespace Dynasor.Server.Upstream;

/// <summary>
/// The lines of one upstream response body, with the upstream's idle timeout: the timer restarts as reads go on (not
/// per line), so a stalled upstream fails with 504 between 95% and 100% of the timeout after its last byte however long
/// the answer is, and a broken connection fails with 502. Both the token engine and the pass-through relay read upstream streams through it. Not thread-safe.
/// </summary>
internal sealed class UpstreamLines : Relay.IRelayLines, IDisposable
{
    private readonly SseLineReader _reader;
    private readonly UpstreamOptions _options;
    private readonly CancellationToken _cancellationToken;
    private readonly CancellationTokenSource _idleTimer;
    private readonly CancellationTokenSource _idle;
    private readonly TimeProvider _time;
    private long _armedAt = long.MinValue;

    public UpstreamLines(Stream stream, UpstreamOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        _reader = new SseLineReader(stream);
        _options = options;
        _cancellationToken = cancellationToken;
        _time = time;
        _idleTimer = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
        _idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _idleTimer.Token);
    }

    /// <summary>The next whole line already read (without its end); false when more must be read first.</summary>
    public bool TryReadLine(out ReadOnlySpan<byte> line) => _reader.TryReadLine(out line);

    /// <summary>Reads more; false at the end of the body. Throws <see cref="UpstreamException"/> on a stall or a broken stream.</summary>
    public async ValueTask<bool> FillAsync()
    {
        // Re-arming the timer on every read is a timer-queue operation per token: re-arm only when a 20th of the
        // timeout has passed since it was last armed.
        if (_armedAt == long.MinValue || _time.GetElapsedTime(_armedAt) >= _options.EffectiveTimeout / 20)
        {
            _idleTimer.CancelAfter(_options.EffectiveTimeout);
            _armedAt = _time.GetTimestamp();
        }
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
