using System.Text.Json;
using System.Text.Json.Nodes;
using Dynasor.Server.Tests.EngineFakes;

namespace Dynasor.Server.Tests.Conformance;

/// <summary>
/// <c>mode: off</c> in front of every dialect: the engine gets the client's body as it came (less the <c>dynasor</c>
/// object, plus <c>include_usage</c> on a stream), and the client gets the engine's answer as it came, field for field,
/// plus the <c>dynasor</c> object. The body carries the fields the issue lists as once dropped: tools, JSON mode,
/// logprobs, sampling extras, chat template kwargs, reasoning effort, user.
/// </summary>
[Collection(EngineFakesCollection.Name)]
public sealed class PassThroughConformanceTests
{
    // Every field a rebuilt body used to drop; each engine answers or ignores them as its documentation says.
    private const string Fields = "\"temperature\":0,\"max_tokens\":12,\"top_k\":5,\"min_p\":0.05,\"repetition_penalty\":1.1,\"presence_penalty\":0.1,"
        + "\"frequency_penalty\":0.1,\"logit_bias\":{\"13\":-100},\"logprobs\":true,\"top_logprobs\":2,\"chat_template_kwargs\":{\"enable_thinking\":false},"
        + "\"reasoning_effort\":\"low\",\"user\":\"u-1\",\"response_format\":{\"type\":\"text\"},\"seed\":7";

    private static string Body(string model, string extra) =>
        $"{{\"model\":\"{model}\",\"messages\":[{{\"role\":\"system\",\"content\":\"Be brief.\"}},{{\"role\":\"user\",\"content\":\"Tell me a story.\"}}],{Fields}{extra}}}";

    private static string WithDynasor(string body) => body[..^1] + ",\"dynasor\":{\"mode\":\"off\"}}";

    [SkippableTheory]
    [MemberData(nameof(EngineUnderTest.Dialects), MemberType = typeof(EngineUnderTest))]
    public async Task Off_NotStreamed_EngineGetsClientBodyAndClientGetsEngineAnswer(string dialect)
    {
        FakeHttp.SkipWithoutModel();
        await using var engine = await EngineUnderTest.StartAsync(dialect);
        var body = Body("stories", "");

        var direct = await FakeHttp.JsonAsync(engine.DirectChat, JsonNode.Parse(body)!);
        var through = await FakeHttp.JsonAsync(engine.ThroughChat, JsonNode.Parse(WithDynasor(body))!);

        Assert.Equal(body, engine.Engine.Requests.Last(r => r.Path.EndsWith("chat/completions", StringComparison.Ordinal)).Body);
        Assert.Equal(Normalized.Of(direct), Normalized.Of(through));
        Assert.Equal(direct.GetProperty("usage").GetProperty("completion_tokens").GetInt32(),
            through.GetProperty("dynasor").GetProperty("upstream_tokens").GetInt32());
    }

    [SkippableTheory]
    [MemberData(nameof(EngineUnderTest.Dialects), MemberType = typeof(EngineUnderTest))]
    public async Task Off_StreamedWithoutUsage_EveryChunkAsTheEngineSentItAndNoUsageChunk(string dialect)
    {
        FakeHttp.SkipWithoutModel();
        await using var engine = await EngineUnderTest.StartAsync(dialect);
        var body = Body("stories", ",\"stream\":true");

        var direct = await FakeHttp.EventsAsync(engine.DirectChat, JsonNode.Parse(body)!);
        var through = await FakeHttp.EventsAsync(engine.ThroughChat, JsonNode.Parse(WithDynasor(body))!);

        // Dynasor asked the engine for usage (to count tokens) and kept the usage chunk from a client that did not.
        var upstream = engine.Engine.Requests.Last(r => r.Path.EndsWith("chat/completions", StringComparison.Ordinal)).Body;
        Assert.Equal(body[..^1] + ",\"stream_options\":{\"include_usage\":true}}", upstream);
        Assert.Equal(Normalized.Of(direct), Normalized.Of(through));
        Assert.True(through[^1].TryGetProperty("dynasor", out var summary), "the last chunk carries the dynasor object");
        Assert.True(summary.GetProperty("upstream_tokens").GetInt32() > 0);
    }

