using System.Text.Json;
using System.Text.Json.Nodes;
using Dynasor.Server.Tests.EngineFakes.Protocol;

namespace Dynasor.Server.Tests.EngineFakes.Vllm;

[Collection(EngineFakesCollection.Name)]
public sealed class FakeVllmTests
{
    private static JsonObject Chat(string extra = "") => JsonNode.Parse(
        "{\"model\":\"stories\",\"messages\":[{\"role\":\"user\",\"content\":\"Tell me a story.\"}],\"temperature\":0" + extra + "}")!.AsObject();

    [SkippableFact]
    public async Task Chat_OneShotGreedy_EqualsThreeChunksContinuedOnTokenIds()
    {
        FakeHttp.SkipWithoutModel();
        await using var vllm = await FakeVllm.StartAsync();
        var whole = await FakeHttp.JsonAsync(vllm.Url + "/v1/chat/completions", Chat(",\"max_tokens\":60,\"return_token_ids\":true"));
        var ids = FakeHttp.Ints(whole.GetProperty("prompt_token_ids")).ToList();
        var promptLength = ids.Count;
        var text = "";
        for (var chunk = 0; chunk < 3; chunk++)
        {
            var part = await FakeHttp.JsonAsync(vllm.Url + "/v1/completions", new JsonObject
            {
                ["model"] = "stories", ["prompt"] = FakeHttp.Array(ids), ["max_tokens"] = 20, ["temperature"] = 0, ["return_token_ids"] = true,
            });
            var choice = part.GetProperty("choices")[0];
            ids.AddRange(FakeHttp.Ints(choice.GetProperty("token_ids")));
            text += choice.GetProperty("text").GetString();
        }
        var oneShot = whole.GetProperty("choices")[0];
        Assert.Equal(FakeHttp.Ints(oneShot.GetProperty("token_ids")), ids.Skip(promptLength));
        Assert.Equal(oneShot.GetProperty("message").GetProperty("content").GetString(), text);
    }

    [SkippableFact]
    public async Task Completions_ContinuingOnRetokenisedSampledText_LeavesTheTokenIdContinuation()
    {
        FakeHttp.SkipWithoutModel();
        await using var vllm = await FakeVllm.StartAsync();
        async Task<JsonElement> Complete(JsonNode prompt, int max, double temperature) => (await FakeHttp.JsonAsync(vllm.Url + "/v1/completions", new JsonObject
        {
            ["prompt"] = prompt, ["max_tokens"] = max, ["temperature"] = temperature, ["seed"] = 2, ["return_token_ids"] = true,
        })).GetProperty("choices")[0];
        // Sampled at temperature 2 the model writes "ly" as 411+419 ("l","y"); re-tokenised, the text merges them.
        var sampled = await Complete(FakeHttp.Array([1, 403, 407, 261, 378]), 20, 2);
        var generated = FakeHttp.Ints(sampled.GetProperty("token_ids"));
        var text = "Once upon a time" + sampled.GetProperty("text").GetString();
        Assert.Equal("Once upon a timeut livedly does and a friends. A little orep", text);
        var byIds = await Complete(FakeHttp.Array(new[] { 1, 403, 407, 261, 378 }.Concat(generated)), 20, 0);
        var byText = await Complete(text, 20, 0);
        Assert.Equal(25, byIds.GetProperty("prompt_token_ids").GetArrayLength());
        Assert.Equal(23, byText.GetProperty("prompt_token_ids").GetArrayLength());
        Assert.Equal("er was very happy. He had a big box of colors and a", byIds.GetProperty("text").GetString());
        Assert.Equal("lane was very happy. The old dog was very happy and wanted to play", byText.GetProperty("text").GetString());
    }

    [SkippableFact]
    public async Task Chat_Streamed_UsageOnlyInAFinalChunkWithNoChoicesAndReasoningUnderReasoning()
    {
        FakeHttp.SkipWithoutModel();
        await using var vllm = await FakeVllm.StartAsync(new FakeEngineOptions { Template = "deepseek-r1", ReasoningParser = true });
        var events = await FakeHttp.EventsAsync(vllm.Url + "/v1/chat/completions", Chat(
            ",\"max_tokens\":10,\"stream\":true,\"stream_options\":{\"include_usage\":true},\"chat_template_kwargs\":{\"enable_thinking\":true},\"return_token_ids\":true"));
        Assert.All(events[..^1], e => Assert.False(e.TryGetProperty("usage", out _)));
        Assert.True(events[0].TryGetProperty("prompt_token_ids", out _));
        var usage = events[^1];
        Assert.Equal(0, usage.GetProperty("choices").GetArrayLength());
        Assert.Equal(10, usage.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
        Assert.Equal(JsonValueKind.Null, usage.GetProperty("usage").GetProperty("prompt_tokens_details").ValueKind);
        var deltas = events.Where(e => e.GetProperty("choices").GetArrayLength() > 0).Select(e => e.GetProperty("choices")[0].GetProperty("delta")).ToList();
        Assert.Contains(deltas, d => d.TryGetProperty("reasoning", out _));
        Assert.DoesNotContain(deltas, d => d.TryGetProperty("reasoning_content", out _));
        Assert.Equal(10, events.Sum(e => e.GetProperty("choices").EnumerateArray().Sum(c => c.TryGetProperty("token_ids", out var t) ? t.GetArrayLength() : 0)));
    }

    [SkippableFact]
    public async Task Errors_AreVllmsBodies()
    {
        FakeHttp.SkipWithoutModel();
        await using var vllm = await FakeVllm.StartAsync(new FakeEngineOptions { ContextSize = 64 });
        var both = await FakeHttp.PostAsync(vllm.Url + "/v1/chat/completions", Chat(",\"continue_final_message\":true"));
        Assert.Equal(400, both.Status);
        Assert.Contains("Cannot set both `continue_final_message` and `add_generation_prompt` to True.", both.Body);
        var unknown = await FakeHttp.PostAsync(vllm.Url + "/v1/chat/completions", JsonNode.Parse("{\"model\":\"gpt-x\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")!);
        Assert.Equal(404, unknown.Status);
        Assert.Equal("{\"error\":{\"message\":\"The model `gpt-x` does not exist.\",\"type\":\"NotFoundError\",\"param\":\"model\",\"code\":404}}", unknown.Body);
        var tooLong = await FakeHttp.PostAsync(vllm.Url + "/v1/chat/completions", Chat(",\"max_tokens\":40"));
        Assert.Equal(400, tooLong.Status);
        Assert.Contains("You passed 49 input tokens and requested 40 output tokens. However, the model's context length is only 64 tokens", tooLong.Body);
    }

    [SkippableFact]
    public async Task Chat_ClientDisconnectsMidStream_GenerationEnds()
    {
        FakeHttp.SkipWithoutModel();
        var gate = new SemaphoreSlim(0);
        await using var vllm = await FakeVllm.StartAsync(new FakeEngineOptions { BeforeToken = ct => new ValueTask(gate.WaitAsync(ct)) });
        using var cts = new CancellationTokenSource();
        using var response = await Fakes.Http.PostAsync(vllm.Url + "/v1/chat/completions", Chat(",\"max_tokens\":500,\"stream\":true").ToJsonString(),
            option: HttpCompletionOption.ResponseHeadersRead);
        gate.Release();
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        Assert.StartsWith("data: ", await reader.ReadLineAsync());
        Assert.Equal(1, vllm.ActiveGenerations);
        response.Dispose();
        await vllm.WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, vllm.ActiveGenerations);
    }
}
