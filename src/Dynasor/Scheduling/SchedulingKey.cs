namespace Dynasor.Scheduling;

/// <summary>
/// A program's place in the waiting order: smaller runs first; <see cref="Secondary"/> breaks ties of
/// <see cref="Primary"/>, and the scheduler breaks remaining ties by registration order.
/// </summary>
/// <param name="Primary">The policy's main criterion (an arrival time, predicted work, attained service...).</param>
/// <param name="Secondary">The tie-breaker, usually the program's arrival time.</param>
public readonly record struct SchedulingKey(double Primary, double Secondary) : IComparable<SchedulingKey>
{
    /// <summary>Whether the program is already past its deadline: late programs wait behind every punctual one.</summary>
    public bool Late { get; init; }

    /// <summary>
    /// When the key stops being true (a deadline it was computed before), or null for never; the scheduler
    /// recomputes an expired key before releasing by it.
    /// </summary>
    public double? Expires { get; init; }

    public int CompareTo(SchedulingKey other)
    {
        var c = Late.CompareTo(other.Late);
        if (c != 0)
            return c;
        c = Primary.CompareTo(other.Primary);
        return c != 0 ? c : Secondary.CompareTo(other.Secondary);
    }
}
