namespace Dynasor.Scheduling;

/// <summary>Why <see cref="ProgramScheduler{TRequest}.Admit"/> stopped releasing requests.</summary>
public enum AdmissionStop
{
    /// <summary>No request is waiting.</summary>
    QueueEmpty,

    /// <summary>The in-flight window (sequences) is full.</summary>
    WindowFull,

    /// <summary>The next request in order needs more of the token budget than is left; it stays first in line.</summary>
    BudgetExhausted,
}
