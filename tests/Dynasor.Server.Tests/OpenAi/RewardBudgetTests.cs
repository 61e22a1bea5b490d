using Dynasor.Engines;
using Dynasor.Server.OpenAi;

namespace Dynasor.Server.Tests.OpenAi;

/// <summary><see cref="RequestBudget"/> for the reward modes: the worst case each program can reach, before it runs.</summary>
public sealed class RewardBudgetTests
{
    private static OpenAiRequest Request(DynasorSettings settings, int maxTokens = 16_384) =>
        new(null, [], "", false, false, 1, maxTokens, SamplingOptions.Default, settings);

    [Fact]
    public void WorstCase_RebaseDefaults_WidthAtOnceAndWidthSolutionsOfMaxDepthSteps()
    {
        // 32 requests of one depth at once; 32 solutions x 10 steps x 256 tokens.
        Assert.Equal((32L, 32L * 10 * 256), RequestBudget.WorstCase(Request(new DynasorSettings(Mode: "rebase"))));
    }

    [Fact]
    public void WorstCase_MctsDefaults_OneAtATimeIterationsOfMaxDepthSteps()
    {
        Assert.Equal((1L, 20L * 10 * 256), RequestBudget.WorstCase(Request(new DynasorSettings(Mode: "mcts"))));
    }

    [Fact]
    public void WorstCase_MaxTokensBelowStepTokens_BoundsEachStep()
    {
        Assert.Equal((1L, 20L * 10 * 100), RequestBudget.WorstCase(Request(new DynasorSettings(Mode: "mcts"), maxTokens: 100)));
    }

    [Theory]
    [InlineData("bon")]
    [InlineData("wsc")]
    public void WorstCase_BestOfN_AsSelfConsistency(string mode)
    {
        Assert.Equal((40L, 40L * 16_384), RequestBudget.WorstCase(Request(new DynasorSettings(Mode: mode))));
    }

    [Fact]
    public void Check_MctsOverTheTokenLimit_400NamingMaxTokensAndTheKnobs()
    {
        var settings = new DynasorSettings(Mode: "mcts") { Iterations = 1000 };

        var error = Assert.Throws<OpenAiException>(() => RequestBudget.Check(Request(settings), new RequestLimits()));

        Assert.Equal("max_tokens", error.Param);
        Assert.Contains("2560000 tokens", error.Message);
        Assert.Contains("dynasor.iterations, dynasor.max_depth or dynasor.step_tokens", error.Message);
    }
}
