using System.Net;
using System.Text.Json;
using Dynasor.Rewards;
using Dynasor.Server.Rewards;

namespace Dynasor.Server.Tests.Rewards;

public class VllmPrmClientTests
{
    private const string Base = "http://prm-host:8000/v1";
    private static readonly RewardRequest FourSteps = new("What is 2+3*4?", ["Multiply first: 3*4 = 12.", "Then 2+12.", "That is 14.", "The answer is \\boxed{14}."]);

    [Fact]
    public async Task ScoreAsync_RecordedPoolingAnswer_PositiveProbabilityOfEachStepTag()
    {
        var stub = new StubHandler().Answer("/pooling", RewardFixtures.Read("pooling-qwen-prm.json"));
        var prm = RewardModelClient.Create(new Uri(Base), "Qwen/Qwen2.5-Math-PRM-7B", RewardKind.Prm, stub.Client());

        var score = await prm.ScoreAsync(FourSteps);

        Assert.Equal([0.9988, 0.2069, 0.9689, 0.9994], score.StepRewards);
        Assert.Equal(312, score.Tokens);
        var (method, url, body) = Assert.Single(stub.Requests);
        Assert.Equal((HttpMethod.Post, "http://prm-host:8000/pooling"), (method, url.ToString()));
        var sent = JsonDocument.Parse(body).RootElement;
        Assert.Equal("Qwen/Qwen2.5-Math-PRM-7B", sent.GetProperty("model").GetString());
        Assert.Equal("float", sent.GetProperty("encoding_format").GetString());
        var messages = sent.GetProperty("messages");
        Assert.Equal(["system", "user", "assistant"], messages.EnumerateArray().Select(m => m.GetProperty("role").GetString()));
        Assert.Equal(SolutionSteps.SystemPrompt, messages[0].GetProperty("content").GetString());
        Assert.Equal(FourSteps.Question, messages[1].GetProperty("content").GetString());
        Assert.Equal("Multiply first: 3*4 = 12.<extra_0>Then 2+12.<extra_0>That is 14.<extra_0>The answer is \\boxed{14}.<extra_0>",
            messages[2].GetProperty("content").GetString());
    }

    [Fact]
    public async Task ScoreAsync_NoModelName_TheFirstListedModelLookedUpOnce()
    {
        var stub = new StubHandler().Answer("/v1/models", RewardFixtures.Read("models.json")).Answer("/pooling", RewardFixtures.Read("pooling-qwen-prm.json"));
        var prm = RewardModelClient.Create(new Uri("http://prm-host:8000/"), null, RewardKind.Prm, stub.Client());

        await prm.ScoreAsync(FourSteps);
        await prm.ScoreAsync(FourSteps);

        Assert.Equal(["/v1/models", "/pooling", "/pooling"], stub.Requests.Select(r => r.Url.AbsolutePath));
        Assert.Equal("Qwen/Qwen2.5-Math-PRM-7B", JsonDocument.Parse(stub.Requests[2].Body).RootElement.GetProperty("model").GetString());
    }

    [Fact]
    public async Task ScoreAsync_APoolerThatAnswersPerToken_CountMismatchNamesTheUrlAndTheFix()
    {
        var prm = Client(new StubHandler().Answer("/pooling", RewardFixtures.Read("pooling-per-token.json")));

        var error = await Assert.ThrowsAsync<RewardModelException>(async () => await prm.ScoreAsync(FourSteps));

        Assert.Contains("http://prm-host:8000/pooling", error.Message);
        Assert.Contains("12 rewards for 4 steps", error.Message);
        Assert.Contains("<extra_0>", error.Message);
        Assert.Contains("--reward-kind outcome", error.Message);
    }

    [Theory]
    [InlineData("error-400.json", HttpStatusCode.BadRequest, "maximum context length is 4096 tokens")]
    [InlineData("error-400-old.json", HttpStatusCode.NotFound, "The model `Qwen2.5-Math-PRM` does not exist.")]
    public async Task ScoreAsync_ErrorStatus_NamesTheUrlTheStatusTheMessageAndTheFix(string fixture, HttpStatusCode status, string message)
    {
        var prm = Client(new StubHandler().Answer("/pooling", RewardFixtures.Read(fixture), status));

        var error = await Assert.ThrowsAsync<RewardModelException>(async () => await prm.ScoreAsync(FourSteps));

        Assert.StartsWith($"The reward model at http://prm-host:8000/pooling answered {(int)status} (", error.Message);
        Assert.Contains(message, error.Message);
        Assert.Contains("check", error.Message);
    }

