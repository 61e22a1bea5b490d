using Dynasor.Search;

namespace Dynasor.Tests.Search;

public class UctTests
{
    private static StepNode ParentOfThree()
    {
        // Parent visited 10 times; A: 6 visits, mean 0.5; B: 3 visits, mean 0.6; C: 1 visit, mean 0.2.
        var parent = StepNode.Root();
        parent.Visits = 10;
        foreach (var (id, visits, mean) in new[] { (1L, 6, 0.5), (2L, 3, 0.6), (3L, 1, 0.2) })
        {
            var child = parent.NewChild(id);
            child.Visits = visits;
            child.ValueSum = visits * mean;
            parent.Children.Add(child);
        }
        return parent;
    }

    [Fact]
    public void Score_ByHand_IsMeanPlusExplorationBonus()
    {
        // 0.6 + 1 * sqrt(ln 10 / 3) = 0.6 + sqrt(0.767528) = 0.6 + 0.876087 = 1.476087.
        Assert.Equal(1.476087, Uct.Score(0.6, 3, 10, 1.0), 6);
        Assert.Equal(0.6, Uct.Score(0.6, 3, 10, 0.0), 12);
    }

    [Fact]
    public void Select_ExplorationOne_PicksTheLeastVisitedChild()
    {
        // A: 0.5 + sqrt(2.302585/6) = 1.119; B: 0.6 + 0.876 = 1.476; C: 0.2 + 1.517 = 1.717.
        Assert.Equal(3, Uct.Select(ParentOfThree(), 1.0).Id);
    }

    [Fact]
    public void Select_ExplorationHalf_PicksTheBestMeanThatIsLittleVisited()
    {
        // A: 0.5 + 0.310 = 0.810; B: 0.6 + 0.438 = 1.038; C: 0.2 + 0.759 = 0.959.
        Assert.Equal(2, Uct.Select(ParentOfThree(), 0.5).Id);
    }

    [Fact]
    public void Select_NoExploration_PicksTheBestMean()
    {
        Assert.Equal(2, Uct.Select(ParentOfThree(), 0).Id);
    }
}
