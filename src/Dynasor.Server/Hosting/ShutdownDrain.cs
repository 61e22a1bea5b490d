namespace Dynasor.Server.Hosting;

/// <summary>
/// The server's shutdown: when it begins (SIGTERM, Ctrl+C, the host stopping) readiness turns 503, new requests are
/// refused with 503, and requests in flight go on until the drain timeout; then <see cref="Expired"/> fires and each one
/// still open ends its stream with an error event and cancels its upstream work. Thread-safe.
/// </summary>
public sealed class ShutdownDrain(TimeSpan timeout, TimeProvider time)
{
    private readonly CancellationTokenSource _expired = new(System.Threading.Timeout.InfiniteTimeSpan, time);
    private int _draining;

    /// <summary>How long requests in flight may go on once the drain began.</summary>
    public TimeSpan DrainTimeout { get; } = timeout;

    /// <summary>True from the start of the drain.</summary>
    public bool IsDraining => Volatile.Read(ref _draining) != 0;

    /// <summary>Cancelled when the drain timeout has passed: what is still running is ended.</summary>
    public CancellationToken Expired => _expired.Token;

    /// <summary>Starts the drain (once; later calls do nothing).</summary>
    public void Begin()
    {
        if (Interlocked.Exchange(ref _draining, 1) == 0)
            _expired.CancelAfter(DrainTimeout);
    }
}
