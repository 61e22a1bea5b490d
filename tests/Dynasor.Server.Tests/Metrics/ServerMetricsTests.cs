using Dynasor.Server.Hosting;
using Dynasor.Server.Tests.Fakes;

namespace Dynasor.Server.Tests.Metrics;

/// <summary>
/// The metrics a scraper reads at <c>/metrics</c> after real requests over loopback: names as the Prometheus exporter
/// renders them (docs/observability.md) and values checked against what was sent and answered.
/// </summary>
public sealed class ServerMetricsTests
{
    private const string Duration = "gen_ai_server_request_duration_seconds";

    [Fact]
    public async Task Metrics_StreamedRequest_TimeToFirstTokenAndPerOutputTokenOnTheServersClock()
    {
        var time = new ManualTime();
        var engine = new SteppedEngine();
        await using var server = await RunningServer.StartAsync([RunningServer.Served(engine)], null, time);
        var pending = Http.PostAsync(server.Url + "/v1/chat/completions", Http.Chat(",\"stream\":true"), option: HttpCompletionOption.ResponseHeadersRead);
        await engine.WaitStartedAsync();
        time.Advance(TimeSpan.FromSeconds(0.5));
        engine.ReleaseFirst();
        using var response = await pending;
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        Assert.StartsWith("data: {", await reader.ReadLineAsync());
        time.Advance(TimeSpan.FromSeconds(1.5));
        engine.ReleaseRest();
        Assert.EndsWith("data: [DONE]\n\n", await reader.ReadToEndAsync());

        var scrape = await Scrape.GetAsync(server.Url);
        // First byte at 0.5 s, last at 2 s, four tokens: (2 - 0.5) / 3 s per token after the first.
        Assert.Equal(0.5, scrape.Value("gen_ai_server_time_to_first_token_seconds_sum"), 9);
        Assert.Equal(0, scrape.Value("gen_ai_server_time_to_first_token_seconds_bucket", ("le", "0.25")));
        Assert.Equal(1, scrape.Value("gen_ai_server_time_to_first_token_seconds_bucket", ("le", "0.5")));
        Assert.Equal(0.5, scrape.Value("gen_ai_server_time_per_output_token_seconds_sum"), 9);
        Assert.Equal(2.0, scrape.Value(Duration + "_sum"), 9);
        Assert.Equal(4, scrape.Value("gen_ai_client_token_usage_sum", ("gen_ai_token_type", "output")));
    }

    [Fact]
    public async Task Metrics_WholeStreamedAndTextRequests_CountedByOperationModeStatusAndTokens()
    {
        await using var server = await RunningServer.StartAsync([RunningServer.Served(new ScriptedEngine())]);
        using (await Http.PostAsync(server.Url + "/v1/chat/completions", Http.Chat())) { }
        using (var streamed = await Http.PostAsync(server.Url + "/v1/chat/completions", Http.Chat(",\"stream\":true")))
            Assert.Equal("[DONE]", (await Http.EventsAsync(streamed))[^1]);
        using (await Http.PostAsync(server.Url + "/v1/completions", "{\"model\":\"m\",\"prompt\":\"hi\",\"max_tokens\":3}")) { }

        var scrape = await Scrape.GetAsync(server.Url);
        (string, string)[] chat = [("gen_ai_operation_name", "chat"), ("dynasor_mode", "off"), ("http_response_status_code", "200"),
            ("gen_ai_request_model", "m"), ("gen_ai_response_model", "m"), ("gen_ai_provider_name", "dynasor")];
        Assert.Equal(2, scrape.Value(Duration + "_count", chat));
        Assert.Equal(1, scrape.Value(Duration + "_count", ("gen_ai_operation_name", "text_completion")));
        Assert.Equal(3, scrape.Value(Duration + "_bucket", ("le", "+Inf"), ("gen_ai_operation_name", "chat")) + scrape.Value(Duration + "_bucket", ("le", "+Inf"), ("gen_ai_operation_name", "text_completion")));
        // Five tokens per chat answer (the scripted engine's length), three for the capped text completion.
        Assert.Equal(13, scrape.Value("dynasor_client_tokens_total", ("dynasor_mode", "off")));
        Assert.Equal(13, scrape.Value("dynasor_upstream_tokens_total", ("dynasor_mode", "off")));
        Assert.Equal(13, scrape.Sum("gen_ai_client_token_usage_sum", ("gen_ai_token_type", "output")));
        Assert.Equal(3, scrape.Sum("gen_ai_client_token_usage_count", ("gen_ai_token_type", "output")));
        // Only the stream shows when its first token came.
        Assert.Equal(1, scrape.Sum("gen_ai_server_time_to_first_token_seconds_count"));
        Assert.Equal(0, scrape.Value("dynasor_server_active_requests"));
        Assert.Equal(("histogram", "counter", "gauge"), (scrape.Types[Duration], scrape.Types["dynasor_client_tokens_total"], scrape.Types["dynasor_server_active_requests"]));
    }

