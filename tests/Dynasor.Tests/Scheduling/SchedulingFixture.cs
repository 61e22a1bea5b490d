using Dynasor.Programs;
using Dynasor.Scheduling;
using Dynasor.Simulation;

namespace Dynasor.Tests.Scheduling;

/// <summary>A scheduler on virtual time with string requests, and helpers to give programs votes and admit in order.</summary>
internal sealed class SchedulingFixture
{
    public SchedulingFixture(string policy, int maxInFlight = 100, double prior = 100)
    {
        Scheduler = new ProgramScheduler<string>(SchedulerCatalog.Create(policy), maxInFlight, Time, prior);
    }

    public VirtualTimeProvider Time { get; } = new();

    public ProgramScheduler<string> Scheduler { get; }

    public ProgramState Program(int cap = 40, TimeSpan? deadline = null) => Scheduler.Register(new ProgramProgress(cap), deadline);

    /// <summary>Records finished samples on a program's progress, one per answer, each of <paramref name="tokens"/> tokens.</summary>
    public static void Vote(ProgramState program, int tokens, params string[] answers)
    {
        foreach (var answer in answers)
            program.Progress.Record(answer, tokens, null);
    }

    /// <summary>Admits everything the window allows and returns the requests in release order.</summary>
    public List<string> AdmitAll()
    {
        var released = new List<string>();
        Scheduler.Admit(long.MaxValue, (_, _) => 0, (_, r) => released.Add(r));
        return released;
    }
}
