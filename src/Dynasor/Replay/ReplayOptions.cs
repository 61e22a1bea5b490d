namespace Dynasor.Replay;

/// <summary>How a replay runs.</summary>
/// <param name="Cap">The most samples a question may use (clamped to the samples the trace has), at least 1.</param>
/// <param name="Repeats">Shuffled sample orders to average over, at least 1.</param>
/// <param name="Seed">Seed of the orders; the same seed gives the same orders for every policy.</param>
/// <param name="Resample">Draw each question's samples with replacement instead of shuffling them (see <see cref="Engines.TraceEngine"/>).</param>
public sealed record ReplayOptions(int Cap = 40, int Repeats = 10, int Seed = 0, bool Resample = false)
{
    /// <summary>Throws <see cref="ArgumentException"/> naming the bad setting and its range.</summary>
    public ReplayOptions Validate()
    {
        if (Cap < 1)
            throw new ArgumentException($"cap {Cap} is invalid; use a sample cap of at least 1 (for example 40)");
        if (Repeats < 1)
            throw new ArgumentException($"repeats {Repeats} is invalid; use at least 1 (for example 10)");
        return this;
    }
}
