namespace Dynasor.Scheduling;

/// <summary>
/// Where a new program goes when there are several engine replicas: the available replica with the least predicted
/// queued work (the sum of its programs' predicted remaining output tokens), ties to the lowest index. A program
/// then stays on its replica (its prompt's KV cache lives there) unless the replica becomes unavailable. The
/// simulator and the live server use this one rule. Not thread-safe: its owner locks.
/// </summary>
public sealed class ReplicaPlacement
{
    private readonly double[] _work;
    private readonly bool[] _available;

    /// <param name="replicas">Number of replicas, at least 1; all start available.</param>
    public ReplicaPlacement(int replicas)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(replicas, 1);
        _work = new double[replicas];
        _available = Enumerable.Repeat(true, replicas).ToArray();
    }

    /// <summary>Number of replicas.</summary>
    public int Count => _work.Length;

    /// <summary>Predicted remaining output tokens of the programs on <paramref name="replica"/>.</summary>
    public double WorkOf(int replica) => _work[replica];

    /// <summary>Sets the predicted work of <paramref name="replica"/> (its owner keeps it as programs progress).</summary>
    public void SetWork(int replica, double work) => _work[replica] = work;

    /// <summary>Moves a program's contribution on <paramref name="replica"/> from <paramref name="before"/> to <paramref name="after"/> tokens.</summary>
    public void Update(int replica, double before, double after) => _work[replica] += after - before;

    /// <summary>Whether new programs may be placed on <paramref name="replica"/>.</summary>
    public bool IsAvailable(int replica) => _available[replica];

    /// <summary>Takes <paramref name="replica"/> out of placement (unhealthy) or puts it back.</summary>
    public void SetAvailable(int replica, bool available) => _available[replica] = available;

    /// <summary>
    /// The replica a new program goes to: the available one with the least predicted work; when none is available
    /// and <paramref name="anyWhenNoneAvailable"/>, the least loaded of all (trying beats refusing), else -1.
    /// </summary>
    public int Choose(bool anyWhenNoneAvailable = false)
    {
        var best = -1;
        for (var r = 0; r < _work.Length; r++)
        {
            if (_available[r] && (best < 0 || _work[r] < _work[best]))
                best = r;
        }
        if (best >= 0 || !anyWhenNoneAvailable)
            return best;
        best = 0;
        for (var r = 1; r < _work.Length; r++)
        {
            if (_work[r] < _work[best])
                best = r;
        }
        return best;
    }
}
