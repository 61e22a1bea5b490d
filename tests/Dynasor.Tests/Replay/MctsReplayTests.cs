using Dynasor.Engines;
using Dynasor.Policies;
using Dynasor.Replay;
using Dynasor.Traces;

namespace Dynasor.Tests.Replay;

/// <summary>The <c>mcts</c> replay program: recorded iterations in search order, best-rewarded answer, mean-reward certaindex.</summary>
public class MctsReplayTests
{
    // One search: iterations in the order the tree ran them. Rewards rise as the search finds the right path.
    // After 2 iterations the best path says 7 (wrong); after 3 it says 5 (right, 0.9). Mean reward after 3: (0.2+0.4+0.9)/3 = 0.5.
    private static readonly PreparedTrace Search = PreparedTrace.From("mcts.jsonl",
    [
        new TraceQuestion("s1", "test", "test", "5",
        [
            new TraceSample("6", 10, Reward: 0.2), new TraceSample("7", 20, Reward: 0.4),
            new TraceSample("5", 30, Reward: 0.9), new TraceSample("6", 40, Reward: 0.3),
        ]),
    ]);

    private static ReplayResult Run(string spec) =>
        Replayer.Run(Search, PolicyCatalog.Parse(spec), new ReplayOptions(Cap: 4, Repeats: 5, Seed: 3) { Program = ReplayProgram.Mcts });

    [Fact]
    public void TraceEngine_KeepOrder_ServesTheRecordedOrderWhateverTheSeed()
    {
        foreach (var seed in new ulong[] { 0, 1, 99 })
        {
            var engine = new TraceEngine(Search.ById, seed, resample: true, keepOrder: true);
            var tokens = Enumerable.Range(0, 4).Select(i => engine.GenerateAsync(new GenerationRequest("s1", i)).Result.Tokens);
            Assert.Equal([10, 20, 30, 40], tokens);
        }
    }

    [Theory]
    [InlineData("sc:n=2", 0.0, 30)]
    [InlineData("sc:n=3", 1.0, 60)]
    [InlineData("sc:n=4", 1.0, 100)]
    public void Run_EvenIterations_AnswersWithTheBestPathSoFar(string spec, double accuracy, double tokens)
    {
        var result = Run(spec);
        Assert.Equal(accuracy, result.Accuracy, 12);
        Assert.Equal(tokens, result.TokensPerQuestion, 12);
        Assert.Equal(0, result.AccuracyStd, 12);
        Assert.Equal("mcts", result.Program);
    }

    [Theory]
    [InlineData("static:detect=3,reward=0.5,threshold=0", 3.0)]
    [InlineData("static:detect=3,reward=0.51,threshold=0", 4.0)]
    public void Run_StaticOnMeanReward_StopsAtDetectOnlyWhenTheMeanReachesIt(string spec, double iterations)
    {
        Assert.Equal([iterations], Run(spec).QuestionSamples);
    }
}
