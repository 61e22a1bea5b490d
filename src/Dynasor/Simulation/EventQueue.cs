namespace Dynasor.Simulation;

/// <summary>
/// The discrete-event loop's agenda, in the style of SimSharp: events fire in order of (time, priority, insertion
/// sequence), so simultaneous events fire in a fixed order and a run is reproducible.
/// </summary>
public sealed class EventQueue
{
    private readonly PriorityQueue<Action, (double Time, int Priority, long Sequence)> _events = new();
    private long _sequence;

    public EventQueue(VirtualTimeProvider clock) => Clock = clock;

    /// <summary>The clock the loop moves.</summary>
    public VirtualTimeProvider Clock { get; }

    /// <summary>Events not yet fired.</summary>
    public int Count => _events.Count;

    /// <summary>Schedules <paramref name="action"/> at <paramref name="time"/> seconds (not before now); lower priority fires first.</summary>
    public void At(double time, int priority, Action action)
    {
        if (!(time >= Clock.Seconds))
            throw new ArgumentOutOfRangeException(nameof(time), time, $"an event cannot be scheduled before now ({Clock.Seconds} s)");
        _events.Enqueue(action, (time, priority, _sequence++));
    }

    /// <summary>Fires events in order until none is left.</summary>
    public void Run()
    {
        while (_events.TryDequeue(out var action, out var key))
        {
            Clock.MoveTo(key.Time);
            action();
        }
    }
}
