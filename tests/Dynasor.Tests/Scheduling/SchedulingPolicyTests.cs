using Dynasor.Scheduling;

namespace Dynasor.Tests.Scheduling;

/// <summary>Each policy's ordering rule on small hand-made cases.</summary>
public sealed class SchedulingPolicyTests
{
    [Fact]
    public void Fcfs_TwoPrograms_InterleavesRequestsByEnqueueTime()
    {
        var f = new SchedulingFixture("fcfs");
        var a = f.Program();
        var b = f.Program();
        f.Scheduler.Enqueue(a, "a1");
        f.Time.MoveTo(1);
        f.Scheduler.Enqueue(b, "b1");
        f.Time.MoveTo(2);
        f.Scheduler.Enqueue(a, "a2");
        Assert.Equal(["a1", "b1", "a2"], f.AdmitAll());
    }

    [Fact]
    public void Gang_EarlierProgram_ReleasesAllItsRequestsFirst()
    {
        var f = new SchedulingFixture("gang");
        var a = f.Program();
        f.Time.MoveTo(1);
        var b = f.Program();
        f.Scheduler.Enqueue(b, "b1");
        f.Time.MoveTo(2);
        f.Scheduler.Enqueue(a, "a1");
        f.Scheduler.Enqueue(a, "a2");
        Assert.Equal(["a1", "a2", "b1"], f.AdmitAll());
    }

    [Fact]
    public void Prefix_CachedPromptProgram_GoesBeforeAnOlderUncachedOne()
    {
        var f = new SchedulingFixture("prefix", maxInFlight: 1);
        var cached = f.Program();
        var cold = f.Program();
        f.Scheduler.Enqueue(cached, "c0");
        Assert.Equal(["c0"], f.AdmitAll());
        f.Time.MoveTo(1);
        f.Scheduler.Enqueue(cold, "cold");
        f.Time.MoveTo(2);
        f.Scheduler.Enqueue(cached, "c1");
        f.Scheduler.Finish(cached, 10);
        Assert.Equal(["c1"], f.AdmitAll());

        f.Scheduler.Evicted(cached);
        f.Scheduler.Finish(cached, 10);
        f.Scheduler.Enqueue(cached, "c2");
        Assert.Equal(["cold"], f.AdmitAll());
    }

    [Fact]
    public void Dynasor_ConfidentProgram_GoesBeforeAnOlderUncertainOne()
    {
        var f = new SchedulingFixture("dynasor:aging=0");
        var uncertain = f.Program();
        var confident = f.Program();
        SchedulingFixture.Vote(uncertain, 100, "1", "2", "3", "4");
        SchedulingFixture.Vote(confident, 100, "7", "7", "7", "7");
        f.Scheduler.Enqueue(uncertain, "u");
        f.Scheduler.Enqueue(confident, "c");

        Assert.Equal(0, confident.PredictedRemainingSamples, 9);
        Assert.Equal(36, uncertain.PredictedRemainingSamples, 9);
        Assert.Equal(["c", "u"], f.AdmitAll());
    }

    [Fact]
    public void Dynasor_ShorterSamples_GoFirstAtEqualCertainty()
    {
        var f = new SchedulingFixture("dynasor:aging=0");
        var longer = f.Program();
        var shorter = f.Program();
        SchedulingFixture.Vote(longer, 900, "1", "2");
        SchedulingFixture.Vote(shorter, 100, "1", "2");
        f.Scheduler.Enqueue(longer, "long");
        f.Scheduler.Enqueue(shorter, "short");
        Assert.Equal(["short", "long"], f.AdmitAll());
    }

