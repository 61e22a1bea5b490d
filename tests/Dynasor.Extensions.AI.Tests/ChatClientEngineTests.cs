using System.ClientModel;
using System.ClientModel.Primitives;
using Dynasor.Engines;
using Dynasor.Extensions.AI.Tests.Fakes;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAI.Chat;
using ChatFinishReason = Microsoft.Extensions.AI.ChatFinishReason;
using ChatMessage = Microsoft.Extensions.AI.ChatMessage;

namespace Dynasor.Extensions.AI.Tests;

/// <summary><see cref="ChatClientEngine"/>: a continuation request as one inner streaming call.</summary>
public sealed class ChatClientEngineTests
{
    private static readonly ContinuationRequest Fresh = new([new ChatTurn("user", "What is 6*7?")], "", 50, new SamplingOptions(0.6, 0.95, 7, ["STOP"]));

    [Fact]
    public async Task StreamAsync_FreshTurn_SendsConversationAndSampling()
    {
        var inner = new FakeChatClient { StreamCallback = (_, _, _) => Updates(["a", "b"], usage: null) };
        var engine = new ChatClientEngine(inner, ChatContinuation.None);

        var tokens = await engine.StreamAsync(Fresh with { Model = "m2" }).ToListAsync();

        var (messages, options) = Assert.Single(inner.Calls);
        Assert.Equal("What is 6*7?", Assert.Single(messages).Text);
        Assert.Equal((50, 0.6f, 0.95f, 7L, "m2"), (options!.MaxOutputTokens, options.Temperature, options.TopP, options.Seed, options.ModelId));
        Assert.Equal(["STOP"], options.StopSequences!);
        Assert.Equal("ab", string.Concat(tokens.Select(t => t.Text)));
        Assert.Equal(2, tokens.Sum(t => t.Tokens));
    }

    [Fact]
    public async Task StreamAsync_UsageReportsMoreTokensThanUpdates_RestCountedOnLastPiece()
    {
        var inner = new FakeChatClient { StreamCallback = (_, _, _) => Updates(["ab", "cd", "ef"], usage: new UsageDetails { OutputTokenCount = 9, InputTokenCount = 12 }) };
        var engine = new ChatClientEngine(inner, ChatContinuation.None);

        var tokens = await engine.StreamAsync(Fresh).ToListAsync();

        Assert.Equal(9, tokens.Sum(t => t.Tokens));
        Assert.Equal(6, tokens[^1].Tokens);
        Assert.Equal("length", tokens[^1].FinishReason);
        Assert.Equal(12, tokens[^1].Report!.PromptTokens);
    }

    [Fact]
    public async Task StreamAsync_PartialTurn_SentAsTrailingAssistantMessageAfterCallersMessages()
    {
        var inner = new FakeChatClient { StreamCallback = (_, _, _) => Updates(["c"], usage: null) };
        var conversation = new List<ChatMessage> { new(ChatRole.System, "be brief"), new(ChatRole.User, "What is 6*7?") };
        var engine = new ChatClientEngine(inner, ChatContinuation.TrailingAssistantMessage, conversation, new ChatOptions { TopK = 5 });

        await engine.StreamAsync(Fresh with { AssistantPrefix = "<think>\nSo", Suffix = " probe{" }).ToListAsync();

        var (messages, options) = Assert.Single(inner.Calls);
        Assert.Equal(["system", "user", "assistant"], messages.Select(m => m.Role.Value));
        Assert.Equal("<think>\nSo probe{", messages[^1].Text);
        Assert.Equal(5, options!.TopK);
    }

    [Fact]
    public async Task StreamAsync_PartialTurnWithoutContinuation_RefusedWithFix()
    {
        var engine = new ChatClientEngine(new FakeChatClient(), ChatContinuation.None);

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => engine.StreamAsync(Fresh with { AssistantPrefix = "So" }).ToListAsync().AsTask());

        Assert.Contains("ChatContinuation.TrailingAssistantMessage", e.Message);
    }

    [Fact]
    public void Continuation_Auto_OpenAiClientContinuesWithFlagsOthersDoNot()
    {
        var openAi = new OpenAIClient(new ApiKeyCredential("unused"), new OpenAIClientOptions { Endpoint = new Uri("http://127.0.0.1:9/v1") }).GetChatClient("m").AsIChatClient();

        Assert.Same(ChatContinuation.ContinueFinalMessage, new ChatClientEngine(openAi, ChatContinuation.Auto).Continuation);
        Assert.Same(ChatContinuation.None, new ChatClientEngine(new FakeChatClient(), ChatContinuation.Auto).Continuation);
        Assert.Same(ChatContinuation.TrailingAssistantMessage, new ChatClientEngine(openAi, ChatContinuation.TrailingAssistantMessage).Continuation);
    }

    [Fact]
    public void ContinueFinalMessage_CallersRawFactory_KeptAndVllmFlagsAdded()
    {
        var options = new ChatOptions { RawRepresentationFactory = _ => new ChatCompletionOptions { FrequencyPenalty = 0.5f } };

        var prepared = ChatContinuation.ContinueFinalMessage.Prepare(options);
        var raw = (ChatCompletionOptions)prepared.RawRepresentationFactory!(new FakeChatClient())!;
        var json = ModelReaderWriter.Write(raw).ToString();

        Assert.Contains("\"continue_final_message\":true", json);
        Assert.Contains("\"add_generation_prompt\":false", json);
        Assert.Contains("\"frequency_penalty\":0.5", json);
    }

    private static async IAsyncEnumerable<ChatResponseUpdate> Updates(string[] pieces, UsageDetails? usage)
    {
        await Task.Yield();
        foreach (var piece in pieces)
            yield return new ChatResponseUpdate(ChatRole.Assistant, piece);
        yield return new ChatResponseUpdate { FinishReason = ChatFinishReason.Length, Contents = usage is null ? [] : [new UsageContent(usage)] };
    }
}
