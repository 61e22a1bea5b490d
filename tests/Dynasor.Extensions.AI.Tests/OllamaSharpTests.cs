using System.Text;
using System.Text.Json;
using Dynasor.Extensions.AI.Tests.Fakes;
using Dynasor.SimEngine;
using Microsoft.Extensions.AI;
using OllamaSharp;

namespace Dynasor.Extensions.AI.Tests;

/// <summary>
/// The middleware over OllamaSharp's <see cref="OllamaApiClient"/> (Ollama's native API) against a fake Ollama over the
/// simulated engine on loopback: the same programs give the Dynasor server's answers for the same seed.
/// </summary>
[Collection(SimCollection.Name)]
public sealed class OllamaSharpTests(SimServers servers)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(60) };

    [Fact]
    public async Task GetResponseAsync_CotOverOllamaSharpDeclaredContinuing_SameAnswerAsServer()
    {
        await using var engine = new SimulatedEngine(new SimEngineOptions { TimeScale = 0, ModelName = "m" }, TimeProvider.System);
        await using var ollama = await FakeOllama.StartAsync(engine);
        using var client = new ChatClientBuilder(new OllamaApiClient(new Uri(ollama.Url), "m"))
            .UseDynasorCot(new DynasorChatOptions { Continuation = ChatContinuation.TrailingAssistantMessage })
            .Build();

        var response = await client.GetResponseAsync("What is 17*23?", new ChatOptions { Seed = 3, MaxOutputTokens = 8192 });
        var server = await ServerAsync("What is 17*23?", 3, """{"mode":"cot"}""");

        var report = DynasorReport.From(response)!;
        Assert.True(report.ExitedEarly);
        Assert.Equal(server.GetProperty("dynasor").GetProperty("probes").GetInt32(), report.Probes);
        Assert.Equal(server.GetProperty("dynasor").GetProperty("upstream_tokens").GetInt64(), report.UpstreamTokens);
        Assert.Equal(server.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString(), response.Text);
    }

    [Fact]
    public async Task GetResponseAsync_ScOverOllamaSharp_SameVotesAsServerWithoutContinuation()
    {
        await using var engine = new SimulatedEngine(new SimEngineOptions { TimeScale = 0, ModelName = "m" }, TimeProvider.System);
        await using var ollama = await FakeOllama.StartAsync(engine);
        using var client = new ChatClientBuilder(new OllamaApiClient(new Uri(ollama.Url), "m")).UseAdaptiveSelfConsistency("settle", maxSamples: 8).Build();

        var response = await client.GetResponseAsync("What is 17*23?", new ChatOptions { Seed = 7, MaxOutputTokens = 8192 });
        var server = await ServerAsync("What is 17*23?", 7, """{"mode":"sc","policy":"settle","max_samples":8}""");

        var report = DynasorReport.From(response)!;
        var votes = server.GetProperty("dynasor").GetProperty("votes").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32());
        Assert.Equal(votes, report.Votes);
        Assert.Equal(server.GetProperty("dynasor").GetProperty("upstream_tokens").GetInt64(), report.UpstreamTokens);
        Assert.Equal(server.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString(), response.Text);
    }

    private async Task<JsonElement> ServerAsync(string question, long seed, string dynasor)
    {
        var body = JsonSerializer.Serialize(new { model = "m", messages = new[] { new { role = "user", content = question } }, seed, max_tokens = 8192 });
        body = body[..^1] + ",\"dynasor\":" + dynasor + "}";
        using var response = await Http.PostAsync(servers.DynasorUrl + "/v1/chat/completions", new StringContent(body, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