    [Theory]
    [InlineData("not json", "not JSON")]
    [InlineData("{\"data\": []}", "no data[0].data array")]
    [InlineData("{\"data\": [{\"index\": 0, \"data\": \"AAAAAA==\"}]}", "no data[0].data array")]
    [InlineData("{\"data\": [{\"index\": 0, \"data\": [[0.1, 0.9], [0.2], [0.3, 0.7], [0.4, 0.6]]}]}", "step 2's value [0.2]")]
    [InlineData("{\"data\": [{\"index\": 0, \"data\": [[0.1, 0.9], [0.2, 3.5], [0.3, 0.7], [0.4, 0.6]]}]}", "step 2's value [0.2, 3.5]")]
    public async Task ScoreAsync_WrongShape_SaysWhatCameAndTheFix(string body, string what)
    {
        var prm = Client(new StubHandler().Answer("/pooling", body));

        var error = await Assert.ThrowsAsync<RewardModelException>(async () => await prm.ScoreAsync(FourSteps));

        Assert.Contains("http://prm-host:8000/pooling", error.Message);
        Assert.Contains(what, error.Message);
    }

    [Fact]
    public async Task ScoreAsync_Cancelled_EndsTheRequestAndThrowsCanceled()
    {
        var stub = new StubHandler().Answer("/pooling", null);
        var prm = Client(stub);
        using var cancel = new CancellationTokenSource();

        var call = prm.ScoreAsync(FourSteps, cancel.Token).AsTask();
        await Fakes.RunningServer.UntilAsync(() => stub.Requests.Count == 1, "the request is sent");
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Equal(1, stub.Cancelled);
    }

    [Fact]
    public async Task ScoreAsync_NoAnswerWithinTheTimeout_SaysSo()
    {
        var stub = new StubHandler().Answer("/pooling", null);
        var prm = RewardModelClient.Create(new Uri(Base), "m", RewardKind.Prm, stub.Client(), TimeSpan.FromMilliseconds(50));

        var error = await Assert.ThrowsAsync<RewardModelException>(async () => await prm.ScoreAsync(FourSteps));

        Assert.Equal("The reward model at http://prm-host:8000/pooling did not answer within 0.05 s; check that it is up and not overloaded.", error.Message);
        Assert.Equal(1, stub.Cancelled);
    }

    [Fact]
    public async Task ScoreAsync_NothingListening_UnreachableNamesTheFlag()
    {
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var prm = RewardModelClient.Create(new Uri($"http://127.0.0.1:{FreePort()}/v1"), "m", RewardKind.Prm, http);

        var error = await Assert.ThrowsAsync<RewardModelException>(async () => await prm.ScoreAsync(FourSteps));

        Assert.Contains("is unreachable", error.Message);
        Assert.Contains("--reward-upstream", error.Message);
    }

    [Fact]
    public async Task ScoreAsync_ServerListsNoModels_AsksForTheName()
    {
        var prm = RewardModelClient.Create(new Uri(Base), null, RewardKind.Prm, new StubHandler().Answer("/v1/models", "{\"object\":\"list\",\"data\":[]}").Client());

        var error = await Assert.ThrowsAsync<RewardModelException>(async () => await prm.ScoreAsync(FourSteps));

        Assert.Equal("The reward model server http://prm-host:8000/v1/models lists no models; pass --reward-model NAME.", error.Message);
    }

    [Fact]
    public async Task ScoreAsync_StepHoldsAStepTag_ItIsDroppedSoTagsAndStepsPairUp()
    {
        var stub = new StubHandler().Answer("/pooling", "{\"data\":[{\"index\":0,\"data\":[[0.5,0.5]]}]}");

        var score = await Client(stub).ScoreAsync(new RewardRequest("q", ["a<extra_0>b"], "sys"));

        var messages = JsonDocument.Parse(stub.Requests[0].Body).RootElement.GetProperty("messages");
        Assert.Equal("ab<extra_0>", messages[2].GetProperty("content").GetString());
        Assert.Equal("sys", messages[0].GetProperty("content").GetString());
        Assert.Equal(0, score.Tokens);
    }

    private static IRewardModel Client(StubHandler stub) => RewardModelClient.Create(new Uri(Base), "m", RewardKind.Prm, stub.Client());

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
