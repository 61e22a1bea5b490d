using System.Text.Json;
using System.Text.Json.Nodes;
using Dynasor.Server.Tests.EngineFakes.Protocol;

namespace Dynasor.Server.Tests.EngineFakes.Sglang;

[Collection(EngineFakesCollection.Name)]
public sealed class FakeSglangTests
{
    private static JsonObject Chat(string extra = "") => JsonNode.Parse(
        "{\"model\":\"stories\",\"messages\":[{\"role\":\"user\",\"content\":\"Tell me a story.\"}],\"temperature\":0" + extra + "}")!.AsObject();

    [SkippableFact]
    public async Task Chat_OneShotGreedy_EqualsThreeStreamedCompletionChunksOnTokenIds()
    {
        FakeHttp.SkipWithoutModel();
        await using var sglang = await FakeSglang.StartAsync();
        var whole = await FakeHttp.JsonAsync(sglang.Url + "/v1/chat/completions", Chat(",\"max_tokens\":60,\"return_token_ids\":true"));
        var ids = FakeHttp.Ints(whole.GetProperty("prompt_token_ids")).ToList();
        var promptLength = ids.Count;
        var text = "";
        for (var chunk = 0; chunk < 3; chunk++)
        {
            var events = await FakeHttp.EventsAsync(sglang.Url + "/v1/completions", new JsonObject
            {
                ["prompt"] = FakeHttp.Array(ids), ["max_tokens"] = 20, ["temperature"] = 0, ["return_token_ids"] = true, ["stream"] = true,
            });
            foreach (var choice in events.SelectMany(e => e.GetProperty("choices").EnumerateArray()))
            {
                ids.AddRange(FakeHttp.Ints(choice.GetProperty("token_ids")));
                text += choice.GetProperty("text").GetString();
            }
        }
        var oneShot = whole.GetProperty("choices")[0];
        Assert.Equal(FakeHttp.Ints(oneShot.GetProperty("token_ids")), ids.Skip(promptLength));
        Assert.Equal(oneShot.GetProperty("message").GetProperty("content").GetString(), text);
    }

    [SkippableFact]
    public async Task Chat_StreamWithReturnTokenIds_IsATopLevelError()
    {
        FakeHttp.SkipWithoutModel();
        await using var sglang = await FakeSglang.StartAsync();
        var (status, body) = await FakeHttp.PostAsync(sglang.Url + "/v1/chat/completions", Chat(",\"stream\":true,\"return_token_ids\":true"));
        Assert.Equal(400, status);
        var error = JsonDocument.Parse(body).RootElement;
        Assert.Equal("error", error.GetProperty("object").GetString());
        Assert.Equal(400, error.GetProperty("code").GetInt32());
    }

    [SkippableFact]
    public async Task ReasoningParser_ShowsInServerInfoAndAnswersInReasoningContent()
    {
        FakeHttp.SkipWithoutModel();
        await using var sglang = await FakeSglang.StartAsync(new FakeEngineOptions { Template = "deepseek-r1", ReasoningParser = true });
        var (_, info) = await FakeHttp.GetAsync(sglang.Url + "/get_server_info");
        Assert.Equal("deepseek-r1", JsonDocument.Parse(info).RootElement.GetProperty("reasoning_parser").GetString());
        var answer = await FakeHttp.JsonAsync(sglang.Url + "/v1/chat/completions", Chat(",\"max_tokens\":8,\"chat_template_kwargs\":{\"enable_thinking\":true}"));
        var message = answer.GetProperty("choices")[0].GetProperty("message");
        Assert.StartsWith(" another show.", message.GetProperty("reasoning_content").GetString());
        Assert.Equal(JsonValueKind.Null, message.GetProperty("content").ValueKind);
    }

    [SkippableFact]
    public async Task ContinueFinalMessage_AppendsTheTextAfterAGenerationPrompt()
    {
        FakeHttp.SkipWithoutModel();
        await using var sglang = await FakeSglang.StartAsync();
        var request = Chat(",\"continue_final_message\":true");
        request["messages"]!.AsArray().Add(new JsonObject { ["role"] = "assistant", ["content"] = "Once upon a time" });
        var tokens = FakeHttp.Ints((await FakeHttp.JsonAsync(sglang.Url + "/tokenize", request)).GetProperty("tokens"));
        var expected = Model.FakeModel.Shared.Tokenize("<|im_start|>user\nTell me a story.<|im_end|>\n<|im_start|>assistant\nOnce upon a time", false, true);
        Assert.Equal(expected, tokens);
    }
}
