using System.Text.Json;
using Dynasor.Server.OpenAi;
using Dynasor.Server.Tests.Fakes;

namespace Dynasor.Server.Tests.Hosting;

/// <summary><c>/v1/completions</c>, chat continuation, models, health and metrics over raw HTTP.</summary>
[Collection(ServerCollection.Name)]
public sealed class CompletionsTests(ServerFixture servers)
{
    [Fact]
    public async Task Completions_TemplatedPromptEndingInAssistantTurn_ContinuesPrefix()
    {
        var prompt = PromptTemplate.Render([new("user", "What is 6*7?")], "Let me think");
        using var response = await Http.PostAsync(servers.Url + "/v1/completions", $"{{\"prompt\":{System.Text.Json.JsonSerializer.Serialize(prompt)},\"max_tokens\":2}}");
        var body = await Http.JsonAsync(response);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("text_completion", body.GetProperty("object").GetString());
        Assert.Equal(ScriptedEngine.TextOf(2), body.GetProperty("choices")[0].GetProperty("text").GetString());
        Assert.Equal(2, body.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
        Assert.Equal("Let me think", servers.Engine.LastRequest!.AssistantPrefix);
        Assert.Equal("What is 6*7?", servers.Engine.LastRequest.Question);
    }

    [Fact]
    public async Task Chat_ContinueFinalMessage_EngineContinuesAssistantPrefix()
    {
        var json = "{\"messages\":[{\"role\":\"user\",\"content\":\"q\"},{\"role\":\"assistant\",\"content\":\"<think>So\"}],\"continue_final_message\":true,\"add_generation_prompt\":false,\"max_tokens\":1}";
        using var response = await Http.PostAsync(servers.Url + "/v1/chat/completions", json);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("<think>So", servers.Engine.LastRequest!.AssistantPrefix);
        Assert.Single(servers.Engine.LastRequest.Messages);
    }

    [Fact]
    public async Task Chat_UpstreamReasoningField_PassedThroughUnderItsName()
    {
        using var response = await Http.PostAsync(servers.InFront("ok") + "/v1/chat/completions", Http.Chat());
        var message = (await Http.JsonAsync(response)).GetProperty("choices")[0].GetProperty("message");

        Assert.Equal("The answer 42", message.GetProperty("content").GetString());
        Assert.Equal("rrr", message.GetProperty("reasoning").GetString());
    }

    [Fact]
    public async Task Chat_UpstreamUsageAboveDeltas_CountsEveryUpstreamToken()
    {
        using var response = await Http.PostAsync(servers.InFront("ok") + "/v1/chat/completions", Http.Chat());
        var body = await Http.JsonAsync(response);

        // Three deltas, but the upstream's usage says five tokens: counts follow the usage.
        Assert.Equal(5, body.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
        Assert.Equal(5, body.GetProperty("dynasor").GetProperty("upstream_tokens").GetInt32());
    }

    [Fact]
    public async Task Chat_CotOnCompletionsProtocolUpstream_SendsTemplatedPromptAndReturnsText()
    {
        var json = "{\"messages\":[{\"role\":\"user\",\"content\":\"q\"},{\"role\":\"assistant\",\"content\":\"pre\"}],\"continue_final_message\":true,\"dynasor\":{\"mode\":\"cot\"}}";
        using var response = await Http.PostAsync(servers.InFront("completions") + "/v1/chat/completions", json);
        var body = await Http.JsonAsync(response);

        Assert.Equal("The answer 42", body.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
        Assert.Contains("\"prompt\":\"\\u003C|im_start|\\u003Euser\\nq\\u003C|im_end|\\u003E\\n\\u003C|im_start|\\u003Eassistant\\npre\"", servers.Upstream.LastBody);
    }

    [Fact]
    public async Task Chat_CotOnChatProtocolContinuation_SendsContinueFinalMessageAndUpstreamKey()
    {
        var json = "{\"messages\":[{\"role\":\"user\",\"content\":\"q\"},{\"role\":\"assistant\",\"content\":\"pre\"}],\"continue_final_message\":true,\"dynasor\":{\"mode\":\"cot\"}}";
        using var response = await Http.PostAsync(servers.InFront("ok") + "/v1/chat/completions", json);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Contains("\"continue_final_message\":true,\"add_generation_prompt\":false", servers.Upstream.LastBody);
        Assert.Equal("Bearer " + ServerFixture.UpstreamKey, servers.Upstream.LastAuthorization);
    }

    [Fact]
    public async Task Models_InFrontOfUpstream_ListsUpstreamModels()
    {
        var body = await Http.JsonAsync(await Http.Client.GetAsync(servers.InFront("ok") + "/v1/models"));

        Assert.Equal("list", body.GetProperty("object").GetString());
        Assert.Equal("up-model", body.GetProperty("data")[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task HealthAndMetrics_AfterRequests_ReportCountsAndEngineGauge()
    {
        using (await Http.PostAsync(servers.Url + "/v1/chat/completions", Http.Chat())) { }

        using var health = JsonDocument.Parse(await Http.Client.GetStringAsync(servers.Url + "/health"));
        Assert.Equal("ok", health.RootElement.GetProperty("status").GetString());
        Assert.Equal("up", health.RootElement.GetProperty("replicas")[0].GetProperty("state").GetString());
        var metrics = await Http.Client.GetStringAsync(servers.Url + "/metrics");
        Assert.Matches("gen_ai_server_request_duration_seconds_count\\{dynasor_mode=\"off\",gen_ai_operation_name=\"chat\",[^}]*http_response_status_code=\"200\"\\} [1-9]", metrics);
        Assert.Matches("dynasor_client_tokens_total\\{dynasor_mode=\"off\"\\} [1-9]", metrics);
        Assert.Contains("gen_ai_server_request_duration_seconds_bucket{dynasor_mode=\"off\",", metrics);
        Assert.Contains("scripted_open_requests{} 0", metrics);
        Assert.Contains("dynasor_scheduler_waiting{dynasor_upstream=\"simulated\"} 0", metrics);
        Assert.Contains("dynasor_scheduler_in_flight{dynasor_upstream=\"simulated\"} 0", metrics);
    }
}
