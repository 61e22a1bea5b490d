using System.Text.Json.Nodes;

namespace Dynasor.Server.Tests.EngineFakes.OpenAi;

[Collection(EngineFakesCollection.Name)]
public sealed class FakeOpenAiTests
{
    [SkippableFact]
    public async Task Chat_OneShotGreedy_EqualsThreeTextCompletionChunksAndStreamMatchesWhole()
    {
        // The plain dialect takes no token ids: chunks continue on the rendered prompt text, which is exact here
        // because this model's greedy output is canonically tokenised (llamacpp-observed.md §7).
        FakeHttp.SkipWithoutModel();
        await using var openAi = await FakeOpenAi.StartAsync();
        const string Chat = "{\"model\":\"stories\",\"messages\":[{\"role\":\"user\",\"content\":\"Tell me a story.\"}],\"temperature\":0,\"max_tokens\":60";
        var whole = await FakeHttp.JsonAsync(openAi.Url + "/v1/chat/completions", JsonNode.Parse(Chat + "}")!);
        var content = whole.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString();
        var text = "";
        for (var chunk = 0; chunk < 3; chunk++)
        {
            var part = await FakeHttp.JsonAsync(openAi.Url + "/v1/completions", new JsonObject
            {
                ["model"] = "stories", ["prompt"] = "<|im_start|>user\nTell me a story.<|im_end|>\n<|im_start|>assistant\n" + text, ["max_tokens"] = 20, ["temperature"] = 0,
            });
            text += part.GetProperty("choices")[0].GetProperty("text").GetString();
        }
        Assert.Equal(content, text);
        var events = await FakeHttp.EventsAsync(openAi.Url + "/v1/chat/completions", JsonNode.Parse(Chat + ",\"stream\":true,\"stream_options\":{\"include_usage\":true}}")!);
        Assert.Equal(content, string.Concat(events.Where(e => e.GetProperty("choices").GetArrayLength() > 0)
            .Select(e => e.GetProperty("choices")[0].GetProperty("delta").TryGetProperty("content", out var c) ? c.GetString() : "")));
        Assert.Equal(60, events[^1].GetProperty("usage").GetProperty("completion_tokens").GetInt32());
    }
}
