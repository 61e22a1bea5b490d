namespace Dynasor.Scheduling;

/// <summary>
/// Orders the waiting programs; nothing else (the <see cref="ProgramScheduler{TRequest}"/> owns queues, window and
/// budget). A key is computed when a program's state changes and then compared with keys computed at other times,
/// so a policy must express anything time-dependent as a fixed point in time (an arrival, a deadline), never as
/// "time waited so far"; a key that stops holding at a known time (a deadline) says so in
/// <see cref="SchedulingKey.Expires"/>. Implementations are stateless and thread-safe.
/// </summary>
public interface ISchedulingPolicy
{
    /// <summary>The name in <see cref="SchedulerCatalog"/>, with its parameters when they differ from the defaults.</summary>
    string Name { get; }

    /// <summary>Whether keys depend on programs' deadlines (so a simulation must be re-run at every SLO scale).</summary>
    bool ReadsDeadlines { get; }

    /// <summary>The program's place in line: the smallest key is released first.</summary>
    SchedulingKey Key(ProgramState program, SchedulingContext context);
}
