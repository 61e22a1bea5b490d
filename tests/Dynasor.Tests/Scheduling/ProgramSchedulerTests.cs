using Dynasor.Programs;
using Dynasor.Scheduling;
using Dynasor.Simulation;

namespace Dynasor.Tests.Scheduling;

public sealed class ProgramSchedulerTests
{
    [Fact]
    public void Admit_NothingWaiting_StopsWithQueueEmpty()
    {
        var f = new SchedulingFixture("fcfs");
        Assert.Equal(AdmissionStop.QueueEmpty, f.Scheduler.Admit(long.MaxValue, (_, _) => 0, (_, _) => { }));
    }

    [Fact]
    public void Admit_WindowFull_StopsWithWindowFullAndFinishFreesASlot()
    {
        var f = new SchedulingFixture("fcfs", maxInFlight: 2);
        var p = f.Program();
        foreach (var r in new[] { "a", "b", "c" })
            f.Scheduler.Enqueue(p, r);
        var released = new List<string>();

        Assert.Equal(AdmissionStop.WindowFull, f.Scheduler.Admit(long.MaxValue, (_, _) => 0, (_, r) => released.Add(r)));
        Assert.Equal(["a", "b"], released);
        Assert.Equal(2, p.Running);
        Assert.Equal(1, p.Waiting);

        f.Scheduler.Finish(p, 50);
        Assert.Equal(AdmissionStop.QueueEmpty, f.Scheduler.Admit(long.MaxValue, (_, _) => 0, (_, r) => released.Add(r)));
        Assert.Equal(["a", "b", "c"], released);
        Assert.Equal(50, p.AttainedTokens);
    }

    [Fact]
    public void Admit_FirstRequestOverBudget_StopsWithoutSkippingToASmallerOne()
    {
        var f = new SchedulingFixture("fcfs");
        var big = f.Program();
        var small = f.Program();
        f.Scheduler.Enqueue(big, "big");
        f.Time.MoveTo(1);
        f.Scheduler.Enqueue(small, "small");
        var released = new List<string>();

        var stop = f.Scheduler.Admit(100, (_, r) => r == "big" ? 500 : 10, (_, r) => released.Add(r));

        Assert.Equal(AdmissionStop.BudgetExhausted, stop);
        Assert.Empty(released);
        Assert.Equal(2, f.Scheduler.Waiting);
    }

    [Fact]
    public void Finish_NothingInFlight_Throws()
    {
        var f = new SchedulingFixture("fcfs");
        Assert.Throws<InvalidOperationException>(() => f.Scheduler.Finish(f.Program(), 1));
    }

    [Fact]
    public void RemoveWhere_CancelledRequest_IsNeverReleased()
    {
        var f = new SchedulingFixture("fcfs");
        var p = f.Program();
        f.Scheduler.Enqueue(p, "keep");
        f.Scheduler.Enqueue(p, "drop");
        f.Scheduler.RemoveWhere(p, r => r == "drop");
        Assert.Equal(["keep"], f.AdmitAll());
        Assert.Equal(0, f.Scheduler.Waiting);
    }

    [Fact]
    public void Admit_FirstKeyExpiredWhileWaiting_IsReadAgainBeforeReleasing()
    {
        var time = new VirtualTimeProvider();
        var scheduler = new ProgramScheduler<string>(new FirstUntil(10), 10, time, 100);
        var first = scheduler.Register(new ProgramProgress(4));
        var second = scheduler.Register(new ProgramProgress(4));
        scheduler.Enqueue(first, "first");
        scheduler.Enqueue(second, "second");

        // Nothing about either program changed; only the first one's key expired at second 10.
        time.MoveTo(20);
        var released = new List<string>();
        scheduler.Admit(long.MaxValue, (_, _) => 0, (_, r) => released.Add(r));
        Assert.Equal(["second", "first"], released);
    }

    [Fact]
    public void Admit_KeyExpiredWhenComputed_IsNotReadAgainForever()
    {
        var time = new VirtualTimeProvider();
        time.MoveTo(20);
        var scheduler = new ProgramScheduler<string>(new FirstUntil(10), 10, time, 100);
        var p = scheduler.Register(new ProgramProgress(4));
        scheduler.Enqueue(p, "a");
        var released = new List<string>();
        Assert.Equal(AdmissionStop.QueueEmpty, scheduler.Admit(long.MaxValue, (_, _) => 0, (_, r) => released.Add(r)));
        Assert.Equal(["a"], released);
    }

    /// <summary>Ranks program 0 first until <paramref name="until"/> (saying its key expires then), last afterwards.</summary>
    private sealed class FirstUntil(double until) : ISchedulingPolicy
    {
        public string Name => "first-until";

        public bool ReadsDeadlines => false;

        public SchedulingKey Key(ProgramState program, SchedulingContext context) => program.Id switch
        {
            0 when context.Now < until => new SchedulingKey(0, 0) { Expires = until },
            // A careless policy: it keeps saying its key expires at a time already past.
            0 => new SchedulingKey(2, 0) { Expires = until },
            _ => new SchedulingKey(1, 0),
        };
    }
}
