using Dynasor.Search;

namespace Dynasor.Tests.Search;

public class RebaseSplitTests
{
    [Fact]
    public void Split_UnequalRewards_GivesTheSoftmaxShareRoundedUpInRewardOrder()
    {
        // T = 0.2, rewards 0.1/0.9/0.5: weights exp((r - 0.9)/0.2) = e^-4, 1, e^-2; sum 1.153651.
        // Best (0.9): ceil(10 * 1 / 1.153651) = ceil(8.668) = 9; then 0.5: ceil(1 * 0.135335 / 0.153651) = ceil(0.881) = 1; then 0.1: nothing left.
        Assert.Equal([0, 9, 1], RebaseSplit.Split([0.1, 0.9, 0.5], 10, 0.2));
    }

    [Fact]
    public void Split_Width20_RoundsUpTheBestAndLeavesTheRestToTheOthers()
    {
        // Weights 1, e^-0.5 = 0.606531, e^-1 = 0.367879 (sum 1.974410): shares 10.13, 6.14, 3.73 of 20.
        // 0.6: ceil(10.130) = 11; 0.5: ceil(9 * 0.606531 / 0.974410) = ceil(5.602) = 6; 0.4: the 3 left.
        Assert.Equal([11, 6, 3], RebaseSplit.Split([0.6, 0.5, 0.4], 20, 0.2));
    }

    [Fact]
    public void Split_EqualRewards_EarlierNodesTakeTheRoundedUpShare()
    {
        // ceil(4/3) = 2, then ceil(2/2) = 1, then the 1 left.
        Assert.Equal([2, 1, 1], RebaseSplit.Split([0.5, 0.5, 0.5], 4, 0.2));
    }

    [Fact]
    public void Split_HighTemperature_SpreadsTheWidthEvenly()
    {
        Assert.Equal([3, 3, 2], RebaseSplit.Split([0.9, 0.5, 0.1], 8, 100));
    }

    [Fact]
    public void Split_SeededRandomRewards_AlwaysSumsToTheWidth()
    {
        var random = new Random(7);
        for (var run = 0; run < 500; run++)
        {
            var rewards = Enumerable.Range(0, random.Next(1, 12)).Select(_ => random.NextDouble()).ToList();
            var width = random.Next(0, 130);
            var temperature = new[] { 0.01, 0.2, 1, 10 }[random.Next(4)];
            var counts = RebaseSplit.Split(rewards, width, temperature);
            Assert.Equal(width, counts.Sum());
            Assert.All(counts, c => Assert.InRange(c, 0, width));
        }
    }
}
