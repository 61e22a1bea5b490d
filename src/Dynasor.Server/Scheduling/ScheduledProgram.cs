using System.Runtime.CompilerServices;
using Dynasor.Engines;
using Dynasor.Programs;
using Dynasor.Scheduling;
using Dynasor.Server.Upstream;

namespace Dynasor.Server.Scheduling;

/// <summary>
/// One program's engine (one choice of a client request): placed on a replica at its first request and kept there;
/// every stream it starts (a pass-through answer, a chain chunk, a probe, a sample) waits at that replica's gate, then
/// streams, then gives its slot back. A request whose replica fails before sending a token (unreachable, 5xx other
/// than a timeout) takes the replica out and runs again on another one: nothing had reached the client. Requests
/// waiting at a replica that is taken out leave its gate and the program is re-placed. Dispose it when the choice ends.
/// </summary>
public sealed class ScheduledProgram : IStreamingEngine, IDisposable
{
    private readonly ReplicaSet _set;
    private readonly TimeProvider _time;
    private readonly double? _deadlineAt;
    private readonly object _lock = new();
    private ProgramProgress _progress;
    private Replica? _replica;
    private ProgramState? _state;
    private double _work;
    private bool _disposed;
    private bool _tracked;

    internal ScheduledProgram(ReplicaSet set, ProgramProgress progress, TimeSpan? deadline, TimeProvider time)
    {
        _set = set;
        _progress = progress;
        _time = time;
        _deadlineAt = deadline is { } d ? ReplicaSet.Seconds(time) + d.TotalSeconds : null;
    }

    /// <summary>The replica the program runs on now, or null before its first request (or after its replica failed).</summary>
    public Replica? Replica
    {
        get { lock (_lock) return _replica; }
    }

    /// <summary>
    /// Lets the scheduler read the program's own progress (an sc program's votes) instead of the stand-in it was
    /// opened with. Takes effect only before the first request.
    /// </summary>
    public void Track(ProgramProgress progress)
    {
        lock (_lock)
        {
            if (_state is null)
                (_progress, _tracked) = (progress, true);
        }
    }

