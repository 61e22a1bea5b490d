using System.Text.Json;
using Dynasor.Engines;
using Dynasor.Rewards;
using Dynasor.Server.Hosting;
using Dynasor.Server.Rewards;
using Dynasor.Server.Tests.Fakes;
using Dynasor.SimEngine;

namespace Dynasor.Server.Tests.Rewards;

/// <summary>The reward clients against the simulated engine's <c>/pooling</c> and <c>/classify</c> over loopback HTTP.</summary>
public sealed class SimRewardLoopbackTests : IAsyncLifetime
{
    private const string Question = "A farmer has 17 sheep and buys 5 more each week. How many after 3 weeks?";
    private readonly SimulatedEngine _engine = new(new SimEngineOptions { TimeScale = 0 }, TimeProvider.System);
    private readonly HttpClient _http = new() { Timeout = Timeout.InfiniteTimeSpan };
    private RunningServer _server = null!;

    public async Task InitializeAsync() =>
        _server = await RunningServer.StartAsync(SimulatedServing.Serve(_engine), new ServerOptions(Role: ServerRole.Engine));

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _engine.DisposeAsync();
        _http.Dispose();
    }

    [Fact]
    public async Task PrmClient_OverLoopback_TheSimulatedRewardsOfEveryStep()
    {
        var steps = await SolutionAsync(seed: 4);
        var prm = RewardModelClient.Create(new Uri(_server.Url + "/v1"), null, RewardKind.Prm, _http);
        var request = new RewardRequest(Question, steps, SolutionSteps.SystemPrompt);

        var remote = await prm.ScoreAsync(request);
        var local = await new SimulatedRewardModel(_engine).ScoreAsync(request);

        Assert.Equal(local.StepRewards, remote.StepRewards);
        Assert.Equal(local.Tokens, remote.Tokens);
    }

    [Fact]
    public async Task OutcomeClient_OverLoopback_TheLastStepsReward()
    {
        var steps = await SolutionAsync(seed: 5);
        var outcome = RewardModelClient.Create(new Uri(_server.Url), _engine.ModelName, RewardKind.Outcome, _http);
        var request = new RewardRequest(Question, steps);

        var remote = await outcome.ScoreAsync(request);

        Assert.Equal([(await new SimulatedRewardModel(_engine).ScoreAsync(request)).Last], remote.StepRewards);
    }

    [Fact]
    public async Task Pooling_ChatMlInput_SameRewardsAsMessages()
    {
        var steps = await SolutionAsync(seed: 6);
        var tagged = string.Concat(steps.Select(s => s + "<extra_0>"));
        var input = $"<|im_start|>system\n{SolutionSteps.SystemPrompt}<|im_end|>\n<|im_start|>user\n{Question}<|im_end|>\n<|im_start|>assistant\n{tagged}<|im_end|>\n";

        using var response = await Http.PostAsync(_server.Url + "/pooling", JsonSerializer.Serialize(new { model = _engine.ModelName, input }));
        var body = await Http.JsonAsync(response);

        var rewards = body.GetProperty("data")[0].GetProperty("data").EnumerateArray().Select(pair => pair[1].GetDouble());
        Assert.Equal((await new SimulatedRewardModel(_engine).ScoreAsync(new RewardRequest(Question, steps, SolutionSteps.SystemPrompt))).StepRewards, rewards);
        Assert.Equal("list", body.GetProperty("object").GetString());
        Assert.Equal("pooling", body.GetProperty("data")[0].GetProperty("object").GetString());
    }

    [Theory]
    [InlineData("/pooling", "{\"model\":\"dynasor-sim\"}", 400, "messages")]
    [InlineData("/pooling", "[1,2]", 400, null)]
    [InlineData("/pooling", "{\"messages\":[{\"role\":\"user\",\"content\":\"q\"},{\"role\":\"assistant\",\"content\":42}]}", 400, "messages[1].content")]
    [InlineData("/pooling", "{\"messages\":[{\"role\":\"user\",\"content\":\"q\"},{\"role\":\"assistant\",\"content\":\"no tags\"}]}", 400, "messages")]
    [InlineData("/pooling", "{\"messages\":[{\"role\":\"assistant\",\"content\":\"a<extra_0>\"}]}", 400, "messages")]
    [InlineData("/pooling", "{\"input\":\"plain text\"}", 400, "input")]
    [InlineData("/pooling", "{\"input\":[\"a\",\"b\"]}", 400, "input")]
    [InlineData("/pooling", "{\"encoding_format\":\"base64\",\"messages\":[]}", 400, "encoding_format")]
    [InlineData("/pooling", "{\"model\":\"other\",\"messages\":[{\"role\":\"user\",\"content\":\"q\"},{\"role\":\"assistant\",\"content\":\"a<extra_0>\"}]}", 404, "model")]
    [InlineData("/classify", "{\"messages\":[{\"role\":\"user\",\"content\":\"q\"},{\"role\":\"assistant\",\"content\":\"  \"}]}", 400, "messages")]
    [InlineData("/classify", "{not json", 400, null)]
    public async Task Routes_MalformedBody_OpenAiErrorNamingTheField(string route, string json, int status, string? param)
    {
        using var response = await Http.PostAsync(_server.Url + route, json);
        var error = (await Http.JsonAsync(response)).GetProperty("error");

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(param, error.GetProperty("param").GetString());
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
    }

    [Fact]
    public async Task Pooling_DynasorServer_NotServed()
    {
        await using var dynasor = await RunningServer.StartAsync(SimulatedServing.Serve(_engine));

        using var response = await Http.PostAsync(dynasor.Url + "/pooling", "{}");

        Assert.Equal(404, (int)response.StatusCode);
    }

    private async Task<List<string>> SolutionAsync(long seed)
    {
        var text = new System.Text.StringBuilder();
        var request = new ContinuationRequest([new ChatTurn("system", SolutionSteps.SystemPrompt), new ChatTurn("user", Question)], "", 10_000, new SamplingOptions(Seed: seed));
        await foreach (var token in _engine.StreamAsync(request))
            text.Append(token.Text);
        return SolutionSteps.Split(text.ToString()).ToList();
    }
}
