using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dynasor.Server.Tests.EngineFakes.Ollama;

[Collection(EngineFakesCollection.Name)]
public sealed class FakeOllamaTests
{
    private const string ChatPrompt = "<|im_start|>user\nTell me a story.<|im_end|>\n<|im_start|>assistant\n";

    private static List<JsonElement> Lines(string body) =>
        body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();

    [SkippableFact]
    public async Task Chat_OneShotGreedy_EqualsThreeRawGenerateChunks()
    {
        // Ollama takes no token ids: its exact route is /api/generate with raw:true and the rendered prompt, which is
        // exact here because this model's greedy output is canonically tokenised (llamacpp-observed.md §7).
        FakeHttp.SkipWithoutModel();
        await using var ollama = await FakeOllama.StartAsync();
        var whole = await FakeHttp.JsonAsync(ollama.Url + "/v1/chat/completions", JsonNode.Parse(
            "{\"model\":\"stories\",\"messages\":[{\"role\":\"user\",\"content\":\"Tell me a story.\"}],\"temperature\":0,\"max_tokens\":60,\"n\":3,\"priority\":5}")!);
        Assert.Equal(1, whole.GetProperty("choices").GetArrayLength());
        Assert.Equal("fp_ollama", whole.GetProperty("system_fingerprint").GetString());
        var text = "";
        for (var chunk = 0; chunk < 3; chunk++)
        {
            var (status, body) = await FakeHttp.PostAsync(ollama.Url + "/api/generate", new JsonObject
            {
                ["model"] = "stories", ["prompt"] = ChatPrompt + text, ["raw"] = true,
                ["options"] = new JsonObject { ["num_predict"] = 20, ["temperature"] = 0 },
            });
            Assert.Equal(200, status);
            var lines = Lines(body);
            Assert.True(lines[^1].GetProperty("done").GetBoolean());
            Assert.Equal(20, lines[^1].GetProperty("eval_count").GetInt32());
            Assert.False(lines[^1].TryGetProperty("context", out _));
            text += string.Concat(lines.Select(l => l.GetProperty("response").GetString()));
        }
        Assert.Equal(whole.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString(), text);
    }

    [SkippableFact]
    public async Task Generate_NotRaw_ReturnsContextIdsAndUnknownModelIs404()
    {
        FakeHttp.SkipWithoutModel();
        await using var ollama = await FakeOllama.StartAsync();
        var answer = await FakeHttp.JsonAsync(ollama.Url + "/api/generate", JsonNode.Parse(
            "{\"model\":\"stories:latest\",\"prompt\":\"Tell me a story.\",\"stream\":false,\"options\":{\"num_predict\":5,\"temperature\":0}}")!);
        var context = FakeHttp.Ints(answer.GetProperty("context"));
        Assert.Equal(answer.GetProperty("prompt_eval_count").GetInt32() + 5, context.Length);
        Assert.Equal(answer.GetProperty("response").GetString(), Model.FakeModel.Shared.Detokenize(context[^5..]));
        Assert.Equal("length", answer.GetProperty("done_reason").GetString());
        var (status, body) = await FakeHttp.PostAsync(ollama.Url + "/api/chat", JsonNode.Parse("{\"model\":\"llama3\",\"messages\":[]}")!);
        Assert.Equal((404, "{\"error\":\"model 'llama3' not found\"}"), (status, body));
        Assert.Equal((200, "Ollama is running"), await FakeHttp.GetAsync(ollama.Url + "/"));
    }
}
