using System.Text;
using System.Text.Json;
using Dynasor.Extensions.AI.Tests.Fakes;
using Microsoft.Extensions.AI;

namespace Dynasor.Extensions.AI.Tests;

/// <summary>
/// The middleware over the official OpenAI client (Microsoft.Extensions.AI.OpenAI's <c>AsIChatClient()</c>) against the
/// simulated engine over loopback HTTP, compared with the Dynasor server's own modes on an engine of the same seed.
/// </summary>
[Collection(SimCollection.Name)]
public sealed class DynasorChatClientHttpTests(SimServers servers)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(60) };

    [Theory]
    [InlineData("What is 17*23?", 7)]
    [InlineData("How many apples are left if Tom eats 3 of 12?", 1)]
    [InlineData("A train travels 60 km in 45 minutes. What is its speed in km/h?", 42)]
    public async Task GetResponseAsync_ScOverOpenAiClient_SameAnswerVotesAndTokensAsServer(string question, long seed)
    {
        using var client = SimServers.OpenAi(servers.EngineUrl).AsBuilder().UseAdaptiveSelfConsistency("settle", maxSamples: 8).Build();

        var response = await client.GetResponseAsync(question, new ChatOptions { Seed = seed, MaxOutputTokens = 4096 });
        var server = await ServerAsync(question, seed, """{"mode":"sc","policy":"settle","max_samples":8}""");

        var report = DynasorReport.From(response)!;
        var expected = server.GetProperty("dynasor");
        Assert.Equal("sc", report.Mode);
        Assert.NotEmpty(report.Votes);
        Assert.Equal(Votes(expected), report.Votes.OrderBy(v => v.Key, StringComparer.Ordinal).ToList());
        Assert.Equal(expected.GetProperty("upstream_tokens").GetInt64(), report.UpstreamTokens);
        Assert.Equal(expected.GetProperty("certaindex").GetDouble(), report.Certaindex, 12);
        Assert.Equal(server.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString(), response.Text);
        Assert.Equal(server.GetProperty("usage").GetProperty("completion_tokens").GetInt64(), response.Usage!.OutputTokenCount);
        Assert.Equal(report.UpstreamTokens, response.Usage.AdditionalCounts![DynasorReport.UpstreamTokensCount]);
    }

    [Theory]
    [InlineData("What is 17*23?", 3, "mid")]
    [InlineData("How many apples are left if Tom eats 3 of 12?", 5, "high")]
    public async Task GetResponseAsync_CotOverOpenAiClient_SameChainAndExitAsServer(string question, long seed, string effort)
    {
        using var client = SimServers.OpenAi(servers.EngineUrl).AsBuilder().UseDynasorCot(effort).Build();

        var response = await client.GetResponseAsync(question, new ChatOptions { Seed = seed, MaxOutputTokens = 8192 });
        var server = await ServerAsync(question, seed, $$"""{"mode":"cot","effort":"{{effort}}"}""", maxTokens: 8192);

        var report = DynasorReport.From(response)!;
        var expected = server.GetProperty("dynasor");
        Assert.NotEmpty(report.Votes);
        Assert.True(report.ExitedEarly, "the simulated chain settles well before 8192 tokens, so the probes should agree");
        Assert.Equal(expected.GetProperty("exited_early").GetBoolean(), report.ExitedEarly);
        Assert.Equal(expected.GetProperty("probes").GetInt32(), report.Probes);
        Assert.Equal(Votes(expected), report.Votes.OrderBy(v => v.Key, StringComparer.Ordinal).ToList());
        Assert.Equal(expected.GetProperty("upstream_tokens").GetInt64(), report.UpstreamTokens);
        Assert.Equal(server.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString(), response.Text);
        Assert.Equal(server.GetProperty("usage").GetProperty("completion_tokens").GetInt64(), response.Usage!.OutputTokenCount);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_CotOverOpenAiClient_ChainStreamsAndLastUpdateCarriesReport()
    {
        using var client = SimServers.OpenAi(servers.EngineUrl).AsBuilder().UseDynasorCot().Build();
        var updates = new List<ChatResponseUpdate>();

        await foreach (var update in client.GetStreamingResponseAsync("What is 17*23?", new ChatOptions { Seed = 3, MaxOutputTokens = 8192 }))
            updates.Add(update);

        Assert.True(updates.Count > 64, $"the chain should stream token by token; got {updates.Count} updates");
        Assert.All(updates.SkipLast(1), u => Assert.Null(DynasorReport.From(u)));
        var report = DynasorReport.From(updates[^1]);
        Assert.NotNull(report);
        Assert.Contains(@"\boxed{" + report.Answer + "}", updates.ToChatResponse().Text);
        Assert.Single(updates.SelectMany(u => u.Contents).OfType<UsageContent>());
    }

    [Fact]
    public async Task GetResponseAsync_ModeFromAdditionalProperties_OverridesClientDefault()
    {
        using var client = SimServers.OpenAi(servers.EngineUrl).AsBuilder().UseDynasor().Build();
        var options = new ChatOptions { Seed = 2, MaxOutputTokens = 4096, AdditionalProperties = new() { ["dynasor"] = new { mode = "sc", policy = "sc:n=3", max_samples = 3 } } };

        var plain = await client.GetResponseAsync("What is 17*23?", new ChatOptions { Seed = 2, MaxOutputTokens = 4096 });
        var voted = await client.GetResponseAsync("What is 17*23?", options);

        Assert.Null(DynasorReport.From(plain));
        Assert.Equal(3, DynasorReport.From(voted)!.Samples);
        Assert.Equal(3, DynasorReport.From(voted)!.Votes.Values.Sum() + Abstentions(voted));
    }

    [Fact]
    public async Task GetStreamingResponseAsync_CancelledMidChain_EngineHasNoOpenRequest()
    {
        using var client = SimServers.OpenAi(servers.SlowEngineUrl).AsBuilder().UseDynasorCot().Build();
        using var cts = new CancellationTokenSource();
        var seen = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync("What is 17*23?", new ChatOptions { Seed = 3 }, cts.Token))
            {
                // Past the first chunk (64 tokens), so a probe and the next chunk are both open upstream.
                if (++seen == 80)
                    await cts.CancelAsync();
            }
        });

        await UntilAsync(() => servers.SlowEngine.OpenRequests == 0, "the engine's open requests are back to 0");
        Assert.Equal(0, servers.SlowEngine.OpenRequests);
    }

    private static int Abstentions(ChatResponse response) => DynasorReport.From(response)!.Samples - DynasorReport.From(response)!.Votes.Values.Sum();

    private static List<KeyValuePair<string, int>> Votes(JsonElement dynasor) =>
        dynasor.GetProperty("votes").EnumerateObject().Select(p => KeyValuePair.Create(p.Name, p.Value.GetInt32())).OrderBy(v => v.Key, StringComparer.Ordinal).ToList();

    private async Task<JsonElement> ServerAsync(string question, long seed, string dynasor, int maxTokens = 4096)
    {
        var body = JsonSerializer.Serialize(new { model = "m", messages = new[] { new { role = "user", content = question } }, seed, max_tokens = maxTokens });
        body = body[..^1] + ",\"dynasor\":" + dynasor + "}";
        using var response = await Http.PostAsync(servers.DynasorUrl + "/v1/chat/completions", new StringContent(body, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task UntilAsync(Func<bool> condition, string what)
    {
        var limit = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < limit, $"timed out waiting until {what}");
            await Task.Yield();
        }
    }
}
