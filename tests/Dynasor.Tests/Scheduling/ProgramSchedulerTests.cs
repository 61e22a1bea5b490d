using Dynasor.Scheduling;

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
}
