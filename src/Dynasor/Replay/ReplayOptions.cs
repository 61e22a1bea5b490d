namespace Dynasor.Replay;

/// <summary>How a replay runs.</summary>
/// <param name="Cap">The most samples a question may use (clamped to the samples the trace has), 1..<see cref="MaxCap"/>.</param>
/// <param name="Repeats">Shuffled sample orders to average over, 1..<see cref="MaxRepeats"/>.</param>
/// <param name="Seed">Seed of the orders; the same seed gives the same orders for every policy.</param>
/// <param name="Resample">Draw each question's samples with replacement instead of shuffling them (see <see cref="Engines.TraceEngine"/>).</param>
public sealed record ReplayOptions(int Cap = 40, int Repeats = 10, int Seed = 0, bool Resample = false)
{
    /// <summary>The program every question runs as (self-consistency unless set); the reward programs need rewards on every sample.</summary>
    public ReplayProgram Program { get; init; } = ReplayProgram.Sc;

    /// <summary>The largest sample cap: that of every self-consistency program (<see cref="Programs.ScOptions.MaxSamplesLimit"/>, the server's <c>max_samples</c>).</summary>
    public const int MaxCap = Programs.ScOptions.MaxSamplesLimit;

    /// <summary>
    /// The most sample orders. Ten is the usual; a thousand is what a bootstrap takes (with <see cref="Resample"/>), and
    /// each order keeps a few bytes per question and policy, so this bounds memory as well as time.
    /// </summary>
    public const int MaxRepeats = 1000;

    /// <summary>Throws <see cref="ArgumentException"/> naming the bad setting and its range.</summary>
    public ReplayOptions Validate()
    {
        if (Cap is < 1 or > MaxCap)
            throw new ArgumentException($"cap {Cap} is invalid; use a sample cap from 1 to {MaxCap} (for example 40)");
        if (Repeats is < 1 or > MaxRepeats)
            throw new ArgumentException($"repeats {Repeats} is invalid; use 1 to {MaxRepeats} orders (for example 10)");
        return this;
    }
}
