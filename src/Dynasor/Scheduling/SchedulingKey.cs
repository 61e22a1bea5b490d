namespace Dynasor.Scheduling;

/// <summary>
/// A program's place in the waiting order: smaller runs first; <see cref="Secondary"/> breaks ties of
/// <see cref="Primary"/>, and the scheduler breaks remaining ties by registration order.
/// </summary>
/// <param name="Primary">The policy's main criterion (an arrival time, predicted work, attained service...).</param>
/// <param name="Secondary">The tie-breaker, usually the program's arrival time.</param>
public readonly record struct SchedulingKey(double Primary, double Secondary) : IComparable<SchedulingKey>
{
    public int CompareTo(SchedulingKey other)
    {
        var c = Primary.CompareTo(other.Primary);
        return c != 0 ? c : Secondary.CompareTo(other.Secondary);
    }
}
