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

    [Fact]
    public void PredictSamples_AfterEnoughFinishedPrograms_UsesWhatTheyDrewFromTheSameState()
    {
        // Every program asks from the fresh state and stops after 3 samples, so a fresh program is predicted 3, not 40.
        var f = new SchedulingFixture("dynasor");
        for (var i = 0; i < RemainingWorkModel.MinObservations; i++)
        {
            var done = f.Program(cap: 40);
            f.Scheduler.Enqueue(done, "r");
            f.AdmitAll();
            f.Scheduler.Finish(done, 10);
            SchedulingFixture.Vote(done, 10, "a", "a", "a");
            f.Scheduler.Complete(done);
        }
        Assert.Equal(RemainingWorkModel.MinObservations, f.Scheduler.Remaining.ProgramsLearned);
        Assert.Equal(3, f.Scheduler.Remaining.PredictSamples(f.Program(cap: 40)), 9);
    }
}