    [SkippableTheory]
    [MemberData(nameof(EngineUnderTest.Dialects), MemberType = typeof(EngineUnderTest))]
    public async Task Off_StreamedWithUsage_UsageChunkPassedWithTheEnginesCounts(string dialect)
    {
        FakeHttp.SkipWithoutModel();
        await using var engine = await EngineUnderTest.StartAsync(dialect);
        var body = Body("stories", ",\"stream\":true,\"stream_options\":{\"include_usage\":true}");

        var direct = await FakeHttp.EventsAsync(engine.DirectChat, JsonNode.Parse(body)!);
        var through = await FakeHttp.EventsAsync(engine.ThroughChat, JsonNode.Parse(WithDynasor(body))!);

        Assert.Equal(body, engine.Engine.Requests.Last(r => r.Path.EndsWith("chat/completions", StringComparison.Ordinal)).Body);
        Assert.Equal(Normalized.Of(direct), Normalized.Of(through));
        var usage = through.Last(e => e.TryGetProperty("usage", out var u) && u.ValueKind == JsonValueKind.Object).GetProperty("usage");
        Assert.Equal(direct.Last(e => e.TryGetProperty("usage", out var u) && u.ValueKind == JsonValueKind.Object).GetProperty("usage").GetRawText(), usage.GetRawText());
    }