    [Fact]
    public void Dynasor_Aging_LetsAnOldLongProgramOvertakeAFreshShortOne()
    {
        // Old: 40 samples x 100-token prior = 4000 tokens predicted, arrived at 0. Fresh: 2 samples left x 100 = 200,
        // arrived 50 s later. Aging 60 samples/minute = 100 tokens/s: the old one's 4000 beats the fresh 200 + 5000.
        var f = new SchedulingFixture("dynasor:aging=60");
        var old = f.Program();
        f.Time.MoveTo(50);
        var fresh = f.Program(cap: 2);
        f.Scheduler.Enqueue(fresh, "fresh");
        f.Scheduler.Enqueue(old, "old");
        Assert.Equal(["old", "fresh"], f.AdmitAll());

        var noAging = new SchedulingFixture("dynasor:aging=0");
        var old2 = noAging.Program();
        noAging.Time.MoveTo(50);
        var fresh2 = noAging.Program(cap: 2);
        noAging.Scheduler.Enqueue(fresh2, "fresh");
        noAging.Scheduler.Enqueue(old2, "old");
        Assert.Equal(["fresh", "old"], noAging.AdmitAll());
    }

    [Fact]
    public void Dynasor_LateProgram_WaitsBehindAPunctualOneWithMoreWork()
    {
        var f = new SchedulingFixture("dynasor:aging=0");
        var late = f.Program(cap: 2, deadline: TimeSpan.FromSeconds(5));
        var punctual = f.Program(cap: 40, deadline: TimeSpan.FromSeconds(500));
        f.Time.MoveTo(10);
        f.Scheduler.Enqueue(late, "late");
        f.Scheduler.Enqueue(punctual, "punctual");
        Assert.Equal(["punctual", "late"], f.AdmitAll());
    }

    [Fact]
    public void Dynasor_DeadlinePassesWhileWaiting_ProgramDropsBehindPunctualOnes()
    {
        var f = new SchedulingFixture("dynasor:aging=0");
        var tight = f.Program(cap: 2, deadline: TimeSpan.FromSeconds(5));
        var loose = f.Program(cap: 40, deadline: TimeSpan.FromSeconds(500));
        var none = f.Program(cap: 40);
        f.Scheduler.Enqueue(tight, "tight");
        f.Scheduler.Enqueue(loose, "loose");
        f.Scheduler.Enqueue(none, "none");

        f.Time.MoveTo(10);
        Assert.Equal(["loose", "none", "tight"], f.AdmitAll());
    }

    [Fact]
    public void Slack_EarlierDeadline_GoesFirstAndNoDeadlineGoesLast()
    {
        var f = new SchedulingFixture("slack");
        var none = f.Program();
        var late = f.Program(deadline: TimeSpan.FromSeconds(100));
        var soon = f.Program(deadline: TimeSpan.FromSeconds(10));
        f.Scheduler.Enqueue(none, "none");
        f.Scheduler.Enqueue(late, "late");
        f.Scheduler.Enqueue(soon, "soon");
        Assert.Equal(["soon", "late", "none"], f.AdmitAll());
    }

    [Fact]
    public void Plas_LeastAttainedServiceProgram_GoesFirst()
    {
        var f = new SchedulingFixture("plas");
        var served = f.Program();
        var fresh = f.Program();
        f.Scheduler.Enqueue(served, "s0");
        f.AdmitAll();
        f.Scheduler.Finish(served, 500);
        f.Scheduler.Enqueue(served, "s1");
        f.Time.MoveTo(1);
        f.Scheduler.Enqueue(fresh, "f0");
        Assert.Equal(["f0", "s1"], f.AdmitAll());
    }

    [Theory]
    [InlineData("lifo", "unknown scheduler 'lifo'")]
    [InlineData("gang:x=1", "takes no parameters")]
    [InlineData("dynasor:aging=-1", "number >= 0")]
    public void Create_BadSpec_ThrowsNamingIt(string spec, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => SchedulerCatalog.Create(spec));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Catalog_EveryListedName_Creates()
    {
        foreach (var (name, summary) in SchedulerCatalog.Policies)
        {
            Assert.Equal(name, SchedulerCatalog.Create(name).Name);
            Assert.False(string.IsNullOrWhiteSpace(summary));
        }
    }
}
