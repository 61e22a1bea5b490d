using Dynasor.Scheduling;
using Dynasor.Server.Hosting;

namespace Dynasor.Server.Scheduling;

/// <summary>
/// One engine replica behind the server: its engine, the <see cref="SchedulingGate"/> in front of it, and whether
/// it is healthy. State changes happen under the owning <see cref="ReplicaSet"/>'s lock.
/// </summary>
public sealed class Replica
{
    private CancellationTokenSource _down = new();

    internal Replica(int index, ServedEngine engine, SchedulingGate gate)
    {
        Index = index;
        Engine = engine;
        Gate = gate;
    }

    /// <summary>Position in the replica list (the placement's index).</summary>
    public int Index { get; }

    /// <summary>The engine and how to reach it.</summary>
    public ServedEngine Engine { get; }

    /// <summary>The scheduler in front of the engine.</summary>
    public SchedulingGate Gate { get; }

    /// <summary>False from a failure until a health probe succeeds.</summary>
    public bool Healthy { get; private set; } = true;

    /// <summary>Why the replica was last taken out, or null.</summary>
    public string? LastError { get; private set; }

    /// <summary>Cancelled when the replica is taken out: its waiting requests leave its gate and are re-placed.</summary>
    internal CancellationToken DownToken => _down.Token;

    internal bool MarkDown(string reason)
    {
        LastError = reason;
        if (!Healthy)
            return false;
        Healthy = false;
        _down.Cancel();
        return true;
    }

    internal bool MarkUp()
    {
        if (Healthy)
            return false;
        Healthy = true;
        _down.Dispose();
        _down = new CancellationTokenSource();
        return true;
    }
}
