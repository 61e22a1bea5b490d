using Dynasor.Scheduling;

namespace Dynasor.Tests.Scheduling;

public sealed class RemainingWorkModelTests
{
    [Fact]
    public void PredictSamples_UnseenState_UsesThePriorRule()
    {
        var f = new SchedulingFixture("dynasor");
        var p = f.Program(cap: 40);
        Assert.Equal(40, f.Scheduler.Remaining.PredictSamples(p));
    }

    [Theory]
    [InlineData(1, 21.5)]
    [InlineData(4, 10.4)]
    [InlineData(39, 3.925)]
    public void PredictSamples_AfterFinishedPrograms_MovesFromThePriorRuleToWhatTheyDrew(int finished, double expected)
    {
        // Every program asks from the fresh state and stops after 3 samples; the rule's 40 counts as one observation.
        var f = new SchedulingFixture("dynasor");
        for (var i = 0; i < finished; i++)
        {
            var done = f.Program(cap: 40);
            f.Scheduler.Enqueue(done, "r");
            f.AdmitAll();
            f.Scheduler.Finish(done, 10);
            SchedulingFixture.Vote(done, 10, "a", "a", "a");
            f.Scheduler.Complete(done);
        }
        Assert.Equal(finished, f.Scheduler.Remaining.ProgramsLearned);
        Assert.Equal(expected, f.Scheduler.Remaining.PredictSamples(f.Program(cap: 40)), 9);
    }
}
