using System.Text.Json;
using System.Text.Json.Nodes;
using Dynasor.Server.Tests.EngineFakes;
using Dynasor.Server.Tests.EngineFakes.Protocol;

namespace Dynasor.Server.Tests.Conformance;

/// <summary>
/// Dynasor-CoT on every dialect: the chain a client receives (content and reasoning, each in the field its engine
/// uses) is the text a one-shot greedy generation gives, token for token, although Dynasor generated it in chunks of
/// 16 tokens with probes between them; with the DeepSeek-R1 template and a reasoning parser the chain is reasoning
/// from its first token (the case that once broke). The probes of this model never close their box, so the chain runs
/// to its limit.
/// </summary>
[Collection(EngineFakesCollection.Name)]
public sealed class ContinuationConformanceTests
{
    private const string Cot = ",\"dynasor\":{\"mode\":\"cot\",\"probe_interval\":16,\"window\":2}";

    public static TheoryData<string, string, bool> Chains => new()
    {
        { "vllm", "chatml", false }, { "vllm", "deepseek-r1", true },
        { "sglang", "chatml", false }, { "sglang", "deepseek-r1", true },
        { "llamacpp", "chatml", false }, { "llamacpp", "deepseek-r1", true }, { "llamacpp", "qwen3", true },
    };

    private static string Body(string template, string extra = "") =>
        "{\"model\":\"stories\",\"messages\":[{\"role\":\"user\",\"content\":\"Tell me a story.\"}],\"max_tokens\":90,\"temperature\":0,\"seed\":1"
        // The R1 file closes the block unless enable_thinking is set (llama.cpp sets it itself; vLLM and SGLang pass the client's).
        + (template == "deepseek-r1" ? ",\"chat_template_kwargs\":{\"enable_thinking\":true}" : "") + extra + "}";

