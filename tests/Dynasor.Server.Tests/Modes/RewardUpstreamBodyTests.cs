using System.Text.Json;
using Dynasor.Engines;
using Dynasor.Rewards;
using Dynasor.Server.Hosting;
using Dynasor.Server.Tests.Fakes;
using Dynasor.SimEngine;

namespace Dynasor.Server.Tests.Modes;

/// <summary>
/// The reward modes in front of an HTTP engine: what reaches the engine is the client's request with the step-by-step
/// system turn first and the step separator as the stop, in the chat and the text completion forms. The engine is the
/// simulated one served bare over loopback, recording each request as it parsed the body.
/// </summary>
public sealed class RewardUpstreamBodyTests : IAsyncLifetime
{
    private readonly SimulatedEngine _sim = new(new SimEngineOptions { TimeScale = 0, ModelName = "m" }, TimeProvider.System);
    private RecordingEngine _recording = null!;
    private RunningServer _engine = null!;
    private RunningServer _dynasor = null!;

    public async Task InitializeAsync()
    {
        _recording = new RecordingEngine(_sim);
        _engine = await RunningServer.StartAsync(ServedEngine.InProcess(_recording, "m", _sim.CountTokens), new ServerOptions(Role: ServerRole.Engine));
        _dynasor = await RunningServer.StartAsync([RunningServer.Upstream(_engine.Url + "/v1") with { Rewards = ServedRewardModel.Simulated(_sim) }]);
    }

    public async Task DisposeAsync()
    {
        await _dynasor.DisposeAsync();
        await _engine.DisposeAsync();
        await _sim.DisposeAsync();
    }

    [Theory]
    [InlineData("rebase")]
    [InlineData("mcts")]
    public async Task Chat_TreeSearch_EveryStepRequestHasTheSystemTurnAndStopsAtTheSeparator(string mode)
    {
        using var response = await Http.PostAsync(_dynasor.Url + "/v1/chat/completions",
            Http.Chat($",\"seed\":3,\"top_k\":40,\"stop\":[\"END\"],\"dynasor\":{{\"mode\":\"{mode}\",\"width\":4,\"iterations\":3}}", "What is 17*23?"));
        var body = await Http.JsonAsync(response);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.NotEmpty(_recording.Requests);
        Assert.All(_recording.Requests, r =>
        {
            Assert.Equal(new ChatTurn("system", SolutionSteps.SystemPrompt), r.Messages[0]);
            Assert.Equal(new ChatTurn("user", "What is 17*23?"), r.Messages[1]);
            Assert.Equal(["\n\n"], r.Sampling.Stop!);
        });
        // The engine wrote steps (its solution mode answers that system turn), so the path ends in a boxed answer.
        Assert.Contains("\\boxed{", body.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
        Assert.Equal(_recording.Requests.Count, body.GetProperty("dynasor").GetProperty("steps").GetInt32());
    }

    [Fact]
    public async Task Chat_BestOfN_SamplesHaveTheSystemTurnAndTheClientsStop()
    {
        using var response = await Http.PostAsync(_dynasor.Url + "/v1/chat/completions",
            Http.Chat(",\"seed\":3,\"stop\":[\"END\"],\"dynasor\":{\"mode\":\"bon\",\"max_samples\":3}", "What is 17*23?"));

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(3, _recording.Requests.Count);
        Assert.All(_recording.Requests, r =>
        {
            Assert.Equal("system", r.Messages[0].Role);
            Assert.Equal(["END"], r.Sampling.Stop!);
        });
    }

    [Fact]
    public async Task Completions_TreeSearch_PromptCarriesTheSystemTurn()
    {
        using var response = await Http.PostAsync(_dynasor.Url + "/v1/completions",
            "{\"model\":\"m\",\"prompt\":\"What is 17*23?\",\"seed\":3,\"dynasor\":{\"mode\":\"mcts\",\"iterations\":2}}");
        var body = await Http.JsonAsync(response);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.All(_recording.Requests, r =>
        {
            Assert.Equal(new ChatTurn("system", SolutionSteps.SystemPrompt), r.Messages[0]);
            Assert.Equal(["\n\n"], r.Sampling.Stop!);
        });
        Assert.Contains("\\boxed{", body.GetProperty("choices")[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task Chat_ClientsOwnSystemTurn_SentAsWritten()
    {
        var request = "{\"model\":\"m\",\"seed\":3,\"dynasor\":{\"mode\":\"mcts\",\"iterations\":1},\"messages\":[{\"role\":\"system\",\"content\":\"Solve it step by step.\"},"
            + "{\"role\":\"user\",\"content\":\"What is 17*23?\"}]}";

        using var response = await Http.PostAsync(_dynasor.Url + "/v1/chat/completions", request);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.All(_recording.Requests, r => Assert.Equal([new ChatTurn("system", "Solve it step by step."), new ChatTurn("user", "What is 17*23?")], r.Messages));
    }
}
