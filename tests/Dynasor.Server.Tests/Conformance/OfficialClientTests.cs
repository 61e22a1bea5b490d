#pragma warning disable OPENAI001 // Seed is marked experimental in OpenAI 2.15.
using System.ClientModel;
using Dynasor.Server.Tests.EngineFakes;
using OpenAI;
using OpenAI.Chat;

namespace Dynasor.Server.Tests.Conformance;

/// <summary>
/// The official OpenAI .NET SDK through Dynasor (mode off) in front of vLLM's dialect: what the SDK reads (a streamed
/// tool call, logprobs, usage with cached-token details) arrives as the engine sent it.
/// </summary>
[Collection(EngineFakesCollection.Name)]
public sealed class OfficialClientTests
{
    private static ChatClient Client(string url) => new("stories", new ApiKeyCredential("unused"), new OpenAIClientOptions { Endpoint = new Uri(url + "/v1") });

    [SkippableFact]
    public async Task Sdk_StreamedToolCall_ArrivesWithItsNameArgumentsAndFinishReason()
    {
        FakeHttp.SkipWithoutModel();
        await using var engine = await EngineUnderTest.StartAsync("vllm");
        var options = new ChatCompletionOptions { Tools = { ChatTool.CreateFunctionTool("get_weather", "The weather", BinaryData.FromString("{\"type\":\"object\",\"properties\":{}}")) },
            ToolChoice = ChatToolChoice.CreateFunctionChoice("get_weather") };

        string? name = null;
        var arguments = "";
        ChatFinishReason? finish = null;
        await foreach (var update in Client(engine.Dynasor.Url).CompleteChatStreamingAsync([new UserChatMessage("Weather?")], options))
        {
            foreach (var call in update.ToolCallUpdates)
            {
                name ??= call.FunctionName;
                arguments += call.FunctionArgumentsUpdate?.ToString();
            }
            finish ??= update.FinishReason;
        }

        Assert.Equal(("get_weather", "{}", ChatFinishReason.ToolCalls), (name, arguments, finish));
    }

    [SkippableFact]
    public async Task Sdk_Logprobs_SameAsFromTheEngineDirectly()
    {
        FakeHttp.SkipWithoutModel();
        await using var engine = await EngineUnderTest.StartAsync("vllm");
        var options = new ChatCompletionOptions { MaxOutputTokenCount = 6, Temperature = 0, IncludeLogProbabilities = true, TopLogProbabilityCount = 2, Seed = 1 };

        ChatCompletion direct = await Client(engine.Engine.Url).CompleteChatAsync([new UserChatMessage("Tell me a story.")], options);
        ChatCompletion through = await Client(engine.Dynasor.Url).CompleteChatAsync([new UserChatMessage("Tell me a story.")], options);

        Assert.Equal(6, through.ContentTokenLogProbabilities.Count);
        Assert.Equal(direct.ContentTokenLogProbabilities.Select(p => (p.Token, p.LogProbability, p.TopLogProbabilities.Count)),
            through.ContentTokenLogProbabilities.Select(p => (p.Token, p.LogProbability, p.TopLogProbabilities.Count)));
        Assert.Equal(direct.Usage.InputTokenCount, through.Usage.InputTokenCount);
    }
}
