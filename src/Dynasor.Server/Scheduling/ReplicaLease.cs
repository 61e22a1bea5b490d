using Dynasor.Scheduling;

namespace Dynasor.Server.Scheduling;

/// <summary>
/// One admitted upstream call of a <see cref="ScheduledProgram"/>: the replica it runs on and the in-flight slots it
/// holds (one per sequence: a request with <c>n</c> choices holds n). Give it back with
/// <see cref="ScheduledProgram.Release"/> exactly once.
/// </summary>
public sealed class ReplicaLease
{
    internal ReplicaLease(Replica replica, ProgramState state, SchedulingKey key, int sequences) =>
        (Replica, State, Key, Sequences) = (replica, state, key, sequences);

    /// <summary>The replica the call goes to.</summary>
    public Replica Replica { get; }

    internal ProgramState State { get; }

    internal SchedulingKey Key { get; }

    /// <summary>In-flight slots held.</summary>
    public int Sequences { get; }

    /// <summary>The <c>priority</c> to send the replica's engine in its own convention, or null to send none.</summary>
    public long? Priority => Replica.Engine.EffectivePriority switch
    {
        PriorityOrder.LowerFirst => ScheduledProgram.PriorityOf(Key),
        PriorityOrder.HigherFirst => -ScheduledProgram.PriorityOf(Key),
        _ => null,
    };
}
