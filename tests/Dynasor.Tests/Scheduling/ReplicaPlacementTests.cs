using Dynasor.Scheduling;

namespace Dynasor.Tests.Scheduling;

public sealed class ReplicaPlacementTests
{
    [Fact]
    public void Choose_UnequalWork_LeastPredictedWorkWins()
    {
        var placement = new ReplicaPlacement(3);
        placement.Update(0, 0, 500);
        placement.Update(1, 0, 200);
        placement.Update(2, 0, 300);

        Assert.Equal(1, placement.Choose());
    }

    [Fact]
    public void Choose_Ties_LowestIndex()
    {
        var placement = new ReplicaPlacement(3);
        placement.Update(0, 0, 100);

        Assert.Equal(1, placement.Choose());
    }

    [Fact]
    public void Choose_LeastLoadedUnavailable_SkipsIt()
    {
        var placement = new ReplicaPlacement(2);
        placement.Update(1, 0, 1000);
        placement.SetAvailable(0, false);

        Assert.Equal(1, placement.Choose());
    }

    [Fact]
    public void Choose_NoneAvailable_MinusOneOrLeastLoadedWhenAsked()
    {
        var placement = new ReplicaPlacement(2);
        placement.Update(0, 0, 700);
        placement.Update(1, 0, 300);
        placement.SetAvailable(0, false);
        placement.SetAvailable(1, false);

        Assert.Equal((-1, 1), (placement.Choose(), placement.Choose(anyWhenNoneAvailable: true)));
    }

    [Fact]
    public void Update_ProgramProgresses_ReplicaWorkFollowsItsPrograms()
    {
        var placement = new ReplicaPlacement(1);
        placement.Update(0, 0, 800);
        placement.Update(0, 0, 400);
        placement.Update(0, 800, 250);
        placement.Update(0, 400, 0);

        Assert.Equal(250, placement.WorkOf(0), 9);
    }
}
