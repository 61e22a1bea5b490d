#pragma warning disable SCME0001, OPENAI001 // JsonPatch (extra request fields) and Seed are marked experimental in OpenAI 2.15.
using System.ClientModel;
using System.Text.Json;
using Dynasor.Server.Tests.Fakes;
using OpenAI;
using OpenAI.Chat;

namespace Dynasor.Server.Tests.Hosting;

/// <summary>The official OpenAI .NET SDK against the Dynasor server over loopback.</summary>
[Collection(ServerCollection.Name)]
public sealed class ChatSdkTests(ServerFixture servers)
{
    private static ChatClient Client(string url) =>
        new("m", new ApiKeyCredential("unused"), new OpenAIClientOptions { Endpoint = new Uri(url + "/v1") });

    [Fact]
    public async Task CompleteChat_NonStreaming_ReturnsEngineTextUsageAndDynasorObject()
    {
        var options = new ChatCompletionOptions { MaxOutputTokenCount = 100, Temperature = 0.6f, Seed = 3 };
        options.Patch.Set("$.dynasor"u8, BinaryData.FromString("{\"mode\":\"off\",\"effort\":\"high\"}"));

        ChatCompletion completion = await Client(servers.Url).CompleteChatAsync([new UserChatMessage("What is 6*7?")], options);

        Assert.Equal(ScriptedEngine.TextOf(5), completion.Content[0].Text);
        Assert.Equal(ChatFinishReason.Stop, completion.FinishReason);
        Assert.Equal(5, completion.Usage.OutputTokenCount);
        Assert.Equal("m", completion.Model);
        Assert.True(completion.Patch.TryGetJson("$.dynasor"u8, out ReadOnlyMemory<byte> dynasor));
        var summary = JsonDocument.Parse(dynasor).RootElement;
        Assert.Equal("off", summary.GetProperty("mode").GetString());
        Assert.Equal(5, summary.GetProperty("upstream_tokens").GetInt32());
    }

    [Fact]
    public async Task CompleteChat_SdkExtraDynasorObject_ReachesServer()
    {
        // An unknown effort is refused by the server naming the field: proof the SDK's extra top-level object arrived.
        var options = new ChatCompletionOptions();
        options.Patch.Set("$.dynasor"u8, BinaryData.FromString("{\"mode\":\"off\",\"effort\":\"extreme\"}"));

        var error = await Assert.ThrowsAsync<ClientResultException>(() => Client(servers.Url).CompleteChatAsync([new UserChatMessage("q")], options));

        Assert.Equal(400, error.Status);
        Assert.Contains("dynasor.effort", error.Message);
    }

    [Fact]
    public async Task CompleteChat_SamplingParameters_ReachEngine()
    {
        var options = new ChatCompletionOptions { MaxOutputTokenCount = 3, Temperature = 0.5f, TopP = 0.9f, Seed = 11, StopSequences = { "END" } };

        ChatCompletion completion = await Client(servers.Url).CompleteChatAsync([new SystemChatMessage("be brief"), new UserChatMessage("q?")], options);

        Assert.Equal(ChatFinishReason.Length, completion.FinishReason);
        Assert.Equal(ScriptedEngine.TextOf(3), completion.Content[0].Text);
    }

    [Fact]
    public async Task CompleteChatStreaming_StreamsEveryTokenThenFinishAndUsage()
    {
        var text = "";
        ChatFinishReason? finish = null;
        ChatTokenUsage? usage = null;
        var ids = new HashSet<string>();
        await foreach (var update in Client(servers.Url).CompleteChatStreamingAsync([new UserChatMessage("What is 6*7?")]))
        {
            ids.Add(update.CompletionId);
            text += string.Concat(update.ContentUpdate.Select(p => p.Text));
            finish ??= update.FinishReason;
            usage ??= update.Usage;
        }

        Assert.Equal(ScriptedEngine.TextOf(5), text);
        Assert.Equal(ChatFinishReason.Stop, finish);
        Assert.Single(ids);
        Assert.NotNull(usage);
        Assert.Equal(5, usage.OutputTokenCount);
    }

    [Fact]
    public async Task CompleteChatStreaming_ThroughHttpUpstream_PassesTextThrough()
    {
        var text = "";
        await foreach (var update in Client(servers.InFront("ok")).CompleteChatStreamingAsync([new UserChatMessage("q")]))
            text += string.Concat(update.ContentUpdate.Select(p => p.Text));

        Assert.Equal("The answer 42", text);
    }
}