    [SkippableTheory]
    [MemberData(nameof(EngineUnderTest.Dialects), MemberType = typeof(EngineUnderTest))]
    public async Task Off_NamedToolChoice_ToolCallAndFinishReasonReachTheClient(string dialect)
    {
        FakeHttp.SkipWithoutModel();
        await using var engine = await EngineUnderTest.StartAsync(dialect);
        var tools = ",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"parameters\":{\"type\":\"object\",\"properties\":{}}}}],"
            + "\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"}},\"parallel_tool_calls\":false";
        var body = Body("stories", tools);

        var direct = await FakeHttp.JsonAsync(engine.DirectChat, JsonNode.Parse(body)!);
        var through = await FakeHttp.JsonAsync(engine.ThroughChat, JsonNode.Parse(WithDynasor(body))!);

        Assert.Equal(Normalized.Of(direct), Normalized.Of(through));
        // The plain OpenAI-compatible fake has no tools (its class says so); every other engine calls the named one.
        if (dialect == "openai")
            return;
        var choice = through.GetProperty("choices")[0];
        Assert.Equal("tool_calls", choice.GetProperty("finish_reason").GetString());
        Assert.Equal("get_weather", choice.GetProperty("message").GetProperty("tool_calls")[0].GetProperty("function").GetProperty("name").GetString());
    }

    [SkippableTheory]
    [MemberData(nameof(EngineUnderTest.Dialects), MemberType = typeof(EngineUnderTest))]
    public async Task Off_TextCompletion_StaysACompletion(string dialect)
    {
        FakeHttp.SkipWithoutModel();
        await using var engine = await EngineUnderTest.StartAsync(dialect);
        var body = "{\"model\":\"stories\",\"prompt\":\"Once upon a time\",\"max_tokens\":10,\"temperature\":0}";

        var direct = await FakeHttp.JsonAsync(engine.Engine.Url + "/v1/completions", JsonNode.Parse(body)!);
        var through = await FakeHttp.JsonAsync(engine.Dynasor.Url + "/v1/completions", JsonNode.Parse(body)!);

        Assert.Equal(body, engine.Engine.Requests.Last(r => r.Path.EndsWith("/completions", StringComparison.Ordinal)).Body);
        Assert.Equal(Normalized.Of(direct), Normalized.Of(through));
        Assert.Equal("text_completion", through.GetProperty("object").GetString());
    }

    [SkippableTheory]
    [MemberData(nameof(EngineUnderTest.Dialects), MemberType = typeof(EngineUnderTest))]
    public async Task Off_TwoChoices_TwoDistinctChoicesEitherFromTheEngineOrFannedOut(string dialect)
    {
        FakeHttp.SkipWithoutModel();
        await using var engine = await EngineUnderTest.StartAsync(dialect);
        var body = "{\"model\":\"stories\",\"messages\":[{\"role\":\"user\",\"content\":\"Tell me a story.\"}],\"max_tokens\":8,\"temperature\":1,\"seed\":3,\"n\":2,\"stream\":true,\"stream_options\":{\"include_usage\":true}}";

        var events = await FakeHttp.EventsAsync(engine.ThroughChat, JsonNode.Parse(body)!);

        var indices = events.SelectMany(e => e.GetProperty("choices").EnumerateArray()).Select(c => c.GetProperty("index").GetInt32()).Distinct().Order();
        Assert.Equal([0, 1], indices);
        Assert.Single(events.Select(e => e.GetProperty("id").GetString()).Distinct());
        var upstreamBodies = engine.Engine.Requests.Where(r => r.Path.EndsWith("chat/completions", StringComparison.Ordinal)).Select(r => r.Body).ToList();
        // Ollama ignores n (its docs list it unsupported): Dynasor sends one request per choice, seeds 3 and 4.
        if (dialect == "ollama")
            Assert.Equal(2, upstreamBodies.Count(b => !b.Contains("\"n\":", StringComparison.Ordinal)));
        else
            Assert.Contains(upstreamBodies, b => b.Contains("\"n\":2", StringComparison.Ordinal));
    }

    [SkippableTheory]
    [MemberData(nameof(EngineUnderTest.Dialects), MemberType = typeof(EngineUnderTest))]
    public async Task UnknownModel_404ModelNotFound(string dialect)
    {
        FakeHttp.SkipWithoutModel();
        await using var engine = await EngineUnderTest.StartAsync(dialect);

        var (status, text) = await FakeHttp.PostAsync(engine.ThroughChat, JsonNode.Parse("{\"model\":\"gpt-nonexistent\",\"messages\":[{\"role\":\"user\",\"content\":\"q\"}]}")!);

        Assert.Equal(404, status);
        var error = JsonDocument.Parse(text).RootElement.GetProperty("error");
        Assert.Equal(("model_not_found", "model"), (error.GetProperty("code").GetString(), error.GetProperty("param").GetString()));
        Assert.DoesNotContain(engine.Engine.Requests, r => r.Body.Contains("gpt-nonexistent", StringComparison.Ordinal));
    }

    [SkippableTheory]
    [InlineData("vllm", "/tokenize", "{\"model\":\"stories\",\"prompt\":\"Once upon a time\"}")]
    [InlineData("vllm", "/v1/embeddings", "{\"model\":\"stories\",\"input\":\"Once upon a time\"}")]
    [InlineData("llamacpp", "/tokenize", "{\"content\":\"Once upon a time\",\"with_pieces\":true}")]
    [InlineData("llamacpp", "/apply-template", "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")]
    [InlineData("sglang", "/tokenize", "{\"model\":\"stories\",\"prompt\":\"Once upon a time\"}")]
    public async Task OtherRoute_RelayedAsItCame(string dialect, string route, string body)
    {
        FakeHttp.SkipWithoutModel();
        await using var engine = await EngineUnderTest.StartAsync(dialect);

        var direct = await FakeHttp.PostAsync(engine.Engine.Url + route, JsonNode.Parse(body)!);
        var through = await FakeHttp.PostAsync(engine.Dynasor.Url + route, JsonNode.Parse(body)!);

        Assert.Equal(direct.Status, through.Status);
        Assert.Equal(Normalized.Of(JsonDocument.Parse(direct.Body).RootElement), Normalized.Of(JsonDocument.Parse(through.Body).RootElement));
        Assert.Equal(body, engine.Engine.Requests.Last().Body);
    }

    [SkippableFact]
    public async Task UnknownRoute_OpenAiStyle404NamingWhatIsServed()
    {
        FakeHttp.SkipWithoutModel();
        await using var engine = await EngineUnderTest.StartAsync("vllm");

        var (status, text) = await FakeHttp.GetAsync(engine.Dynasor.Url + "/generate_story");

        Assert.Equal(404, status);
        var error = JsonDocument.Parse(text).RootElement.GetProperty("error");
        Assert.Equal("unknown_route", error.GetProperty("code").GetString());
        Assert.Contains("/v1/chat/completions", error.GetProperty("message").GetString());
    }

    [SkippableTheory]
    [MemberData(nameof(EngineUnderTest.Dialects), MemberType = typeof(EngineUnderTest))]
    public async Task Off_PromptOverTheContext_TheEnginesOwnErrorAsItSentIt(string dialect)
    {
        FakeHttp.SkipWithoutModel();
        await using var engine = await EngineUnderTest.StartAsync(dialect, new EngineFakes.Protocol.FakeEngineOptions { ContextSize = 64 });
        var story = string.Concat(Enumerable.Repeat("Once upon a time there was a little girl. ", 20));
        var body = JsonNode.Parse($"{{\"model\":\"stories\",\"messages\":[{{\"role\":\"user\",\"content\":\"{story}\"}}],\"max_tokens\":8}}")!;

        var direct = await FakeHttp.PostAsync(engine.DirectChat, body);
        var through = await FakeHttp.PostAsync(engine.ThroughChat, body);

        Assert.InRange(direct.Status, 400, 499);
        Assert.Equal(direct, through);
    }
}