    [SkippableTheory]
    [MemberData(nameof(Chains))]
    public async Task Cot_GreedyChain_IsTheOneShotTextInTheEnginesFields(string dialect, string template, bool parser)
    {
        FakeHttp.SkipWithoutModel();
        await using var engine = await EngineUnderTest.StartAsync(dialect, new FakeEngineOptions { Template = template, ReasoningParser = parser });

        var direct = (await FakeHttp.JsonAsync(engine.DirectChat, JsonNode.Parse(Body(template))!)).GetProperty("choices")[0];
        var cot = await FakeHttp.JsonAsync(engine.ThroughChat, JsonNode.Parse(Body(template, Cot))!);

        var (expected, actual) = (direct.GetProperty("message"), cot.GetProperty("choices")[0].GetProperty("message"));
        Assert.Equal(Text(expected, "content"), Text(actual, "content"));
        Assert.Equal(Text(expected, engine.ReasoningField), Text(actual, engine.ReasoningField));
        Assert.True((Text(expected, "content") + Text(expected, engine.ReasoningField)).Length > 100, "the one-shot generated a chain");
        if (parser && template == "deepseek-r1")
            Assert.True(Text(expected, engine.ReasoningField).Length > 0, "the R1 chain is reasoning");
        Assert.Equal(direct.GetProperty("finish_reason").GetString(), cot.GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        var summary = cot.GetProperty("dynasor");
        Assert.True(summary.GetProperty("probes").GetInt32() >= 4, "the chain was cut into chunks and probed");
        Assert.False(summary.GetProperty("exited_early").GetBoolean());
        // Every chunk after the first continued on token ids, none on re-rendered text.
        var idRoute = dialect == "llamacpp" ? "/completion" : "/v1/completions";
        Assert.True(engine.Engine.Requests.Count(r => r.Path == idRoute && r.Body.StartsWith("{\"prompt\":[", StringComparison.Ordinal)) >= 5, "continued on token ids");
        Assert.DoesNotContain(engine.Engine.Requests, r => r.Body.Contains("continue_final_message", StringComparison.Ordinal));
    }

    [SkippableTheory]
    [MemberData(nameof(Chains))]
    public async Task Cot_Streamed_ChunksJoinToTheOneShotText(string dialect, string template, bool parser)
    {
        FakeHttp.SkipWithoutModel();
        await using var engine = await EngineUnderTest.StartAsync(dialect, new FakeEngineOptions { Template = template, ReasoningParser = parser });

        var direct = (await FakeHttp.JsonAsync(engine.DirectChat, JsonNode.Parse(Body(template))!)).GetProperty("choices")[0].GetProperty("message");
        var events = await FakeHttp.EventsAsync(engine.ThroughChat, JsonNode.Parse(Body(template, Cot + ",\"stream\":true,\"stream_options\":{\"include_usage\":true}"))!);

        var deltas = events.SelectMany(e => e.GetProperty("choices").EnumerateArray()).Select(c => c.GetProperty("delta")).ToList();
        Assert.Equal(Text(direct, "content"), string.Concat(deltas.Select(d => Text(d, "content"))));
        Assert.Equal(Text(direct, engine.ReasoningField), string.Concat(deltas.Select(d => Text(d, engine.ReasoningField))));
        var oneShotUsage = (await FakeHttp.JsonAsync(engine.DirectChat, JsonNode.Parse(Body(template))!)).GetProperty("usage");
        var usage = events[^1].GetProperty("usage");
        // The prompt count is the engine's own, never an estimate.
        Assert.Equal(oneShotUsage.GetProperty("prompt_tokens").GetInt32(), usage.GetProperty("prompt_tokens").GetInt32());
        Assert.Equal(oneShotUsage.GetProperty("completion_tokens").GetInt32(), usage.GetProperty("completion_tokens").GetInt32());
    }

    [SkippableTheory]
    [MemberData(nameof(EngineUnderTest.TokenDialects), MemberType = typeof(EngineUnderTest))]
    public async Task Cot_ClientPrefilledTurn_ContinuedAsTheEngineContinuesIt(string dialect)
    {
        FakeHttp.SkipWithoutModel();
        await using var engine = await EngineUnderTest.StartAsync(dialect);
        // The client's own partial turn, continued once by the engine and once by Dynasor-CoT in 16-token chunks.
        var flags = dialect == "sglang" ? ",\"continue_final_message\":true" : ",\"continue_final_message\":true,\"add_generation_prompt\":false";
        var body = "{\"model\":\"stories\",\"messages\":[{\"role\":\"user\",\"content\":\"Tell me a story.\"},{\"role\":\"assistant\",\"content\":\"Once upon a time\"}],"
            + "\"max_tokens\":70,\"temperature\":0" + flags;

        var direct = (await FakeHttp.JsonAsync(engine.DirectChat, JsonNode.Parse(body + "}")!)).GetProperty("choices")[0].GetProperty("message");
        var cot = (await FakeHttp.JsonAsync(engine.ThroughChat, JsonNode.Parse(body + Cot + "}")!)).GetProperty("choices")[0].GetProperty("message");

        // llama.cpp's non-streamed answer repeats the prefill before its continuation (observed, ../shared/models/README.md);
        // Dynasor answers with the continuation alone, as vLLM and SGLang do.
        var continuation = dialect == "llamacpp" ? Text(direct, "content")["Once upon a time".Length..] : Text(direct, "content");
        Assert.StartsWith(",", continuation);
        Assert.Equal(continuation, Text(cot, "content"));
    }

    [SkippableTheory]
    [MemberData(nameof(EngineUnderTest.TokenDialects), MemberType = typeof(EngineUnderTest))]
    public async Task Cot_TextCompletion_ContinuesThePromptAsTheEngineWould(string dialect)
    {
        FakeHttp.SkipWithoutModel();
        await using var engine = await EngineUnderTest.StartAsync(dialect);
        var body = "{\"model\":\"stories\",\"prompt\":\"Once upon a time\",\"max_tokens\":70,\"temperature\":0";

        var direct = (await FakeHttp.JsonAsync(engine.Engine.Url + "/v1/completions", JsonNode.Parse(body + "}")!)).GetProperty("choices")[0];
        var cot = (await FakeHttp.JsonAsync(engine.Dynasor.Url + "/v1/completions", JsonNode.Parse(body + Cot + "}")!)).GetProperty("choices")[0];

        Assert.True(direct.GetProperty("text").GetString()!.Length > 50);
        Assert.Equal(direct.GetProperty("text").GetString(), cot.GetProperty("text").GetString());
    }

    [SkippableTheory]
    [InlineData("ollama")]
    [InlineData("openai")]
    public async Task Cot_EngineWithoutTokenIds_ContinuesByPrefillInItsDocumentedForm(string dialect)
    {
        FakeHttp.SkipWithoutModel();
        await using var engine = await EngineUnderTest.StartAsync(dialect);

        using var response = await Fakes.Http.PostAsync(engine.ThroughChat, Body("chatml", Cot));

        Assert.Equal(200, (int)response.StatusCode);
        var continued = engine.Engine.Requests.Where(r => r.Path == "/v1/chat/completions" && r.Body.Contains("{\"role\":\"assistant\"", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(continued);
        // Ollama has no flag (its template decides); an OpenAI-compatible server gets vLLM's flags.
        if (dialect == "ollama")
            Assert.All(continued, r => Assert.DoesNotContain("continue_final_message", r.Body));
        else
            Assert.All(continued, r => Assert.Contains("\"continue_final_message\":true,\"add_generation_prompt\":false", r.Body));
        Assert.DoesNotContain(engine.Engine.Requests, r => r.Body.Contains("\"prompt\":[", StringComparison.Ordinal));
    }

    [SkippableTheory]
    [MemberData(nameof(EngineUnderTest.Dialects), MemberType = typeof(EngineUnderTest))]
    public async Task CotAndSc_ClientSamplingFields_ReachEveryUpstreamGeneration(string dialect)
    {
        FakeHttp.SkipWithoutModel();
        await using var engine = await EngineUnderTest.StartAsync(dialect);
        var extras = ",\"top_k\":7,\"min_p\":0.02,\"logit_bias\":{\"13\":-50},\"user\":\"u-9\"";

        foreach (var mode in new[] { "{\"mode\":\"cot\",\"probe_interval\":16}", "{\"mode\":\"sc\",\"max_samples\":3,\"policy\":\"sc:n=3\"}" })
        {
            using var response = await Fakes.Http.PostAsync(engine.ThroughChat, Body("chatml", extras + ",\"dynasor\":" + mode));
            Assert.Equal(200, (int)response.StatusCode);
        }

        var generations = engine.Engine.Requests.Where(r => r.Method == "POST" && (r.Path.EndsWith("completions", StringComparison.Ordinal) || r.Path == "/completion")).ToList();
        Assert.True(generations.Count >= 6, $"{generations.Count} generations");
        Assert.All(generations, g => Assert.Contains("\"top_k\":7,\"min_p\":0.02,\"logit_bias\":{\"13\":-50},\"user\":\"u-9\"", g.Body));
    }

    [SkippableTheory]
    [InlineData("\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]", "tools", "cot")]
    [InlineData("\"response_format\":{\"type\":\"json_object\"}", "response_format", "sc")]
    [InlineData("\"logprobs\":true", "logprobs", "cot")]
    [InlineData("\"n\":2", "n", "sc")]
    public async Task Modes_FieldTheyCannotHonour_400NamingFieldAndMode(string field, string param, string mode)
    {
        FakeHttp.SkipWithoutModel();
        await using var engine = await EngineUnderTest.StartAsync("vllm");

        using var response = await Fakes.Http.PostAsync(engine.ThroughChat, Body("chatml", "," + field + ",\"dynasor\":{\"mode\":\"" + mode + "\"}"));
        var error = (await Fakes.Http.JsonAsync(response)).GetProperty("error");

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal(param, error.GetProperty("param").GetString());
        Assert.Contains("dynasor.mode " + mode, error.GetProperty("message").GetString());
        Assert.DoesNotContain(engine.Engine.Requests, r => r.Method == "POST");
    }

    private static string Text(JsonElement message, string field) =>
        message.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";
}
