using Dynasor.Certainty;

namespace Dynasor.Tests.Certainty;

public class VoteTallyTests
{
    [Fact]
    public void Add_TieForTheLead_KeepsTheAnswerThatGotThereFirst()
    {
        var tally = new VoteTally();
        foreach (var k in new[] { "1", "2", "2", "1" })
            tally.Add(k);
        Assert.Equal("2", tally.LeaderKey);
        Assert.Equal(2, tally.LeaderCount);
        Assert.Equal(2, tally.RunnerUpCount);
    }

    [Fact]
    public void Add_EmptyKey_AbstainsAndBreaksTheStreak()
    {
        var tally = new VoteTally();
        tally.Add("7");
        tally.Add("7");
        tally.Add("");
        Assert.Equal(2, tally.Votes);
        Assert.Equal(0, tally.Streak);
        tally.Add("7");
        Assert.Equal(1, tally.Streak);
    }

    [Fact]
    public void Certaindex_FollowsTheVotes()
    {
        var tally = new VoteTally();
        foreach (var k in new[] { "a", "a", "a", "b", "c" })
            tally.Add(k);
        Assert.Equal(0.410, tally.Certaindex, 3);
        Assert.Equal(3, tally.DistinctAnswers);
        Assert.Equal(1, tally.CountOf("b"));
        Assert.Equal(0, tally.CountOf("z"));
    }

    [Fact]
    public void Add_ManyDistinctAnswers_GrowsBeyondInitialCapacity()
    {
        var tally = new VoteTally();
        for (var i = 0; i < 100; i++)
            tally.Add(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        tally.Add("99");
        Assert.Equal(100, tally.DistinctAnswers);
        Assert.Equal("99", tally.LeaderKey);
    }
}
