using Dynasor.Rewards;
using Dynasor.Server.Rewards;
using Dynasor.Server.Tests.Fakes;

namespace Dynasor.Server.Tests.Rewards;

/// <summary><c>dynasor sim-engine</c> as a real process serving its reward model to the clients.</summary>
public sealed class SimEngineRewardProcessTests
{
    [Fact]
    public async Task SimEngine_RewardNoiseZero_PrmClientGetsTheNoiselessRewards()
    {
        await using var cli = await CliProcess.StartAsync("sim-engine", "--port", "0", "--time-scale", "0", "--reward-noise", "0");
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var prm = RewardModelClient.Create(new Uri(cli.Url + "/v1"), null, RewardKind.Prm, http);

        // A step that states no value gets the neutral mean (0.5 without noise); a wrong boxed answer -margin.
        var score = await prm.ScoreAsync(new RewardRequest("What is 6*7?", ["Let me think.", "So the final answer is \\boxed{-1}."]));

        Assert.Equal(0.5, score.StepRewards[0], 9);
        Assert.Equal(1 / (1 + Math.Exp(2.0)), score.StepRewards[1], 9);
    }

    [Fact]
    public async Task SimEngine_RewardNoiseOutOfRange_OneLineErrorExit2()
    {
        var (exitCode, error) = await CliProcess.RunAsync("sim-engine", "--port", "0", "--reward-noise", "-1");

        Assert.Equal(2, exitCode);
        Assert.Contains("--reward-noise -1 is out of range", error);
    }
}
