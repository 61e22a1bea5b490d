#pragma warning disable SCME0001, OPENAI001 // JsonPatch (extra request fields) and Seed are marked experimental in OpenAI 2.15.
using System.ClientModel;
using System.Text.Json;
using Dynasor.Server.Tests.Fakes;
using OpenAI;
using OpenAI.Chat;

namespace Dynasor.Server.Tests.Hosting;

/// <summary>The official OpenAI .NET SDK asking for a reward mode through its extra-body patch, whole and streamed.</summary>
[Collection(ServerCollection.Name)]
public sealed class RewardSdkTests(ServerFixture servers)
{
    private ChatClient Client => new("m", new ApiKeyCredential("unused"), new OpenAIClientOptions { Endpoint = new Uri(servers.InstantDynasorUrl + "/v1") });

    private static ChatCompletionOptions Options(string dynasor)
    {
        var options = new ChatCompletionOptions { Seed = 7 };
        options.Patch.Set("$.dynasor"u8, BinaryData.FromString(dynasor));
        return options;
    }

    [Fact]
    public async Task CompleteChat_Rebase_AnswerUsageAndDynasorObject()
    {
        ChatCompletion completion = await Client.CompleteChatAsync([new UserChatMessage("What is 17*23?")], Options("{\"mode\":\"rebase\",\"width\":6}"));

        Assert.Contains("\\boxed{", completion.Content[0].Text);
        Assert.Equal(ChatFinishReason.Stop, completion.FinishReason);
        Assert.True(completion.Usage.OutputTokenCount > 0);
        Assert.True(completion.Patch.TryGetJson("$.dynasor"u8, out ReadOnlyMemory<byte> json));
        var dynasor = JsonDocument.Parse(json).RootElement;
        Assert.Equal("rebase", dynasor.GetProperty("mode").GetString());
        Assert.Equal(6, dynasor.GetProperty("knob").GetProperty("cap").GetInt32());
        Assert.True(dynasor.GetProperty("upstream_tokens").GetInt64() > completion.Usage.OutputTokenCount);
    }

    [Fact]
    public async Task CompleteChatStreaming_Wsc_SameTextAsWhole()
    {
        var options = Options("{\"mode\":\"wsc\",\"max_samples\":4}");
        ChatCompletion whole = await Client.CompleteChatAsync([new UserChatMessage("What is 17*23?")], options);

        var text = "";
        ChatFinishReason? finish = null;
        await foreach (var update in Client.CompleteChatStreamingAsync([new UserChatMessage("What is 17*23?")], Options("{\"mode\":\"wsc\",\"max_samples\":4}")))
        {
            text += string.Concat(update.ContentUpdate.Select(p => p.Text));
            finish ??= update.FinishReason;
        }

        Assert.Equal(whole.Content[0].Text, text);
        Assert.Equal(ChatFinishReason.Stop, finish);
    }
}
