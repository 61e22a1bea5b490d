using Dynasor.Programs;
using Dynasor.Scheduling;
using Dynasor.Server.Hosting;
using Microsoft.Extensions.Logging;

namespace Dynasor.Server.Scheduling;

/// <summary>
/// The engine replicas behind the server, each fronted by a <see cref="SchedulingGate"/> (policy and in-flight window
/// from the server options), and the <see cref="ReplicaPlacement"/> that puts each new program on the healthy replica
/// with the least predicted queued work. A replica that fails before answering is taken out: its waiting requests are
/// re-placed, and the health probe (<see cref="ProbeAsync"/>) puts it back. Thread-safe.
/// </summary>
public sealed class ReplicaSet
{
    private readonly object _lock = new();
    private readonly ReplicaPlacement _placement;

    /// <param name="engines">The replicas, at least one; all serve the same model.</param>
    /// <param name="policy">A scheduler spec from <see cref="SchedulerCatalog"/> (validated).</param>
    /// <param name="maxInFlight">In-flight window of each replica (sequences).</param>
    /// <param name="time">The schedulers' clock.</param>
    public ReplicaSet(IReadOnlyList<ServedEngine> engines, string policy, int maxInFlight, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfZero(engines.Count);
        Replicas = engines.Select((e, i) => new Replica(i, e, new SchedulingGate(SchedulerCatalog.Create(policy), maxInFlight, time))).ToList();
        _placement = new ReplicaPlacement(engines.Count);
    }

    /// <summary>Where replica state changes are logged (set once the app's logging exists).</summary>
    public ILogger? Logger { get; set; }

    /// <summary>The latest health probe started by <see cref="StartProbing"/> (tests await it).</summary>
    internal Task LastProbe { get; private set; } = Task.CompletedTask;

    /// <summary>
    /// Probes the HTTP upstreams at once and then every <paramref name="interval"/> on <paramref name="time"/> (each
    /// probe may take up to the interval); dispose the result to stop. No timer when no replica has a probe. The first
    /// probe is at start so that health and readiness say within a probe's time, not an interval's, that an upstream
    /// which never answered is down.
    /// </summary>
    public IDisposable StartProbing(TimeProvider time, TimeSpan interval)
    {
        if (Replicas.All(r => r.Engine.ProbeAsync is null))
            return new CancellationTokenSource();
        return time.CreateTimer(_ => LastProbe = ProbeAsync(interval), null, TimeSpan.Zero, interval);
    }

    /// <summary>The replicas in the order given.</summary>
    public IReadOnlyList<Replica> Replicas { get; }

    /// <summary>A new program (one choice of a request): placed at its first request, on the replica it then keeps.</summary>
    /// <param name="progress">The program's progress when it has one (sc); else a stand-in whose cap is its request budget.</param>
    /// <param name="deadline">Relative to now, or null.</param>
    public ScheduledProgram Open(ProgramProgress progress, TimeSpan? deadline, TimeProvider time) => new(this, progress, deadline, time);

    /// <summary>Predicted queued work of <paramref name="replica"/> (tokens).</summary>
    public double PredictedWork(Replica replica)
    {
        lock (_lock)
            return _placement.WorkOf(replica.Index);
    }

    /// <summary>
    /// Places a program: the healthy replica with the least predicted work; when every replica is down, the least
    /// loaded one anyway, so the client gets that upstream's own error rather than a refusal.
    /// </summary>
    internal (Replica Replica, ProgramState State) Place(ProgramProgress progress, double? deadlineAt, TimeProvider time, out double work)
    {
        lock (_lock)
        {
            var index = _placement.Choose(anyWhenNoneAvailable: true);
            var replica = Replicas[index];
            var deadline = deadlineAt is { } at ? TimeSpan.FromSeconds(Math.Max(0, at - Seconds(time))) : (TimeSpan?)null;
            var state = replica.Gate.Register(progress, deadline);
            work = replica.Gate.PredictRemainingTokens(state);
            _placement.Update(index, 0, work);
            return (replica, state);
        }
    }

    /// <summary>A program's predicted remaining work on <paramref name="replica"/> changed from <paramref name="before"/> to <paramref name="after"/>.</summary>
    internal void UpdateWork(Replica replica, double before, double after)
    {
        lock (_lock)
            _placement.Update(replica.Index, before, after);
    }

    /// <summary>Takes <paramref name="replica"/> out of placement; its waiting requests are re-placed by their programs.</summary>
    public void MarkDown(Replica replica, string reason)
    {
        bool changed;
        lock (_lock)
        {
            _placement.SetAvailable(replica.Index, false);
            changed = replica.MarkDown(reason);
        }
        if (changed)
            Logger?.LogWarning("Replica {Replica} taken out: {Reason}", replica.Engine.Name, reason);
    }

    /// <summary>Puts <paramref name="replica"/> back into placement.</summary>
    public void MarkUp(Replica replica)
    {
        bool changed;
        lock (_lock)
        {
            _placement.SetAvailable(replica.Index, true);
            changed = replica.MarkUp();
        }
        if (changed)
            Logger?.LogInformation("Replica {Replica} is healthy again", replica.Engine.Name);
    }

    /// <summary>
    /// Probes every replica that has a probe (an HTTP upstream: <c>GET /v1/models</c>): a failure takes it out, a success
    /// brings it back. In-process replicas have no probe and stay healthy.
    /// </summary>
    public async Task ProbeAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        await Task.WhenAll(Replicas.Where(r => r.Engine.ProbeAsync is not null).Select(async r =>
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(timeout);
            string? failure;
            try
            {
                failure = await r.Engine.ProbeAsync!(limit.Token);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                failure = e is OperationCanceledException ? $"health probe timed out after {timeout.TotalSeconds:0.###} s" : e.Message;
            }
            if (failure is null)
                MarkUp(r);
            else
                MarkDown(r, failure);
        }));
    }

    /// <summary>"ok" when every replica is healthy, "degraded" when some are, "unavailable" when none is.</summary>
    public string Status()
    {
        var healthy = Replicas.Count(r => r.Healthy);
        return healthy == Replicas.Count ? "ok" : healthy > 0 ? "degraded" : "unavailable";
    }

    internal static double Seconds(TimeProvider time) => time.GetTimestamp() / (double)time.TimestampFrequency;
}
