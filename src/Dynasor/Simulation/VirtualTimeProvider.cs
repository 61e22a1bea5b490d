namespace Dynasor.Simulation;

/// <summary>
/// Simulated time for code that reads a <see cref="TimeProvider"/> (the scheduler): it stands still until the event
/// loop moves it forward. Timers are not supported; the simulator drives everything through its event queue.
/// </summary>
public sealed class VirtualTimeProvider : TimeProvider
{
    private static readonly DateTimeOffset Epoch = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Seconds since the simulation started.</summary>
    public double Seconds { get; private set; }

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => (long)Math.Round(Seconds * TimeSpan.TicksPerSecond);

    public override DateTimeOffset GetUtcNow() => Epoch.AddTicks(GetTimestamp());

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        throw new NotSupportedException("simulated time has no timers; schedule an event on the simulator's event queue instead");

    /// <summary>Moves time to <paramref name="seconds"/>; time never goes back.</summary>
    public void MoveTo(double seconds)
    {
        if (seconds < Seconds)
            throw new InvalidOperationException($"simulated time cannot go back from {Seconds} s to {seconds} s");
        Seconds = seconds;
    }
}