    [Fact]
    public async Task Metrics_RefusedRequests_CountedUnderTheSettingThatRefusedThemAndByStatus()
    {
        await using var server = await RunningServer.StartAsync([RunningServer.Served(new ScriptedEngine())],
            new ServerOptions(MaxRequestBodyBytes: 1024, Limits: new Dynasor.Server.OpenAi.RequestLimits(MaxRequestSequences: 4, MaxRequestTokens: 1000)));
        var statuses = new List<int>();
        foreach (var body in new[]
        {
            Http.Chat(",\"max_tokens\":10", content: new string('x', 2000)),
            Http.Chat(",\"max_tokens\":10,\"dynasor\":{\"mode\":\"sc\",\"max_samples\":8}"),
            Http.Chat(",\"max_tokens\":2000"),
            "{\"model\":\"no-such-model\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"q\"}]}",
        })
        {
            using var response = await Http.PostAsync(server.Url + "/v1/chat/completions", body);
            statuses.Add((int)response.StatusCode);
        }

        var scrape = await Scrape.GetAsync(server.Url);
        Assert.Equal([413, 400, 400, 404], statuses);
        Assert.Equal(1, scrape.Value("dynasor_limit_rejections_total", ("dynasor_limit", "max_request_body_bytes")));
        Assert.Equal(1, scrape.Value("dynasor_limit_rejections_total", ("dynasor_limit", "max_request_sequences")));
        Assert.Equal(1, scrape.Value("dynasor_limit_rejections_total", ("dynasor_limit", "max_request_tokens")));
        Assert.Equal(1, scrape.Value(Duration + "_count", ("error_type", "413"), ("http_response_status_code", "413")));
        Assert.Equal(2, scrape.Sum(Duration + "_count", ("error_type", "400")));
        // A model the server does not serve never becomes a label value.
        var notFound = Assert.Single(scrape.Matching(Duration + "_count", ("error_type", "404")));
        Assert.DoesNotContain("gen_ai_request_model", notFound.Labels.Keys);
        Assert.DoesNotContain("no-such-model", scrape.Text);
        Assert.Empty(scrape.Matching("gen_ai_client_token_usage_count"));
    }

    [Fact]
    public async Task Metrics_KeysAndKeyLimits_ScrapedWithoutAKeyAndTheRefusalCounted()
    {
        var time = new ManualTime();
        await using var server = await RunningServer.StartAsync([RunningServer.Served(new ScriptedEngine())],
            new ServerOptions(ApiKeys: ["k1"], KeyLimits: new KeyLimits(RequestsPerMinute: 1)), time);
        using var first = await Http.PostAsync(server.Url + "/v1/chat/completions", Http.Chat(), "k1");
        using var second = await Http.PostAsync(server.Url + "/v1/chat/completions", Http.Chat(), "k1");
        using var models = await Http.Client.GetAsync(server.Url + "/v1/models");

        var scrape = await Scrape.GetAsync(server.Url);
        Assert.Equal((200, 429, 401), ((int)first.StatusCode, (int)second.StatusCode, (int)models.StatusCode));
        Assert.Equal(1, scrape.Value("dynasor_limit_rejections_total", ("dynasor_limit", "key_limits")));
    }

    [Fact]
    public async Task Metrics_WhileDraining_StillServedWithTheDrainAndItsRefusals()
    {
        await using var server = await RunningServer.StartAsync([RunningServer.Served(new ScriptedEngine())], null, new ManualTime());
        server.Drain.Begin();
        using var refused = await Http.PostAsync(server.Url + "/v1/chat/completions", Http.Chat());

        var scrape = await Scrape.GetAsync(server.Url);
        Assert.Equal(503, (int)refused.StatusCode);
        Assert.Equal(1, scrape.Value("dynasor_drain_active"));
        Assert.Equal(1, scrape.Value("dynasor_drain_refused_requests_total"));
    }

    [Fact]
    public async Task Metrics_TwoServersInOneProcess_EachCountsOnlyItsOwnRequests()
    {
        await using var served = await RunningServer.StartAsync([RunningServer.Served(new ScriptedEngine())]);
        await using var idle = await RunningServer.StartAsync([RunningServer.Served(new ScriptedEngine())]);
        using (await Http.PostAsync(served.Url + "/v1/chat/completions", Http.Chat())) { }

        Assert.Equal(1, (await Scrape.GetAsync(served.Url)).Sum(Duration + "_count"));
        Assert.Empty((await Scrape.GetAsync(idle.Url)).Matching(Duration + "_count"));
    }

    [Fact]
    public async Task Metrics_SchedulerGauges_OnePerUpstreamReplica()
    {
        await using var server = await RunningServer.StartAsync(
            [RunningServer.Served(new ScriptedEngine(), "a"), RunningServer.Served(new ScriptedEngine(), "b")], new ServerOptions(MaxInFlight: 7));

        var scrape = await Scrape.GetAsync(server.Url);
        foreach (var replica in new[] { "a", "b" })
        {
            Assert.Equal(7, scrape.Value("dynasor_scheduler_max_in_flight", ("dynasor_upstream", replica)));
            Assert.Equal(0, scrape.Value("dynasor_scheduler_waiting", ("dynasor_upstream", replica)));
            Assert.Equal(0, scrape.Value("dynasor_scheduler_in_flight", ("dynasor_upstream", replica)));
            Assert.Equal(0, scrape.Value("dynasor_scheduler_predicted_work", ("dynasor_upstream", replica)));
            Assert.Equal(1, scrape.Value("dynasor_upstream_healthy", ("dynasor_upstream", replica)));
        }
    }

    [Fact]
    public async Task Metrics_PostToTheMetricsPath_405NamingGet()
    {
        await using var server = await RunningServer.StartAsync([RunningServer.Served(new ScriptedEngine())]);
        using var response = await Http.PostAsync(server.Url + "/metrics", "{}");

        Assert.Equal(405, (int)response.StatusCode);
        Assert.Equal("GET", response.Content.Headers.Allow.Single());
    }
}
