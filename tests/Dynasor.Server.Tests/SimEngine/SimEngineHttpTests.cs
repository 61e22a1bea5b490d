using System.Text.Json;
using Dynasor.Server.OpenAi;
using Dynasor.Server.Tests.Fakes;

namespace Dynasor.Server.Tests.SimEngine;

/// <summary>The simulated engine's OpenAI surface (what <c>dynasor sim-engine</c> serves), as vLLM would answer.</summary>
[Collection(ServerCollection.Name)]
public sealed class SimEngineHttpTests(ServerFixture servers)
{
    private const string Question = "What is 17*23?";

    private static async Task<(string Text, JsonElement Body)> ChatAsync(string url, string json)
    {
        using var response = await Http.PostAsync(url + "/v1/chat/completions", json);
        var body = await Http.JsonAsync(response);
        Assert.Equal(200, (int)response.StatusCode);
        return (body.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()!, body);
    }

    [Fact]
    public async Task Chat_ContinueFinalMessage_ContinuesOwnOutputExactly()
    {
        var (full, body) = await ChatAsync(servers.SimUrl, Http.Chat(",\"seed\":7,\"max_tokens\":400", Question));
        var prefix = full[..(full.Length / 2)];
        var json = $"{{\"seed\":7,\"max_tokens\":400,\"continue_final_message\":true,\"add_generation_prompt\":false,\"messages\":[{{\"role\":\"user\",\"content\":\"{Question}\"}},{{\"role\":\"assistant\",\"content\":{JsonSerializer.Serialize(prefix)}}}]}}";

        var (rest, _) = await ChatAsync(servers.SimUrl, json);

        // The continuation may run past where the first answer hit its token limit; up to there it is the same text.
        Assert.StartsWith(full, prefix + rest);
        Assert.False(body.TryGetProperty("dynasor", out _));
    }

    [Fact]
    public async Task Completions_ChatMlPromptWithPartialAssistantTurn_ContinuesExactly()
    {
        var (full, _) = await ChatAsync(servers.SimUrl, Http.Chat(",\"seed\":9,\"max_tokens\":300", Question));
        var prefix = full[..(full.Length / 3)];
        var prompt = PromptTemplate.Render([new("user", Question)], prefix);

        using var response = await Http.PostAsync(servers.SimUrl + "/v1/completions", $"{{\"prompt\":{JsonSerializer.Serialize(prompt)},\"seed\":9,\"max_tokens\":300}}");
        var rest = (await Http.JsonAsync(response)).GetProperty("choices")[0].GetProperty("text").GetString();

        Assert.StartsWith(full, prefix + rest);
    }

    [Fact]
    public async Task ModelsAndMetrics_ReportModelAndOpenRequests()
    {
        var models = await Http.JsonAsync(await Http.Client.GetAsync(servers.SimUrl + "/v1/models"));
        var metrics = await Http.Client.GetStringAsync(servers.SimUrl + "/metrics");

        Assert.Equal("m", models.GetProperty("data")[0].GetProperty("id").GetString());
        Assert.Contains("dynasor_engine_open_requests{} 0", metrics);
        Assert.Contains("# TYPE dynasor_engine_generated_tokens gauge", metrics);
    }

    [Fact]
    public async Task Chat_ThroughDynasorOverHttp_SameTextAsEngineDirectly()
    {
        var json = Http.Chat(",\"seed\":3,\"max_tokens\":50", Question);
        var (direct, _) = await ChatAsync(servers.SimUrl, json);
        var (through, body) = await ChatAsync(servers.InFrontOfSlowSimUrl, json);

        // The slow engine and the instant one share seed 0: same question and seed, same text.
        Assert.Equal(direct, through);
        Assert.Equal(50, body.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
        Assert.Equal(50, body.GetProperty("dynasor").GetProperty("upstream_tokens").GetInt32());
    }
}
