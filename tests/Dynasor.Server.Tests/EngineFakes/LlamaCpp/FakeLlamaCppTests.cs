using System.Text.Json;
using System.Text.Json.Nodes;
using Dynasor.Server.Tests.EngineFakes.Protocol;

namespace Dynasor.Server.Tests.EngineFakes.LlamaCpp;

/// <summary>Expected texts are llama-server's own answers for the same model (docs/llamacpp-observed.md).</summary>
[Collection(EngineFakesCollection.Name)]
public sealed class FakeLlamaCppTests
{
    private const string Story = "{\"role\":\"user\",\"content\":\"Tell me a story.\"}";
    private const string Prefill = "{\"role\":\"assistant\",\"content\":\"Once upon a time\"}";

    private static JsonObject Body(string json) => JsonNode.Parse(json)!.AsObject();

    private static string Content(JsonElement answer, string field = "content") =>
        answer.GetProperty("choices")[0].GetProperty("message").GetProperty(field).GetString()!;

    private static string Deltas(List<JsonElement> events, string field = "content") => string.Concat(events
        .Where(e => e.GetProperty("choices").GetArrayLength() > 0)
        .Select(e => e.GetProperty("choices")[0].GetProperty("delta"))
        .Select(d => d.TryGetProperty(field, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : ""));

    [SkippableFact]
    public async Task Chat_OneShotGreedy_EqualsThreeChunksContinuedOnTokenIdsWithCompletion()
    {
        FakeHttp.SkipWithoutModel();
        await using var llama = await FakeLlamaCpp.StartAsync();
        var whole = await FakeHttp.JsonAsync(llama.Url + "/v1/chat/completions", Body($"{{\"messages\":[{Story}],\"temperature\":0,\"max_tokens\":60}}"));
        // §2: llama-server's first 30 tokens of this answer.
        Assert.StartsWith("\"Here?\" Annabyed.\n\"One, Annabying,", Content(whole));
        var prompt = (await FakeHttp.JsonAsync(llama.Url + "/apply-template", Body($"{{\"messages\":[{Story}]}}"))).GetProperty("prompt").GetString()!;
        var ids = FakeHttp.Ints((await FakeHttp.JsonAsync(llama.Url + "/tokenize", new JsonObject { ["content"] = prompt, ["add_special"] = true })).GetProperty("tokens")).ToList();
        Assert.Equal(50, ids.Count); // §5: the chat prompt is 50 tokens with BOS.
        var text = "";
        for (var chunk = 0; chunk < 3; chunk++)
        {
            var part = await FakeHttp.JsonAsync(llama.Url + "/completion", new JsonObject
            {
                ["prompt"] = FakeHttp.Array(ids), ["n_predict"] = 20, ["temperature"] = 0, ["return_tokens"] = true,
            });
            ids.AddRange(FakeHttp.Ints(part.GetProperty("tokens")));
            text += part.GetProperty("content").GetString();
        }
        Assert.Equal(Content(whole), text);
        Assert.Equal(60, whole.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
    }

    [SkippableFact]
    public async Task Prefill_FollowsTheObservedFlagRules()
    {
        FakeHttp.SkipWithoutModel();
        await using var llama = await FakeLlamaCpp.StartAsync();
        var url = llama.Url + "/v1/chat/completions";
        string Request(string extra) => $"{{\"messages\":[{Story},{Prefill}],\"temperature\":0,\"max_tokens\":20{extra}}}";
        const string Answer = "Once upon a time, there was a little girl named Lily. She loved to play with her toy"; // §3a
        Assert.Equal(Answer, Content(await FakeHttp.JsonAsync(url, Body(Request("")))));
        var implicitStream = await FakeHttp.EventsAsync(url, Body(Request(",\"stream\":true")));
        Assert.Equal("Once upon a time,", implicitStream[1].GetProperty("choices")[0].GetProperty("delta").GetProperty("content").GetString()); // §3b
        var refused = await FakeHttp.PostAsync(url, Body(Request(",\"continue_final_message\":true")));
        Assert.Equal((400, "{\"error\":{\"code\":400,\"message\":\"Cannot set both add_generation_prompt and continue_final_message to true.\",\"type\":\"invalid_request_error\"}}"), refused); // §3c
        var explicitStream = await FakeHttp.EventsAsync(url, Body(Request(",\"continue_final_message\":true,\"add_generation_prompt\":false,\"stream\":true")));
        Assert.Equal(Answer["Once upon a time".Length..], Deltas(explicitStream)); // §3f
        Assert.Equal(Answer, Content(await FakeHttp.JsonAsync(url, Body(Request(",\"continue_final_message\":true,\"add_generation_prompt\":false"))))); // §3e
    }

    [SkippableFact]
    public async Task R1Reasoning_StartsWithTheTemplatesNewlineAndContinuesTokenExactlyInReasoningContent()
    {
        FakeHttp.SkipWithoutModel();
        await using var llama = await FakeLlamaCpp.StartAsync(new FakeEngineOptions { Template = "deepseek-r1", ReasoningParser = true });
        var url = llama.Url + "/v1/chat/completions";
        Assert.Equal("<｜User｜>Tell me a story.<｜Assistant｜><think>\n",
            (await FakeHttp.JsonAsync(llama.Url + "/apply-template", Body($"{{\"messages\":[{Story}]}}"))).GetProperty("prompt").GetString()); // §4.0
        var oneShot = await FakeHttp.JsonAsync(url, Body($"{{\"messages\":[{Story}],\"temperature\":0,\"max_tokens\":80}}"));
        var reasoning = Content(oneShot, "reasoning_content");
        Assert.StartsWith("\n another show. \nOne day, Annabyed and said, \"Hi, Kitty, I'm sorry. We can shake your shoes and s", reasoning); // §4.1
        Assert.Equal("", Content(oneShot));
        var half = Content(await FakeHttp.JsonAsync(url, Body($"{{\"messages\":[{Story}],\"temperature\":0,\"max_tokens\":40}}")), "reasoning_content");
        var partial = new JsonObject { ["role"] = "assistant", ["content"] = "", ["reasoning_content"] = half };
        var request = Body($"{{\"messages\":[{Story}],\"continue_final_message\":\"reasoning_content\",\"add_generation_prompt\":false,\"temperature\":0,\"max_tokens\":40,\"stream\":true}}");
        request["messages"]!.AsArray().Add(partial);
        var events = await FakeHttp.EventsAsync(url, request);
        Assert.Equal(reasoning, half + Deltas(events, "reasoning_content")); // §4.3b
    }

    [SkippableFact]
    public async Task Limits_OverContextIs400AndNTwoCountsOneChoiceAndAnyModelIsServed()
    {
        FakeHttp.SkipWithoutModel();
        await using var llama = await FakeLlamaCpp.StartAsync(new FakeEngineOptions { ContextSize = 40 });
        var tooLong = await FakeHttp.PostAsync(llama.Url + "/v1/chat/completions", Body($"{{\"messages\":[{Story}],\"stream\":true}}"));
        Assert.Equal((400, "{\"error\":{\"code\":400,\"message\":\"request (50 tokens) exceeds the available context size (40 tokens), try increasing it\",\"type\":\"exceed_context_size_error\",\"n_prompt_tokens\":50,\"n_ctx\":40}}"), tooLong);
        var two = await FakeHttp.JsonAsync(llama.Url + "/v1/completions", Body("{\"model\":\"gpt-4o\",\"prompt\":\"Once upon a time\",\"max_tokens\":4,\"temperature\":0,\"n\":2}"));
        Assert.Equal(2, two.GetProperty("choices").GetArrayLength());
        Assert.Equal(", there was a", two.GetProperty("choices")[1].GetProperty("text").GetString()); // §8c
        Assert.Equal(4, two.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
        Assert.Equal(FakeLlamaCpp.BuildInfo, two.GetProperty("system_fingerprint").GetString());
    }
}
