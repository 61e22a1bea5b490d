using Dynasor.Rewards;
using Dynasor.SimEngine;
using static Dynasor.Tests.SimEngine.SimRequests;
using static Dynasor.Tests.SimEngine.SolutionRequests;

namespace Dynasor.Tests.SimEngine;

public class SolutionModeTests
{
    [Fact]
    public async Task StreamAsync_SameSeed_SameSolutionOtherSeedAnother()
    {
        await using var engine = Instant();

        var first = await CollectAsync(engine, Solve(Question(1), seed: 5));
        var again = await CollectAsync(engine, Solve(Question(1), seed: 5));
        var other = await CollectAsync(engine, Solve(Question(1), seed: 6));

        Assert.Equal(first.Text, again.Text);
        Assert.NotEqual(first.Text, other.Text);
        Assert.Equal("stop", first.Finish);
        Assert.Matches(@"the final answer is \\boxed\{\d+\}\.$", first.Text);
    }

    [Fact]
    public async Task StreamAsync_StopAtSeparator_OneStepAtATimeGivesTheWholeSolution()
    {
        await using var engine = Instant();
        var whole = await CollectAsync(engine, Solve(Question(2), seed: 9));

        var prefix = "";
        var steps = new List<string>();
        for (var k = 0; k < 20; k++)
        {
            var step = await CollectAsync(engine, Solve(Question(2), prefix, seed: 9, stop: StopAtStep));
            if (step.Text.Length == 0)
            {
                break;
            }

            Assert.Equal("stop", step.Finish);
            Assert.DoesNotContain("\n", step.Text);
            Assert.Equal(engine.CountTokens(step.Text), step.Tokens.Count);
            steps.Add(step.Text);
            prefix += step.Text + SolutionSteps.Separator;
        }

        Assert.Equal(whole.Text, SolutionSteps.Join(steps));
        Assert.Equal(steps.Count, SolutionSteps.Split(whole.Text).Count);
        Assert.InRange(steps.Count, 3, 8);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(40)]
    public async Task StreamAsync_CutByMaxTokens_ContinuesExactly(int chunk)
    {
        await using var engine = Instant();
        var whole = await CollectAsync(engine, Solve(Question(3), seed: 2));

        var prefix = "";
        for (var round = 0; round < 2000; round++)
        {
            var part = await CollectAsync(engine, Solve(Question(3), prefix, seed: 2, maxTokens: chunk));
            prefix += part.Text;
            if (part.Finish == "stop")
            {
                break;
            }

            Assert.Equal("length", part.Finish);
        }

        Assert.Equal(whole.Text, prefix);
    }

    [Fact]
    public async Task StreamAsync_SystemPromptInCapitals_SolutionModeWithoutIt_Chain()
    {
        await using var engine = Instant();

        var shouting = await CollectAsync(engine, Solve(Question(4), seed: 1, system: "Solve it STEP BY STEP."));
        var chain = await CollectAsync(engine, SimRequests.Request(Question(4), seed: 1, maxTokens: 50));

        Assert.Contains("\\boxed{", shouting.Text);
        Assert.DoesNotContain("<think>", shouting.Text);
        Assert.StartsWith("<think>", chain.Text);
    }

    [Fact]
    public async Task StreamAsync_FinishedSolution_NothingMore()
    {
        await using var engine = Instant();
        var whole = await CollectAsync(engine, Solve(Question(5), seed: 3));

        var after = await CollectAsync(engine, Solve(Question(5), whole.Text + SolutionSteps.Separator, seed: 3));
        var atEnd = await CollectAsync(engine, Solve(Question(5), whole.Text, seed: 4, stop: StopAtStep));

        Assert.Equal(("", "stop"), (after.Text, after.Finish));
        Assert.Equal(("", "stop"), (atEnd.Text, atEnd.Finish));
    }

    [Fact]
    public async Task StreamAsync_PrefixEndsInAForeignPiece_ItCountsAsAStepAndTheSeparatorComesFirst()
    {
        await using var engine = Instant();

        var unstopped = await CollectAsync(engine, Solve(Question(6), "Let me think about it.", seed: 1));
        var stopped = await CollectAsync(engine, Solve(Question(6), "Let me think about it.", seed: 1, stop: StopAtStep));

        Assert.StartsWith(SolutionSteps.Separator, unstopped.Text);
        Assert.Equal(("", "stop"), (stopped.Text, stopped.Finish));
    }

    [Fact]
    public async Task Next_TheSimulatorsStep_IsTheStepTheEngineStreams()
    {
        await using var engine = Instant();
        var prefix = "";
        for (var k = 0; k < 8; k++)
        {
            var streamed = await CollectAsync(engine, Solve(Question(7), prefix, seed: 11, stop: StopAtStep));
            var next = engine.Solutions.Next(Question(7), prefix, 11);
            if (next is null)
            {
                Assert.Equal("", streamed.Text);
                return;
            }

            Assert.Equal(streamed.Text, next.Text);
            Assert.Equal(streamed.Tokens.Count, next.Tokens);
            prefix += next.Text + SolutionSteps.Separator;
        }

        Assert.Fail("the solution did not end within 8 steps");
    }
}
