using System.Text.Json;
using Dynasor.Rewards;
using Dynasor.Server.Rewards;

namespace Dynasor.Server.Tests.Rewards;

public class OutcomeRewardClientTests
{
    private static readonly RewardRequest Solution = new("What is 2+3*4?", ["Multiply first: 3*4 = 12.", "The answer is \\boxed{14}."]);

    [Theory]
    [InlineData("classify-one-label.json", 0.8325, 207)]
    [InlineData("classify-two-labels.json", 0.7282, 150)]
    public async Task ScoreAsync_RecordedClassifyAnswer_OneRewardForTheWholeSolution(string fixture, double reward, int tokens)
    {
        var stub = new StubHandler().Answer("/classify", RewardFixtures.Read(fixture));
        var outcome = RewardModelClient.Create(new Uri("http://rm-host:8000/v1"), "rm", RewardKind.Outcome, stub.Client());

        var score = await outcome.ScoreAsync(Solution);

        Assert.Equal([reward], score.StepRewards);
        Assert.Equal(tokens, score.Tokens);
        var (method, url, body) = Assert.Single(stub.Requests);
        Assert.Equal((HttpMethod.Post, "http://rm-host:8000/classify"), (method, url.ToString()));
        var messages = JsonDocument.Parse(body).RootElement.GetProperty("messages");
        Assert.Equal("Multiply first: 3*4 = 12.\n\nThe answer is \\boxed{14}.", messages[2].GetProperty("content").GetString());
    }

    [Fact]
    public async Task ScoreAsync_ThreeClasses_NamesTheFix()
    {
        var stub = new StubHandler().Answer("/classify", "{\"data\":[{\"index\":0,\"label\":\"x\",\"probs\":[0.2,0.3,0.5],\"num_classes\":3}]}");
        var outcome = RewardModelClient.Create(new Uri("http://rm-host:8000"), "rm", RewardKind.Outcome, stub.Client());

        var error = await Assert.ThrowsAsync<RewardModelException>(async () => await outcome.ScoreAsync(Solution));

        Assert.Contains("http://rm-host:8000/classify answered with 3 class probabilities", error.Message);
        Assert.Contains("--reward-kind prm", error.Message);
    }

    [Theory]
    [InlineData("ftp://host/v1", "must be an absolute http(s) URL")]
    [InlineData("/relative", "must be an absolute http(s) URL")]
    public void Create_BadUrl_NamesTheFlag(string url, string message)
    {
        var error = Assert.Throws<ArgumentException>(() =>
            RewardModelClient.Create(new Uri(url, UriKind.RelativeOrAbsolute), null, RewardKind.Prm, new HttpClient()));

        Assert.StartsWith($"--reward-upstream '{url}' {message}", error.Message);
    }

    [Fact]
    public void ParseKind_KnownAndUnknown()
    {
        Assert.Equal(RewardKind.Prm, RewardModelClient.ParseKind("prm"));
        Assert.Equal(RewardKind.Outcome, RewardModelClient.ParseKind("outcome"));
        var error = Assert.Throws<ArgumentException>(() => RewardModelClient.ParseKind("orm"));
        Assert.Equal("--reward-kind 'orm' is unknown; use prm (a process reward model at /pooling) or outcome (one score per answer at /classify).", error.Message);
    }
}