    public async IAsyncEnumerable<StreamedToken> StreamAsync(ContinuationRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var lease = await AdmitAsync(1, cancellationToken).ConfigureAwait(false);
            var tokens = 0;
            UpstreamException? failure = null;
            var prioritised = lease.Priority is { } priority ? request with { Priority = priority } : request;
            var tokensOut = lease.Replica.Engine.Engine.StreamAsync(prioritised, cancellationToken).GetAsyncEnumerator(cancellationToken);
            try
            {
                var yielded = false;
                while (true)
                {
                    (var more, failure) = await NextAsync(tokensOut, yielded).ConfigureAwait(false);
                    if (!more)
                        break;
                    yielded = true;
                    tokens += tokensOut.Current.Tokens;
                    yield return tokensOut.Current;
                }
            }
            finally
            {
                await tokensOut.DisposeAsync().ConfigureAwait(false);
                Release(lease, tokens);
            }
            if (failure is null)
                yield break;
            if (!Failover(lease, failure))
                throw failure;
        }
    }

    /// <summary>
    /// Waits until the scheduler admits one call of <paramref name="sequences"/> sequences (at most the replica's
    /// window, so a call never waits for slots it holds itself), placing the program at its first call. The caller
    /// must <see cref="Release"/> the lease exactly once.
    /// </summary>
    public async ValueTask<ReplicaLease> AdmitAsync(int sequences, CancellationToken cancellationToken)
    {
        var (replica, state, key) = await EnterAsync(cancellationToken).ConfigureAwait(false);
        var held = 1;
        try
        {
            // Further slots of the same call: admitted in the program's order, on the replica it already holds.
            for (var wanted = Math.Min(sequences, replica.Gate.MaxInFlight); held < wanted; held++)
                await replica.Gate.EnterAsync(state, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            for (var i = 0; i < held; i++)
                Exit(replica, state, 0);
            throw;
        }
        return new ReplicaLease(replica, state, key, held);
    }

    /// <summary>The call ended after <paramref name="tokens"/> output tokens (all sequences together): its slots go back.</summary>
    public void Release(ReplicaLease lease, long tokens)
    {
        // The gate learns a mean request length: the tokens are spread over the sequences that made them.
        for (var i = 0; i < lease.Sequences; i++)
            Exit(lease.Replica, lease.State, (int)Math.Min(int.MaxValue, tokens / lease.Sequences + (i < tokens % lease.Sequences ? 1 : 0)));
    }

    /// <summary>
    /// The call failed before anything reached the client (unreachable, 5xx other than a timeout): the replica is taken
    /// out and the program will be placed again. True when another replica is healthy (call again), false when none is.
    /// </summary>
    public bool Failover(ReplicaLease lease, UpstreamException failure)
    {
        _set.MarkDown(lease.Replica, failure.Message);
        Leave(lease.Replica);
        return _set.Replicas.Any(r => r.Healthy);
    }

    /// <summary>Whether a failure of a call that sent nothing yet moves the program to another replica.</summary>
    public static bool IsFailover(UpstreamException failure) => failure.StatusCode >= 500 && failure.StatusCode != 504;

    /// <summary>The choice ended: the program leaves its replica's scheduler (a completed one also teaches its predictor).</summary>
    public void Dispose() => End(completed: false);

    /// <summary>
    /// The choice ended with its answer; a program that tracked its own progress teaches the scheduler's
    /// remaining-work predictor with its path (a stand-in progress never advances and would teach it nonsense).
    /// </summary>
    public void Complete() => End(completed: true);

    private void End(bool completed)
    {
        Replica? replica;
        ProgramState? state;
        lock (_lock)
        {
            if (_disposed)
                return;
            _disposed = true;
            (replica, state) = (_replica, _state);
            if (replica is not null)
                _set.UpdateWork(replica, _work, 0);
            _work = 0;
        }
        if (completed && _tracked && replica is not null && state is not null && state.Running == 0)
            replica.Gate.Complete(state);
    }

    private async ValueTask<(Replica, ProgramState, SchedulingKey)> EnterAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Replica replica;
            ProgramState state;
            lock (_lock)
            {
                if (_replica is null)
                {
                    var placed = _set.Place(_progress, _deadlineAt, _time, out var work);
                    (_replica, _state, _work) = (placed.Replica, placed.State, work);
                }
                (replica, state) = (_replica, _state!);
            }
            // On a replica that is already down (every one is), wait without watching for it to go down.
            using var waiting = replica.Healthy
                ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, replica.DownToken)
                : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            try
            {
                var key = await replica.Gate.EnterAsync(state, waiting.Token).ConfigureAwait(false);
                return (replica, state, key);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The replica was taken out while this request waited: place the program again.
                Leave(replica);
            }
        }
    }

    private void Exit(Replica replica, ProgramState state, int tokens)
    {
        replica.Gate.Exit(state, tokens);
        lock (_lock)
        {
            if (_disposed || _state != state)
                return;
            var work = replica.Gate.PredictRemainingTokens(state);
            _set.UpdateWork(replica, _work, work);
            _work = work;
        }
    }

    private void Leave(Replica replica)
    {
        lock (_lock)
        {
            if (_replica != replica)
                return;
            _set.UpdateWork(replica, _work, 0);
            (_replica, _state, _work) = (null, null, 0);
        }
    }

    /// <summary>
    /// The scheduler's order as an integer priority: its key's primary value in thousandths (keys of one policy are
    /// comparable across time by design), so smaller runs first; clamped to ±2^50 and, for a late program, moved up
    /// by 2^51 + 1 so it ranks behind every punctual one, which keeps it within what a JSON double holds exactly.
    /// </summary>
    internal static long PriorityOf(SchedulingKey key)
    {
        const long limit = 1L << 50;
        var scaled = Math.Round(key.Primary * 1000);
        var priority = double.IsNaN(scaled) ? 0 : (long)Math.Clamp(scaled, -limit, limit);
        return key.Late ? priority + 2 * limit + 1 : priority;
    }

    private static async ValueTask<(bool More, UpstreamException? Failure)> NextAsync(IAsyncEnumerator<StreamedToken> tokens, bool yielded)
    {
        try
        {
            return (await tokens.MoveNextAsync().ConfigureAwait(false), null);
        }
        catch (UpstreamException e) when (!yielded && IsFailover(e))
        {
            return (false, e);
        }
    }
}
