using System.Text.Json;
using Dynasor.Server.Tests.Fakes;

namespace Dynasor.Server.Tests.Modes;

/// <summary><c>mode: rebase | mcts | bon | wsc</c> through the server over loopback, on the instant simulated engine and its simulated PRM.</summary>
[Collection(ServerCollection.Name)]
public sealed class RewardModeTests(ServerFixture servers)
{
    private const string Question = "What is 17*23?";

    private async Task<JsonElement> ChatAsync(string dynasor, string extra = "")
    {
        using var response = await Http.PostAsync(servers.InstantDynasorUrl + "/v1/chat/completions", Http.Chat($",\"seed\":5,\"dynasor\":{dynasor}{extra}", Question));
        var body = await Http.JsonAsync(response);
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        return body;
    }

    private static string Content(JsonElement body) => body.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()!;

    [Theory]
    [InlineData("rebase", "width", 8)]
    [InlineData("mcts", "iterations", 6)]
    [InlineData("bon", "samples", 6)]
    [InlineData("wsc", "samples", 6)]
    public async Task Chat_RewardMode_DynasorObjectReportsProgramKnobRewardAndBothTokenCounts(string mode, string knob, int cap)
    {
        var capField = knob == "samples" ? "max_samples" : knob;
        var body = await ChatAsync($"{{\"mode\":\"{mode}\",\"{capField}\":{cap}}}");
        var dynasor = body.GetProperty("dynasor");
        var usage = body.GetProperty("usage");

        Assert.Equal(mode, dynasor.GetProperty("mode").GetString());
        Assert.Equal((knob, cap), (dynasor.GetProperty("knob").GetProperty("name").GetString(), dynasor.GetProperty("knob").GetProperty("cap").GetInt32()));
        var spent = dynasor.GetProperty("knob").GetProperty("spent").GetInt32();
        Assert.InRange(spent, 1, cap);
        Assert.Equal(spent < cap, dynasor.GetProperty("exited_early").GetBoolean());
        Assert.InRange(dynasor.GetProperty("reward").GetDouble(), 0, 1);
        Assert.InRange(dynasor.GetProperty("certaindex").GetDouble(), 0, 1);
        Assert.Contains("\\boxed{", Content(body));
        // Every finished path votes (an answerless one abstains); the tree's nodes are its step requests.
        Assert.InRange(dynasor.GetProperty("votes").EnumerateObject().Sum(v => v.Value.GetInt32()), 1, spent);
        var steps = dynasor.GetProperty("steps").GetInt32();
        Assert.Equal(knob == "samples" ? (spent, 0) : (steps, steps), (steps, dynasor.GetProperty("nodes").GetInt32()));
        // Reward-model tokens are counted apart; upstream tokens cover every request, the client's text among them.
        Assert.True(dynasor.GetProperty("reward_tokens").GetInt64() > 0);
        Assert.True(dynasor.GetProperty("upstream_tokens").GetInt64() > usage.GetProperty("completion_tokens").GetInt64());
        Assert.True(usage.GetProperty("completion_tokens").GetInt64() > 0);
    }

    [Fact]
    public async Task Chat_Bon_CompletionTokensAreTheEngineCountOfTheChosenSample()
    {
        var body = await ChatAsync("{\"mode\":\"bon\",\"max_samples\":4}");

        Assert.Equal(servers.Sim.CountTokens(Content(body)), body.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
    }

    [Theory]
    [InlineData("rebase")]
    [InlineData("mcts")]
    public async Task Chat_TreeSearch_CompletionTokensAreTheChosenStepsTokens(string mode)
    {
        var body = await ChatAsync($"{{\"mode\":\"{mode}\",\"width\":8,\"iterations\":4}}");
        var text = Content(body);
        var separators = text.Split("\n\n").Length - 1;

        // The steps' own tokens: the blank lines between them were stop sequences, never generated (two newline tokens each).
        Assert.Equal(servers.Sim.CountTokens(text) - 2 * separators, body.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
    }

    [Theory]
    [InlineData("rebase")]
    [InlineData("bon")]
    public async Task ChatStream_RewardMode_ChosenPathInOnePieceThenFinishChunkWithDynasor(string mode)
    {
        var dynasor = $"{{\"mode\":\"{mode}\",\"width\":8,\"max_samples\":4}}";
        var whole = await ChatAsync(dynasor);
        using var response = await Http.PostAsync(servers.InstantDynasorUrl + "/v1/chat/completions", Http.Chat($",\"seed\":5,\"stream\":true,\"dynasor\":{dynasor}", Question));
        var events = await Http.EventsAsync(response);

        Assert.Equal(3, events.Count);
        var first = JsonDocument.Parse(events[0]).RootElement.GetProperty("choices")[0];
        Assert.Equal("assistant", first.GetProperty("delta").GetProperty("role").GetString());
        Assert.Equal(Content(whole), first.GetProperty("delta").GetProperty("content").GetString());
        var last = JsonDocument.Parse(events[1]).RootElement;
        Assert.Equal("stop", last.GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        Assert.Equal(whole.GetProperty("dynasor").GetProperty("knob").ToString(), last.GetProperty("dynasor").GetProperty("knob").ToString());
        Assert.Equal("[DONE]", events[2]);
    }

    [Fact]
    public async Task Chat_ExplicitPolicy_GrantsWhatItSays()
    {
        var body = await ChatAsync("{\"mode\":\"rebase\",\"width\":8,\"policy\":\"sc:n=4\"}");
        var knob = body.GetProperty("dynasor").GetProperty("knob");

        Assert.Equal((4, 8), (knob.GetProperty("spent").GetInt32(), knob.GetProperty("cap").GetInt32()));
        Assert.True(body.GetProperty("dynasor").GetProperty("exited_early").GetBoolean());
    }

    [Theory]
    [InlineData("{\"mode\":\"bon\",\"max_samples\":6}", 6)]
    [InlineData("{\"mode\":\"wsc\",\"max_samples\":3}", 3)]
    public async Task Chat_BestOfNDefaultPolicy_EvenAtTheCap(string dynasor, int cap)
    {
        var knob = (await ChatAsync(dynasor)).GetProperty("dynasor").GetProperty("knob");

        Assert.Equal(cap, knob.GetProperty("spent").GetInt32());
    }

    [Fact]
    public async Task Chat_MctsDefaultPolicy_DetectsAtThreeIterations()
    {
        // The paper's MCTS row: 3 iterations, then stop if the mean reward is 0.4, else run to the cap.
        var spent = (await ChatAsync("{\"mode\":\"mcts\",\"iterations\":12}")).GetProperty("dynasor").GetProperty("knob").GetProperty("spent").GetInt32();

        Assert.True(spent is 3 or 12, $"spent {spent}");
    }

    [Fact]
    public async Task Completions_PlainPrompt_SameAnswerAsTheChat()
    {
        var chat = await ChatAsync("{\"mode\":\"mcts\",\"iterations\":3}");
        using var response = await Http.PostAsync(servers.InstantDynasorUrl + "/v1/completions",
            $"{{\"model\":\"m\",\"prompt\":\"{Question}\",\"seed\":5,\"dynasor\":{{\"mode\":\"mcts\",\"iterations\":3}}}}");
        var body = await Http.JsonAsync(response);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(Content(chat), body.GetProperty("choices")[0].GetProperty("text").GetString());
        Assert.Equal("mcts", body.GetProperty("dynasor").GetProperty("mode").GetString());
    }
}
