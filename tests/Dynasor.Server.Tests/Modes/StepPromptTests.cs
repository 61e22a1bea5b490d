using System.Text.Json;
using Dynasor.Engines;
using Dynasor.Rewards;
using Dynasor.Server.Modes;
using Dynasor.Server.OpenAi;

namespace Dynasor.Server.Tests.Modes;

/// <summary><see cref="StepPrompt"/>: the step-by-step system turn reaches every form an engine may send.</summary>
public sealed class StepPromptTests
{
    private static readonly RequestLimits Limits = new();

    private static ContinuationRequest Chat(string json) =>
        RequestParser.ParseChat(System.Text.Encoding.UTF8.GetBytes(json), Limits, new DynasorSettings()).ToContinuation(0, null);

    [Fact]
    public void Apply_ClientMessages_SystemTurnFirstInTurnsAndInTheForwardedMessages()
    {
        var request = Chat("{\"messages\":[{\"role\":\"user\",\"content\":\"q?\"}],\"top_k\":5,\"dynasor\":{\"mode\":\"rebase\"}}");

        var applied = StepPrompt.Apply(request);

        Assert.Equal([new ChatTurn("system", SolutionSteps.SystemPrompt), new ChatTurn("user", "q?")], applied.Messages);
        var fields = applied.ClientFields!.Value;
        var messages = fields.GetProperty("messages").EnumerateArray().Select(m => (m.GetProperty("role").GetString(), m.GetProperty("content").GetString())).ToList();
        Assert.Equal([("system", SolutionSteps.SystemPrompt), ("user", "q?")], messages);
        Assert.Equal(5, fields.GetProperty("top_k").GetInt32());
    }

    [Fact]
    public void Apply_TextCompletionPrompt_RenderedWithTheSystemTurn()
    {
        var request = RequestParser.ParseCompletion("{\"prompt\":\"q?\",\"dynasor\":{\"mode\":\"mcts\"}}"u8.ToArray(), Limits, new DynasorSettings()).ToContinuation(0, null);

        var applied = StepPrompt.Apply(request);

        Assert.Equal($"<|im_start|>system\n{SolutionSteps.SystemPrompt}<|im_end|>\n<|im_start|>user\nq?<|im_end|>\n<|im_start|>assistant\n", applied.Prompt);
        Assert.Equal("system", applied.Messages[0].Role);
    }

    [Theory]
    [InlineData("system")]
    [InlineData("developer")]
    public void Apply_ConversationWithItsOwnSystemTurn_LeftAsWritten(string role)
    {
        var request = Chat($"{{\"messages\":[{{\"role\":\"{role}\",\"content\":\"Be terse.\"}},{{\"role\":\"user\",\"content\":\"q?\"}}],\"dynasor\":{{\"mode\":\"bon\"}}}}");

        Assert.Same(request, StepPrompt.Apply(request));
    }

    [Fact]
    public void Apply_RequestBuiltInCode_OnlyTheTurnsChange()
    {
        var request = new ContinuationRequest([new ChatTurn("user", "q?")], "", 100, SamplingOptions.Default);

        var applied = StepPrompt.Apply(request);

        Assert.Null(applied.ClientFields);
        Assert.Null(applied.Prompt);
        Assert.Equal(2, applied.Messages.Count);
    }
}
